"""Denmark's 98 municipalities by their official names, matched from what a user types.

"København", "københavns kommune" and "Kobenhavn" all mean "Københavns Kommune"; "esbjerg"
means "Esbjerg Kommune"; "Bornholm" means "Bornholms Regionskommune". The stored value is the
official name, so a document never has to add "Kommune" to it (and never prints "København
Kommune" or "Esbjerg Kommune Kommune"). Values stored before this rule are shown as their
official name when they match one, and as stored otherwise.
"""

import unicodedata
from functools import lru_cache

from efter.core.errors import InvalidInput, field_of
from efter.core.i18n import t
from efter.core.text import fold_danish, quoted

# The 98 municipalities since 1 January 2007 (Kommunalreformen), by region.
NAMES = (
    # Region Hovedstaden (29)
    "Albertslund Kommune", "Allerød Kommune", "Ballerup Kommune", "Bornholms Regionskommune",
    "Brøndby Kommune", "Dragør Kommune", "Egedal Kommune", "Fredensborg Kommune",
    "Frederiksberg Kommune", "Frederikssund Kommune", "Furesø Kommune", "Gentofte Kommune",
    "Gladsaxe Kommune", "Glostrup Kommune", "Gribskov Kommune", "Halsnæs Kommune",
    "Helsingør Kommune", "Herlev Kommune", "Hillerød Kommune", "Hvidovre Kommune",
    "Høje-Taastrup Kommune", "Hørsholm Kommune", "Ishøj Kommune", "Københavns Kommune",
    "Lyngby-Taarbæk Kommune", "Rudersdal Kommune", "Rødovre Kommune", "Tårnby Kommune",
    "Vallensbæk Kommune",
    # Region Sjælland (17)
    "Faxe Kommune", "Greve Kommune", "Guldborgsund Kommune", "Holbæk Kommune",
    "Kalundborg Kommune", "Køge Kommune", "Lejre Kommune", "Lolland Kommune", "Næstved Kommune",
    "Odsherred Kommune", "Ringsted Kommune", "Roskilde Kommune", "Slagelse Kommune",
    "Solrød Kommune", "Sorø Kommune", "Stevns Kommune", "Vordingborg Kommune",
    # Region Syddanmark (22)
    "Assens Kommune", "Billund Kommune", "Esbjerg Kommune", "Faaborg-Midtfyn Kommune",
    "Fanø Kommune", "Fredericia Kommune", "Haderslev Kommune", "Kerteminde Kommune",
    "Kolding Kommune", "Langeland Kommune", "Middelfart Kommune", "Nordfyns Kommune",
    "Nyborg Kommune", "Odense Kommune", "Svendborg Kommune", "Sønderborg Kommune",
    "Tønder Kommune", "Varde Kommune", "Vejen Kommune", "Vejle Kommune", "Ærø Kommune",
    "Aabenraa Kommune",
    # Region Midtjylland (19)
    "Favrskov Kommune", "Hedensted Kommune", "Herning Kommune", "Holstebro Kommune",
    "Horsens Kommune", "Ikast-Brande Kommune", "Lemvig Kommune", "Norddjurs Kommune",
    "Odder Kommune", "Randers Kommune", "Ringkøbing-Skjern Kommune", "Samsø Kommune",
    "Silkeborg Kommune", "Skanderborg Kommune", "Skive Kommune", "Struer Kommune",
    "Syddjurs Kommune", "Viborg Kommune", "Aarhus Kommune",
    # Region Nordjylland (11)
    "Brønderslev Kommune", "Frederikshavn Kommune", "Hjørring Kommune", "Jammerbugt Kommune",
    "Læsø Kommune", "Mariagerfjord Kommune", "Morsø Kommune", "Rebild Kommune",
    "Thisted Kommune", "Vesthimmerlands Kommune", "Aalborg Kommune",
)  # fmt: skip

_SUFFIXES = (" regionskommune", " kommune", " municipality")
# Names whose official form is a genitive ("Københavns Kommune"): the plain place name
# ("København", "Bornholm") is what people type.
_GENITIVES = ("Københavns", "Bornholms", "Nordfyns", "Vesthimmerlands")


def key(text: str) -> str:
    """What a typed name is compared by: any case, æøå or ae/oe/aa or a/o, other accents
    dropped, hyphens and spaces alike, without 'Kommune'."""
    folded = fold_danish(text)
    for suffix in _SUFFIXES:
        if folded.endswith(suffix):
            folded = folded[: -len(suffix)]
            break
    folded = folded.replace("aa", "a").replace("ae", "a").replace("oe", "o")
    folded = unicodedata.normalize("NFKD", folded)
    folded = "".join(c for c in folded if c.isalnum())
    return folded


def _index() -> dict[str, str]:
    out: dict[str, str] = {}
    for name in NAMES:
        stem = name.rsplit(" ", 1)[0]
        out[key(stem)] = name
        if stem in _GENITIVES:
            out[key(stem[:-1])] = name  # København, Bornholm, Nordfyn, Vesthimmerland
    out[key("Århus")] = "Aarhus Kommune"
    out[key("Lyngby")] = "Lyngby-Taarbæk Kommune"
    return out


_INDEX = _index()


@lru_cache(maxsize=1024)  # an import names the same municipalities on every row
def find(text: str | None) -> str | None:
    """The official name `text` means, or None."""
    if not text or not text.strip():
        return None
    return _INDEX.get(key(text))


def official(text: str, option: str = "--municipality") -> str:
    """The official name of the municipality typed, or InvalidInput suggesting close ones."""
    found = find(text)
    if found is not None:
        return found
    import difflib

    wanted = key(text)
    close = difflib.get_close_matches(wanted, list(_INDEX), n=3, cutoff=0.6)
    names = list(dict.fromkeys(_INDEX[k] for k in close))
    typed = quoted(text.strip())
    # `option` names the field (--for, municipality) or, when no field, the place.
    field = field_of(option)
    give = "give" if field else f"give {option}"
    if names:
        suggestion = " or ".join(f"'{n}'" for n in names)
        raise InvalidInput(
            field=field,
            problem=t(
                "'{typed}' is not a Danish municipality (did you mean {suggestion}?)",
                typed=typed,
                suggestion=suggestion,
            ),
            fix=t("{give} one of the 98 municipalities' names", give=give),
        )
    raise InvalidInput(
        field=field,
        problem=t("'{typed}' is not a Danish municipality", typed=typed),
        fix=t(
            "{give} one of the 98 municipalities' names, such as 'Esbjerg' or 'Københavns Kommune'",
            give=give,
        ),
    )


def display(stored: str | None) -> str:
    """A stored value as a document shows it: the official name when it matches one (values
    stored before names were checked), else as stored. Never adds 'Kommune' itself."""
    if not stored:
        return ""
    return find(stored) or stored


def same(a: str | None, b: str | None) -> bool:
    """Whether two values name the same municipality (for filters): 'Kolding' and 'Kolding
    Kommune' do; unknown names compare as typed, any case."""
    if not a or not b:
        return False
    return (find(a) or a.strip().casefold()) == (find(b) or b.strip().casefold())
