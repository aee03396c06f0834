"""Closed lists in the domain's words: legal bases, housing forms, roles, outcomes.

Each entry: code stored in the case file, Danish label, English label, and extra spellings a
user may type (matched case-insensitively, with or without Danish letters).
"""

from typing import NamedTuple

from efter.core.errors import InvalidInput, field_of
from efter.core.i18n import N_, t
from efter.core.text import fold_danish


class Term(NamedTuple):  # a NamedTuple, not a dataclass: every command imports this module
    code: str
    da: str
    en: str
    aliases: tuple[str, ...] = ()

    def label(self, lang: str = "da") -> str:
        return self.da if lang == "da" else self.en


LEGAL_BASES = (
    Term("bl46", "Barnets lov § 46 (anbringelse med samtykke)", "Barnets lov § 46 (placement with consent)", ("46", "§46", "§ 46")),
    Term("bl47", "Barnets lov § 47 (anbringelse uden samtykke)", "Barnets lov § 47 (placement without consent)", ("47", "§47", "§ 47")),
    Term("bl32", "Barnets lov § 32 (kontaktperson)", "Barnets lov § 32 (contact person)", ("32", "§32", "§ 32", "kontaktperson")),
    Term("bl113", "Barnets lov §§ 113-116 (ungestøtte)", "Barnets lov §§ 113-116 (support after 18)", ("113", "114", "115", "116", "§ 113", "§ 114", "§ 115", "§ 116", "§114", "ungestøtte", "ungestotte")),
    # Repealed on 1 January 2024 (Barnets lov took over): readable on old cases only.
    Term("sel52", "Serviceloven § 52 (før 1. januar 2024)", "Social Services Act § 52 (before 1 January 2024)", ("52", "§52", "§ 52", "Serviceloven § 52")),
    Term("sel76", "Serviceloven § 76 (efterværn, før 1. januar 2024)", "Social Services Act § 76 (aftercare, before 1 January 2024)", ("76", "§76", "§ 76", "efterværn", "eftervaern", "Serviceloven § 76")),
)  # fmt: skip

HOUSING_FORMS = (
    Term("doegninstitution", "Døgninstitution", "Residential institution", ("døgninstitution", "institution")),
    Term("opholdssted", "Opholdssted", "Residential home"),
    Term("plejefamilie", "Plejefamilie", "Foster family", ("foster-family",)),
    Term("netvaerksplejefamilie", "Netværksplejefamilie", "Kinship foster family", ("netværksplejefamilie", "kinship")),
    Term("vaertsfamilie", "Værtsfamilie", "Host family", ("værtsfamilie", "host-family")),
    Term("egen-bolig", "Egen bolig", "Own home", ("egen bolig", "own-home", "own home")),
    Term("kollegium", "Kollegium", "Student residence"),
    Term("bofaellesskab", "Bofællesskab", "Shared housing", ("bofællesskab", "shared")),
    Term("hos-foraeldre", "Hos forældre", "With parents", ("hos forældre", "hos-forældre", "parents")),
    Term("other", "Andet", "Other", ("andet",)),
)  # fmt: skip

TEAM_ROLES = (
    Term("myndighedsrådgiver", "Myndighedsrådgiver", "Case worker", ("raadgiver", "rådgiver", "caseworker", "case-worker")),
    Term("ungevejleder", "Ungevejleder", "Youth guidance counsellor", ("uu-vejleder", "uu", "vejleder")),
    Term("jobcenter", "Jobcenterrådgiver", "Job centre adviser", ("jobcenterrådgiver", "jobcenterraadgiver", "job-centre", "job centre")),
    Term("kontaktperson", "Fast kontaktperson (§ 32 / § 114)", "Fixed contact person (§ 32 / § 114)", ("fast kontaktperson", "fast-kontaktperson", "contact person")),
    Term("anbringelsessted", "Kontaktperson på anbringelsesstedet", "Contact person at the placement", ("kontaktperson på anbringelsesstedet", "placement site", "placement-contact")),
    Term("plejefamilie", "Plejefamilie (anbringelsessted)", "Foster family (placement)", ("plejeforældre", "plejefar", "plejemor", "foster-family", "foster family")),
    Term("uddannelsessted", "Vejleder på uddannelsesstedet", "Adviser at the place of education", ("skole", "school", "vejleder på uddannelsesstedet", "studievejleder")),
    Term("behandling", "Behandler", "Therapist", ("behandler", "behandlingstilbud", "treatment", "therapist")),
    Term("mentor", "Mentor", "Mentor"),
    Term("bostøtte", "Bostøttemedarbejder", "Housing support worker", ("bostotte", "bostøttemedarbejder", "bostoettemedarbejder", "housing-support")),
    Term("other", "Anden fagperson", "Other professional", ("andet", "anden")),
)  # fmt: skip

NETWORK_ROLES = (
    Term("mor", "Mor", "Mother", ("mother",)),
    Term("far", "Far", "Father", ("father",)),
    Term("søskende", "Søskende", "Sibling", ("soskende", "soeskende", "sibling", "bror", "søster")),
    Term("bedsteforælder", "Bedsteforælder", "Grandparent", ("bedsteforaelder", "bedstemor", "bedstefar", "mormor", "morfar", "farmor", "farfar", "grandparent")),
    Term("onkel-tante", "Onkel, moster eller faster", "Uncle or aunt", ("onkel", "moster", "faster", "tante", "uncle", "aunt")),
    Term("plejefamilie", "Plejefamilie", "Foster family", ("foster-family",)),
    Term("tidligere-plejefamilie", "Tidligere plejefamilie", "Former foster family", ("tidligere plejefamilie", "former foster family", "former-foster-family")),
    Term("værtsfamilie", "Værtsfamilie", "Host family", ("vaertsfamilie", "host-family")),
    Term("perifer-voksen", "Voksen fra netværket", "Adult from the network", ("perifer voksen", "peripheral-adult", "voksen fra netværket", "voksen", "adult")),
    Term("kæreste", "Kæreste", "Partner", ("kaereste", "partner", "boyfriend", "girlfriend")),
    Term("ven", "Ven", "Friend", ("friend", "veninde")),
    Term("frivillig", "Frivillig", "Volunteer", ("volunteer",)),
    Term("other", "Anden relation", "Other relation", ("andet", "anden", "anden relation")),
)  # fmt: skip

# The network map's rings: how close a person is to the young person (recorded per person).
CLOSENESS = (
    Term("close", "Tæt", "Close", ("tæt", "taet", "inderst", "inner")),
    Term("middle", "Mellem", "Middle", ("mellem", "midt", "mid")),
    Term("distant", "Fjern", "Distant", ("fjern", "yderst", "outer", "far")),
)

OUTCOMES = (
    Term("education", "I uddannelse", "In education", ("uddannelse",)),
    Term("job", "I job", "In a job", ("beskæftigelse", "arbejde", "work")),
    Term("both", "I uddannelse og job", "In education and a job", ("begge", "uddannelse og job")),
    Term("neither", "Hverken i uddannelse eller job", "Neither in education nor in a job", ("ingen", "none", "hverken uddannelse eller job", "neither", "hverken")),
    Term("unknown", "Ukendt", "Unknown", ("ukendt",)),
)  # fmt: skip

# What a consent covers (efter consent give --about): kinds of information, in the words of a
# samtykkeerklæring. Health, mental well-being and substance use are GDPR art. 9 data: the
# private network has no duty of confidentiality, so these go to professionals only unless the
# young person says otherwise (--health-to-network).
CONSENT_AREAS = (
    Term("uddannelse", "Uddannelse og beskæftigelse", "Education and employment", ("uddannelse og beskæftigelse", "education", "job", "beskæftigelse", "skole")),
    Term("oekonomi", "Økonomi og forsørgelse", "Money and income", ("økonomi", "okonomi", "forsørgelse", "money", "income")),
    Term("bolig", "Bolig", "Housing", ("housing",)),
    Term("familie", "Familie og netværk", "Family and network", ("familie og netværk", "netværk", "family", "network")),
    Term("helbred", "Fysisk helbred", "Physical health", ("fysisk helbred", "fysisk", "health")),
    Term("psykisk", "Psykisk trivsel", "Mental well-being", ("psykisk trivsel", "trivsel", "mental")),
    Term("rusmidler", "Rusmidler", "Drugs and alcohol", ("misbrug", "alkohol", "drugs", "substance-use")),
    Term("aftaler", "Mål, aftaler og status fra netværksmøderne", "Goals, agreements and status from the network meetings", ("mål", "maal", "aftaler", "goals", "agreements", "status")),
    Term("akter", "Sagens akter (afgørelser og planer)", "Case records (decisions and plans)", ("sagens akter", "sagen", "case", "records")),
)  # fmt: skip
HEALTH_AREAS = ("helbred", "psykisk", "rusmidler")

# Ratings on life areas: the phase of a rating and who rated (efter.core.ratings).
PHASES = (
    Term("start", "Start", "Start", ("begyndelse", "første", "first")),
    Term("meeting", "Møde", "Meeting", ("møde", "moede", "opfølgning", "follow-up")),
    Term("end", "Slut", "End", ("slut", "afslutning", "sidste", "last")),
)
RATERS = (
    Term("youth", "Den unge", "The young person", ("ung", "unge", "den-unge", "young")),
    Term(
        "professional",
        "Fagperson",
        "Professional",
        ("fagperson", "fagpersoner", "pro", "koordinator"),
    ),
)

# Meetings (efter.core.meetings): what kind of meeting, and what became of it.
MEETING_KINDS = (
    Term("start", "Startmøde", "Start meeting", ("startmode", "opstart", "opstartsmøde")),
    Term("network", "Netværksmøde", "Network meeting", ("netværk", "møde")),
    Term("milestone", "Milepælsmøde", "Milestone meeting", ("milepæl",)),
    Term("end", "Afslutningsmøde", "Closing meeting", ("slut", "afslutning", "closing")),
)
MEETING_STATUSES = (
    Term("planned", "Planlagt", "Planned"),
    Term("held", "Afholdt", "Held"),
    Term("cancelled", "Aflyst", "Cancelled", ("canceled",)),
    Term("no-show", "Udeblevet", "No-show", ("udeblev", "noshow")),
)

# Goals (efter.core.goals).
GOAL_STATUSES = (
    Term("open", "Åben", "Open", ("aaben", "aben", "igang", "i gang")),
    Term("achieved", "Nået", "Achieved", ("naaet", "naet", "done", "reached")),
    Term("dropped", "Opgivet", "Dropped", ("droppet",)),
)

# Agreements (efter.core.agreements). One word for each outcome in every document, form and
# report: a kept agreement is "Gennemført", a dropped one "Bortfaldet" (the agreement lapses;
# nobody "gives up").
AGREEMENT_STATUSES = (
    Term("open", "Åben", "Open", ("aben", "igang", "i gang")),
    Term("done", "Gennemført", "Kept", ("overholdt", "udført", "opfyldt", "holdt")),
    Term("dropped", "Bortfaldet", "Dropped", ("droppet", "opgivet", "annulleret")),
)
AGREEMENT_EVENTS = (
    Term("kept", "Gennemført", "Kept"),
    Term("moved", "Ny frist", "Moved"),
    Term("dropped", "Bortfaldet", "Dropped"),
    Term("still-open", "Stadig åben", "Still open"),
    Term("reopened", "Genåbnet", "Reopened"),
)

# The fields an edit command changes, as its confirmation and a history table name them:
# field -> (Danish, English). The English is the option that sets the field (what the English
# output has always said); the Danish is the field's own word. Not a list a person types
# (two fields may share a word: owner and owner_member_id are both the owner).
FIELD_WORDS: dict[str, tuple[str, str]] = {
    "ref": ("sagsnummer", "ref"),
    "name": ("navn", "name"),
    "born": ("fødselsdato", "born"),
    "cpr": ("CPR-nummer", "cpr"),
    "municipality": ("handlekommune", "municipality"),
    "home_municipality": ("opvækstkommune", "home_municipality"),
    "legal_basis": ("lovgrundlag", "legal_basis"),
    "placed_from": ("anbragt fra", "placed_from"),
    "placement_site": ("anbringelsessted", "placement_site"),
    "housing": ("boform", "housing"),
    "programme": ("program", "programme"),
    "cohort": ("hold", "cohort"),
    "coordinator": ("koordinator", "coordinator"),
    "start": ("startdato", "start"),
    "note": ("bemærkning", "note"),
    "phone": ("telefon", "phone"),
    "email": ("e-mail", "email"),
    "address": ("adresse", "address"),
    "role": ("rolle", "role"),
    "organisation": ("organisation", "organisation"),
    "closeness": ("nærhed", "closeness"),
    "started": ("startdato", "from"),
    "ended": ("slutdato", "to"),
    "what": ("hvad", "what"),
    "owner": ("ansvarlig", "owner"),
    "owner_member_id": ("ansvarlig", "owner"),
    "due": ("frist", "due"),
    "first_due": ("første frist", "first due date"),
    "goal_id": ("mål", "goal"),
    "parent_id": ("overordnet mål", "parent"),
    "text": ("tekst", "text"),
    "area": ("livsområde", "area"),
    "place": ("sted", "place"),
    "leader": ("mødeleder", "leader"),
    "minute_taker": ("referent", "minute-taker"),
    "duration": ("varighed", "duration"),
    "status": ("status", "status"),
    "kind": ("slags", "kind"),
    "weeks": ("uger", "weeks"),
    "can_help": ("kan hjælpe med", "can help"),
    "label_da": ("dansk navn", "label_da"),
    "label_en": ("engelsk navn", "label_en"),
    "code": ("kode", "code"),
}


def field_word(field: str, lang: str = "da") -> str:
    """A record's field as a person reads it (FIELD_WORDS), or the field itself."""
    words = FIELD_WORDS.get(field)
    return field if words is None else words[0 if lang == "da" else 1]


# What happened to a record, in its history table: a correction, or an agreement's follow-up.
HISTORY_EVENTS = (
    Term("edited", "rettet", "edited"),
    Term("kept", "gennemført", "kept"),
    Term("moved", "ny frist", "moved"),
    Term("dropped", "bortfaldet", "dropped"),
    Term("still-open", "stadig åben", "still-open"),
    Term("reopened", "genåbnet", "reopened"),
)


def _fold(text: str) -> str:
    return fold_danish(text).replace("_", "-").replace(" ", "-")


# Each closed list's spellings folded once: (the list, {folded spelling: term}) by the list's
# id. An import looks up a few words on every row, and folding every spelling of every term
# for each of them was most of the time of a large import.
_INDEXES: dict[int, tuple[tuple[Term, ...], dict[str, Term]]] = {}


def _index(terms: tuple[Term, ...]) -> dict[str, Term]:
    found = _INDEXES.get(id(terms))
    if found is None or found[0] is not terms:
        index: dict[str, Term] = {}
        for term in terms:
            for spelling in (term.code, term.da, term.en, *term.aliases):
                index.setdefault(_fold(spelling), term)  # the first term keeps a spelling
        found = _INDEXES[id(terms)] = (terms, index)
    return found[1]


def lookup(terms: tuple[Term, ...], text: str, what: str, option: str) -> Term:
    """Find a term by code, label or alias, as find() does; the error lists what is
    accepted."""
    term = find(terms, text)
    if term is not None:
        return term
    choices = ", ".join(t.code for t in terms)
    # `option` names the field (--housing, housing, KIND) or, when no field, the place.
    field = field_of(option)
    raise InvalidInput(
        field=field,
        problem=t("'{text}' is not a known {what}", text=text.strip(), what=t(what)),
        fix=t("give one of {choices}", choices=choices)
        if field
        else t("give {option} one of {choices}", option=option, choices=choices),
    )


def code_of(terms: tuple[Term, ...], text: str, field: str, problem: str, fix: str) -> str:
    """The code of the term `text` names (as find() reads it); else InvalidInput in the
    record's own words: `problem` (marked N_, with {text} for what was written) and `fix`."""
    term = find(terms, text)
    if term is not None:
        return term.code
    raise InvalidInput(field=field, problem=t(problem, text=text.strip()), fix=t(fix))


# What lookup() calls the value it could not find, as its callers name it.
WHATS = (
    N_("statutory date or deadline"), N_("legal basis"), N_("kind of measure"), N_("team role"),
    N_("network role"), N_("closeness"), N_("rater"), N_("housing form"), N_("outcome"),
    N_("role"), N_("phase"), N_("kind of education"), N_("kind of work"),
)  # fmt: skip


def find(terms: tuple[Term, ...], text: str) -> Term | None:
    """The term `text` names (code, label or alias, any case, with or without Danish
    letters), or None; lookup() when a miss is the user's mistake in a standard sentence."""
    return _index(terms).get(_fold(" ".join(text.split())))


def codes(terms: tuple[Term, ...]) -> tuple[str, ...]:
    return tuple(term.code for term in terms)


def by_code(terms: tuple[Term, ...], code: str | None) -> Term | None:
    for term in terms:
        if term.code == code:
            return term
    return None


def label(terms: tuple[Term, ...], code: str | None, lang: str = "da") -> str:
    term = by_code(terms, code)
    return term.label(lang) if term else (code or "")
