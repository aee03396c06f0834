"""Builds realistic case files for the benchmarks, fast: plain SQL against the real schema.

The file is created by efter itself (`create_casefile`, so every migration has run), then filled
in one transaction with `executemany`. Everything is drawn from a seeded random generator, so the
same size always gives the same file.
"""

import random
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

TODAY = date(2026, 11, 28)
STAMP = "2026-11-01T09:00:00"

GIRLS = (
    "Amalie", "Anna", "Astrid", "Clara", "Emma", "Freja", "Frida", "Ida", "Isabella", "Josefine",
    "Karla", "Laura", "Lærke", "Maja", "Mathilde", "Nanna", "Nora", "Olivia", "Sara", "Sofie",
    "Alma", "Ella", "Agnes", "Signe", "Cecilie", "Mille", "Naja", "Rikke", "Sille", "Yasmin",
)  # fmt: skip
BOYS = (
    "Alexander", "Anton", "Carl", "Christian", "Emil", "Frederik", "Jonas", "Lucas", "Magnus",
    "Malthe", "Marcus", "Mathias", "Mikkel", "Noah", "Oliver", "Oscar", "Rasmus", "Sebastian",
    "Victor", "William", "Søren", "Bjørn", "Jens", "Kasper", "Mads", "Nikolaj", "Ali", "Omar",
    "Tobias", "Asger",
)  # fmt: skip
SURNAMES = (
    "Nielsen", "Jensen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen", "Sørensen",
    "Rasmussen", "Jørgensen", "Petersen", "Madsen", "Kristensen", "Olsen", "Thomsen",
    "Christiansen", "Poulsen", "Johansen", "Møller", "Mortensen", "Østergaard", "Nørgaard",
    "Kjær", "Bech", "Dahl", "Lund", "Holm", "Frederiksen", "Knudsen", "Mikkelsen", "Friis",
    "Søndergaard", "Bach", "Vestergaard", "Skov", "Brandt", "Ahmed", "Hussein", "Yilmaz",
    "Ærenlund", "Aagaard", "Lauridsen",
)  # fmt: skip
MUNICIPALITIES = (
    "Esbjerg", "Varde", "Fanø", "Aarhus", "Odense", "Aalborg", "København", "Vejle", "Kolding",
    "Horsens", "Randers", "Herning", "Silkeborg", "Holbæk", "Næstved", "Slagelse", "Roskilde",
    "Frederiksberg", "Viborg", "Sønderborg", "Aabenraa", "Haderslev", "Svendborg", "Køge",
    "Hjørring", "Frederikshavn", "Guldborgsund", "Lolland", "Tønder", "Ringkøbing-Skjern",
)  # fmt: skip
PROGRAMMES = (
    "Vejen til uddannelse og beskæftigelse",
    "Ungestøtte efter 18",
    "Efterværn",
    "Bo-træning",
)
SITES = (
    "Opholdsstedet Vestkysten", "Døgninstitutionen Solgården", "Plejefamilie", "Egen bolig",
    "Kollegiet Åbogade", "Bofællesskabet Lindely", "Opholdsstedet Fjordhuset",
)  # fmt: skip
HOUSING = (
    "doegninstitution", "opholdssted", "plejefamilie", "netvaerksplejefamilie", "egen-bolig",
    "kollegium", "bofaellesskab", "hos-foraeldre",
)  # fmt: skip
LEGAL = ("bl46", "bl47", "bl32", "bl113", "sel52", "sel76")
TEAM_ROLES = ("myndighedsrådgiver", "ungevejleder", "jobcenter", "kontaktperson", "mentor")
NETWORK_ROLES = ("mor", "far")
AREAS = (
    "uddannelse", "beskaeftigelse", "bolig", "oekonomi", "netvaerk",
    "fysisk", "psykisk", "rusmidler", "fritid", "hverdag",
)  # fmt: skip
AGREEMENTS = (
    "Søge ind på EUD-forløbet til januar", "Åbne en NemKonto og lave et budget",
    "Booke tid hos lægen om søvnen", "Skrive til boligforeningen om en lejlighed",
    "Tage med til åbent hus på VUC", "Ringe til jobcenteret om praktik",
    "Øve køreteori to gange om ugen", "Finde en fritidsaktivitet sammen med mentor",
)  # fmt: skip
GOALS = (
    "Gennemføre grundforløb 1", "Have sin egen bolig inden 19 år", "Kunne lave et månedsbudget",
    "Få et fritidsjob", "Sove bedre og møde til tiden", "Holde kontakt med sin bror",
)  # fmt: skip


@dataclass(frozen=True)
class Size:
    """How big the large case file is, and how much the import and render rows handle."""

    name: str
    youth: int
    meetings: int
    ratings: int
    agreements: int
    import_rows: int
    render_batch: int
    repeat: int


SIZES = {
    "full": Size("full", 10_000, 30_000, 300_000, 50_000, 100_000, 1_000, 15),
    "smoke": Size("smoke", 300, 900, 9_000, 1_500, 2_000, 50, 3),
}
SMALL = Size("small", 20, 60, 600, 100, 0, 0, 0)
# --growth: the full size's shape at these numbers of young people (docs/performance.md).
GROWTH = (1_000, 10_000, 50_000)


def scaled(youth: int, repeat: int = 3) -> Size:
    """The full size's proportions for `youth` young people; the import and the batch
    render grow with them (the import: as many young people as the file holds)."""
    return Size(f"{youth:,}", youth, 3 * youth, 30 * youth, 5 * youth, youth, youth // 10, repeat)


# The batch-render row picks exactly render_batch young people by this programme.
RENDER_PROGRAMME = "Vejen til uddannelse og beskæftigelse"


def name(rng: random.Random) -> str:
    first = rng.choice(GIRLS if rng.random() < 0.5 else BOYS)
    if rng.random() < 0.15:
        first += " " + rng.choice(GIRLS + BOYS)
    last = rng.choice(SURNAMES)
    if rng.random() < 0.1:
        last = rng.choice(SURNAMES) + "-" + last
    return f"{first} {last}"


def cpr_for(born: date, serial: int) -> str:
    """A well-formed CPR number for `born`: the 7th digit puts it in the right century."""
    seventh = 4 if born.year >= 2000 else 0
    return f"{born:%d%m%y}-{seventh}{serial % 1000:03d}"


def _day(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randrange(max(1, (end - start).days)))


def youth_rows(count: int, seed: int = 8) -> Iterator[tuple[object, ...]]:
    """(ref, name, born, cpr, municipality, home, legal, site, housing, programme, cohort,
    coordinator, start, status, closed, outcome): 10% closed cases, the rest active."""
    rng = random.Random(seed)
    coordinators = sorted({name(rng) for _ in range(max(2, count // 5))})
    serials: dict[date, int] = {}  # per birthday: a CPR number belongs to one young person
    for n in range(1, count + 1):
        start = _day(rng, date(2022, 1, 1), TODAY - timedelta(days=14))
        born = start - timedelta(days=rng.randrange(15 * 366, 22 * 365))
        # The first render_batch people (full: 1,000) share one programme, all active.
        programme = PROGRAMMES[0] if n <= count // 10 else rng.choice(PROGRAMMES[1:])
        closed = outcome = None
        status = "active"
        if n > count // 10 and rng.random() < 0.1:
            status = "closed"
            closed = _day(rng, start, TODAY).isoformat()
            outcome = rng.choice(("education", "job", "both", "neither", "unknown"))
        municipality = rng.choice(MUNICIPALITIES)
        serials[born] = serials.get(born, 0) + 1
        yield (
            f"{start.year}-{n:05d}",
            name(rng),
            born.isoformat(),
            cpr_for(born, serials[born]) if rng.random() < 0.7 else None,
            municipality,
            municipality if rng.random() < 0.7 else rng.choice(MUNICIPALITIES),
            rng.choice(LEGAL),
            rng.choice(SITES),
            rng.choice(HOUSING),
            programme,
            f"{start.year}-{'AB'[start.month > 6]}",
            rng.choice(coordinators),
            start.isoformat(),
            status,
            closed,
            outcome,
        )


def build(path: Path | str, size: Size, seed: int = 8) -> dict[str, int]:
    """Create the case file at `path` (it must not exist) and fill it, or fill the register a
    postgresql:// URL names (set up, with no young people yet). Returns row counts."""
    from efter.core.casefile import CaseFile, create_casefile

    casefile: CaseFile
    if isinstance(path, str):
        from efter.core.register import create_register

        casefile, _ = create_register(path)
    else:
        casefile, _ = create_casefile(path)
    rng = random.Random(seed)
    with casefile, casefile.write() as conn:
        conn.executemany(
            "INSERT INTO youth (ref, name, born, cpr, municipality, home_municipality, "
            "legal_basis, placement_site, housing, programme, cohort, coordinator, start, status, "
            "closed, outcome, created, updated) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            ((*row, STAMP, STAMP) for row in youth_rows(size.youth, seed)),
        )
        # The statutory dates insert_many stores with each young person (m024)
        from efter.core.youth import store_dates

        store_dates(conn)
        people = conn.execute("SELECT id, start, coordinator FROM youth ORDER BY id").fetchall()
        # Each young person's programme is a period in it, as youth add and import make it.
        from efter.core import programmes

        rows = conn.execute("SELECT id, programme, cohort, start, closed FROM youth").fetchall()
        programmes.follow_youth(conn, [(r[0], r[1], r[2], r[3]) for r in rows], new=True)
        programmes.close_periods(conn, [(r[0], r[4]) for r in rows if r[4]])

        # The team comes from a shared address book (m022_contacts): a pool of professionals
        # per role, about one for every ten young people, each on many cases.
        pool = {
            role: [
                (name(rng), f"{role.capitalize()}, kommunen", f"70 {k % 90 + 10} 20 30",
                 "kontakt@example.dk")
                for k in range(max(2, size.youth // (10 * len(TEAM_ROLES))))
            ]
            for role in TEAM_ROLES
        }  # fmt: skip
        professional: dict[tuple[str, int], int] = {}
        for role, people_of_role in pool.items():
            for k, person in enumerate(people_of_role):
                professional[(role, k)] = conn.execute(
                    "INSERT INTO professional (name, organisation, phone, email, created, "
                    "updated) VALUES (?, ?, ?, ?, ?, ?)",
                    (*person, STAMP, STAMP),
                ).lastrowid
        members = []
        for youth_id, start, _ in people:
            for role in rng.sample(TEAM_ROLES, 2):
                k = rng.randrange(len(pool[role]))
                members.append(
                    (youth_id, "team", role, *pool[role][k], start, STAMP,
                     professional[(role, k)])
                )  # fmt: skip
            members.append(
                (youth_id, "network", rng.choice(NETWORK_ROLES), name(rng), None,
                 None, None, start, STAMP, None)
            )  # fmt: skip
        conn.executemany(
            "INSERT INTO member (youth_id, side, role, name, organisation, phone, email, "
            "started, created, professional_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            members,
        )

        # Meetings: spread over the people, every 8 weeks from the start; the last ones planned.
        per_person = _spread(size.meetings, len(people))
        meetings = []
        for (youth_id, start, coordinator), count in zip(people, per_person, strict=True):
            day = date.fromisoformat(start)
            for k in range(count):
                when = day + timedelta(days=56 * k + rng.randrange(7))
                status = "held" if when < TODAY else "planned"
                if status == "held" and rng.random() < 0.05:
                    status = rng.choice(("cancelled", "no-show"))
                kind = "start" if k == 0 else "network"
                meetings.append(
                    (youth_id, kind, f"{when.isoformat()}T{rng.choice((9, 10, 13, 14)):02d}:00",
                     90, "Ungeindsatsen, mødelokale 2", coordinator, status, STAMP, STAMP)
                )  # fmt: skip
        conn.executemany(
            "INSERT INTO meeting (youth_id, kind, starts, duration, place, leader, status, "
            "created, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            meetings,
        )
        held: dict[int, list[tuple[int, str]]] = {}
        for meeting_id, youth_id, starts in conn.execute(
            "SELECT id, youth_id, starts FROM meeting WHERE status = 'held' ORDER BY id"
        ):
            held.setdefault(youth_id, []).append((meeting_id, starts[:10]))

        goals = []
        for youth_id, _start, _ in people:
            for area in rng.sample(AREAS, 2):
                goals.append((youth_id, area, rng.choice(GOALS), STAMP, STAMP))
        conn.executemany(
            "INSERT INTO goal (youth_id, area, text, created, updated) VALUES (?, ?, ?, ?, ?)",
            goals,
        )

        # Agreements: owned by the young person or the coordinator; a third done.
        agreements = []
        for (youth_id, start, _), count in zip(
            people, _spread(size.agreements, len(people)), strict=True
        ):
            first = date.fromisoformat(start)
            for _k in range(count):
                due = _day(rng, first, TODAY + timedelta(days=120)).isoformat()
                roll = rng.random()
                status = "done" if roll < 0.35 else "dropped" if roll < 0.4 else "open"
                meeting = held.get(youth_id, [(None, None)])[0][0]
                agreements.append(
                    (youth_id, rng.choice(AGREEMENTS), rng.choice(("youth", "coordinator")),
                     due, due, meeting, status, due if status == "done" else None,
                     "Ikke relevant længere" if status == "dropped" else None, STAMP, STAMP)
                )  # fmt: skip
        conn.executemany(
            "INSERT INTO agreement (youth_id, what, owner, due, first_due, meeting_id, status, "
            "done_on, drop_reason, created, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            agreements,
        )

        # Ratings: start ratings by the young person and the professional on every area,
        # then one per area at held meetings until the share is used up.
        conn.executemany(
            "INSERT INTO rating (youth_id, area, score, phase, rated_by, rated_on, meeting_id, "
            "created) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            _ratings(rng, people, held, size.ratings),
        )
        # Education and work (youth_status), so `report outcomes` reads the open cases'
        # status at scale: a period from the start, and a second one where time allows.
        conn.executemany(
            "INSERT INTO youth_status (youth_id, starts, education, work, note, created) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            _status_periods(random.Random(seed + 1), people),
        )
        counts = {
            table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("youth", "member", "meeting", "goal", "agreement", "rating",
                          "youth_status")
        }  # fmt: skip
    return counts


def _status_periods(
    rng: random.Random, people: list[tuple[int, str, str]]
) -> Iterator[tuple[object, ...]]:
    for youth_id, start, _ in people:
        yield (youth_id, start, "preparatory", "none", None, STAMP)
        later = date.fromisoformat(start) + timedelta(days=180 + rng.randrange(60))
        if later <= TODAY:
            yield (youth_id, later.isoformat(), "vocational", "leisure-job",
                   "Fritidsjob i Netto", STAMP)  # fmt: skip


def _ratings(
    rng: random.Random,
    people: list[tuple[int, str, str]],
    held: dict[int, list[tuple[int, str]]],
    total: int,
) -> Iterator[tuple[object, ...]]:
    per_person = _spread(total, len(people))
    for (youth_id, start, _), count in zip(people, per_person, strict=True):
        made = 0
        levels = {area: rng.randint(1, 4) for area in AREAS}
        for rated_by in ("professional", "youth"):
            for area in AREAS:
                if made == count:
                    break
                yield (youth_id, area, levels[area], "start", rated_by, start, None, STAMP)
                made += 1
        sessions = held.get(youth_id) or [(None, start)]
        k = 0
        while made < count:  # every area in turn at each held meeting, oldest first
            meeting_id, day = sessions[(k // len(AREAS)) % len(sessions)]
            area = AREAS[k % len(AREAS)]
            levels[area] = min(5, max(1, levels[area] + rng.choice((-1, 0, 1, 1))))
            yield (youth_id, area, levels[area], "meeting", "professional", day, meeting_id, STAMP)
            made += 1
            k += 1


def _spread(total: int, parts: int) -> list[int]:
    """`total` split over `parts` as evenly as whole numbers allow."""
    base, extra = divmod(total, parts)
    return [base + (1 if n < extra else 0) for n in range(parts)]


def write_import_csv(path: Path, count: int, seed: int = 88) -> None:
    """The municipality's spreadsheet as it really arrives: semicolons, Danish headers,
    day-first dates, a byte-order mark, Windows line ends."""
    import csv

    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        writer.writerow(
            ["sagsnr", "navn", "fødselsdato", "cpr", "kommune", "opvækstkommune",
             "anbringelsessted", "indsats", "hold", "koordinator", "startdato"]
        )  # fmt: skip
        for row in youth_rows(count, seed):
            (ref, person, born, cpr, municipality, home, _legal, site, _housing, programme,
             cohort, coordinator, start, *_rest) = row  # fmt: skip
            writer.writerow(
                [f"I{ref}", person, _danish(str(born)), cpr or "", municipality, home, site,
                 programme, cohort, coordinator, _danish(str(start))]
            )  # fmt: skip


def _danish(iso: str) -> str:
    return f"{iso[8:10]}-{iso[5:7]}-{iso[0:4]}"


def write_ratings_csv(casefile: Path, path: Path) -> None:
    """The case file's current ratings as `efter export ratings` writes them (semicolons, a
    byte-order mark, Danish headers, ISO dates): what the ratings import row reads back."""
    import csv
    import sqlite3

    conn = sqlite3.connect(casefile)
    try:
        rows = conn.execute(
            "SELECT youth.ref, area, score, phase, rated_on, rated_by, rating.note FROM rating "
            "JOIN youth ON youth.id = rating.youth_id WHERE replaced_by IS NULL "
            # what the import takes: no rating dated after the case was closed
            "AND (youth.closed IS NULL OR rated_on <= youth.closed) "
            "ORDER BY youth.ref, rating.id"
        )
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
            writer.writerow(
                ["Sagsnr", "Livsområde", "Vurdering", "Fase", "Dato", "Vurderet af", "Bemærkning"]
            )
            writer.writerows(
                (ref, area, score, phase, day, by, note or "")
                for ref, area, score, phase, day, by, note in rows
            )
    finally:
        conn.close()


# The import kinds with a benchmark row of their own (youth and ratings have their own input
# files above): each reads the file `efter export all --format csv` writes for it from the
# transfer case file (prepare_transfer), into a case file holding the large file's young people.
TRANSFER_KINDS = (
    "team", "network", "meetings", "agreements", "status", "measures", "closed", "prices",
    "programmes",
)  # fmt: skip
MEASURE_KINDS = ("mentor", "kontaktperson", "bostoette", "uddannelsesstoette")


def prepare_transfer(large: Path, path: Path, seed: int = 9) -> None:
    """A copy of the large case file made into what every import kind takes back whole, for
    `efter export all` to write the import rows' files from:
    - what the import refuses is left out: a planned meeting or an open agreement on a case
      closed in the large file (cancelled, dropped), a second agreement with the same text or
      a second member with the same name for one young person;
    - measures (one or two each) and
      programme prices (the four programmes and as many more as there are young people, so
      the prices row times the import's work, not its start-up) are added;
    - the municipalities are named as efter stores them (official_municipalities);
    - every open case is closed today, so the closed cases' file closes them all (the young
      people the import starts from are the large file's, with their own open cases)."""
    import shutil
    import sqlite3

    shutil.copyfile(large, path)
    rng = random.Random(seed)
    conn = sqlite3.connect(path)
    try:
        official_municipalities(conn)
        closed = "SELECT id FROM youth WHERE status = 'closed'"
        conn.executescript(
            f"""
            UPDATE meeting SET status = 'cancelled'
                WHERE status = 'planned' AND youth_id IN ({closed});
            UPDATE agreement SET status = 'dropped', drop_reason = 'Sagen er lukket'
                WHERE status = 'open' AND youth_id IN ({closed});
            DELETE FROM agreement WHERE id NOT IN
                (SELECT min(id) FROM agreement GROUP BY youth_id, what COLLATE NOCASE);
            DELETE FROM member WHERE id NOT IN
                (SELECT min(id) FROM member GROUP BY youth_id, side, name COLLATE NOCASE);
            DELETE FROM meeting WHERE id NOT IN
                (SELECT min(id) FROM meeting GROUP BY youth_id, starts);
            """
        )
        people = conn.execute("SELECT id, start FROM youth ORDER BY id").fetchall()
        measures = []
        for youth_id, start in people:
            first = date.fromisoformat(start)
            for kind in rng.sample(MEASURE_KINDS, rng.choice((1, 2))):
                ended = first + timedelta(days=365) if kind == "mentor" else None
                measures.append(
                    (youth_id, kind, "Ungeindsatsen", None, start,
                     ended.isoformat() if ended and ended <= TODAY else None, None, 0, STAMP, STAMP)
                )  # fmt: skip
        conn.executemany(
            "INSERT INTO measure (youth_id, kind, provider, legal_basis, started, ended, note, "
            "basis_forced, created, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            measures,
        )
        prices = [(name, 25_000 + 500 * n, STAMP) for n, name in enumerate(PROGRAMMES)]
        prices += [(f"Indsats {n:06d}", 10_000 + n, STAMP) for n in range(len(people))]
        conn.executemany(
            "INSERT INTO programme_price (programme, amount, updated) VALUES (?, ?, ?)", prices
        )
        conn.execute(
            "UPDATE youth SET status = 'closed', closed = ?, outcome = 'education' "
            "WHERE status = 'active'",
            (TODAY.isoformat(),),
        )
        conn.commit()
    finally:
        conn.close()


def official_municipalities(conn: sqlite3.Connection) -> None:
    """The young people's municipalities by their official names, as efter stores what it is
    given ('Esbjerg' becomes 'Esbjerg Kommune'): a file of young people exported from such a
    case file reads back unchanged (the large file keeps the short names its queries use)."""
    from efter.core.municipalities import official

    for field in ("municipality", "home_municipality"):
        names = [row[0] for row in conn.execute(f"SELECT DISTINCT {field} FROM youth")]
        conn.executemany(
            f"UPDATE youth SET {field} = ? WHERE {field} = ?",
            [(official(name, field), name) for name in names if name],
        )
