"""The words coordinators write in their sheets, and the field or code each one means.

One table module, so a municipality's new spelling is added in one place. Headers and values
are compared *folded* (`fold`): case-insensitive, punctuation and spaces ignored, æ/ae, ø/oe
and å/aa alike; every word is also listed in its plain-ASCII spelling (ø → o, å → a, æ → a),
since sheets typed on foreign keyboards write «Kjonn» and «Fodt». A word that is not here is
*unmapped*: the row that needs it is rejected, never guessed, until the mapping file says what
it means. Deliberately left out because they can mean two things: «hos familie», «hos
foreldre» and «familie» alone (temporary VENN, or permanent FAMILIE?; the code FAMILIE is taken
only in capitals), «egen bolig» (rented or owned?).

Two kinds of sheet use these words: the by-name list of persons (`PERSON`, `boligreg import`)
and the municipality's list of its dwellings (`DWELLING`, `boligreg dwelling import`). Each
`SheetKind` has its own fields, headers and code words; the folding, the rows that are no
rows (totals, notes, blanks) and the words for «unknown» are shared. Every function that looks
a header or a word up takes the kind, the person list when none is given.
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from boligreg.domain.codes import Decision, Gender, Situation

# boligreg's own field names: the targets of the mapping file's column rows.
FIELDS: tuple[str, ...] = (
    "name", "first_name", "last_name", "alias", "fnr", "born", "gender", "situation", "since",
    "release", "applied", "decision", "decided", "wants_housing", "caseworker", "last_contact",
    "children", "phone", "note",
)
NAME_FIELDS = frozenset({"name", "first_name", "last_name", "alias"})
DATE_FIELDS = frozenset({"born", "since", "release", "applied", "decided", "last_contact"})
TEXT_FIELDS = frozenset({"name", "first_name", "last_name", "alias", "caseworker", "phone", "note"})
YES_NO_FIELDS = frozenset({"wants_housing"})

NO_DECISION = "none"  # a decision column's «under behandling»: applied, not decided
YES, NO = "yes", "no"

# The codes each code-taking field accepts as a mapping target, as written in the map.
CODES: dict[str, tuple[str, ...]] = {
    "situation": tuple(member.value for member in Situation),
    "gender": tuple(member.value for member in Gender),
    "decision": (*(member.value for member in Decision), NO_DECISION),
    "wants_housing": (YES, NO),
}

HEADERS: dict[str, tuple[str, ...]] = {
    "name": ("Navn", "Namn", "Fullt navn", "Navn på person", "Etternavn, fornavn",
             "Etternavn og fornavn", "Fornavn og etternavn", "Brukers navn", "Name", "Full name",
             "Last name, first name"),
    "first_name": ("Fornavn", "First name", "Given name", "Forename"),
    "last_name": ("Etternavn", "Last name", "Surname", "Family name"),
    "alias": ("Kallenavn", "Alias", "Tilnavn", "Nickname", "AKA"),
    "fnr": ("Fødselsnummer", "Fødselsnr", "Fnr", "Personnr", "Personnummer", "Pnr",
            "Fødselsnummer/D-nummer", "D-nummer", "Pers.nr.", "Personnr.", "National ID", "National ID number",
            "National identity number", "Personal identity number", "ID number"),
    "born": ("Født", "Fødselsdato", "Født dato", "F.dato", "Fødd", "Date of birth", "Birth date",
             "Birthdate", "DOB", "Born"),
    "gender": ("Kjønn", "Gender", "Sex"),
    "situation": ("Bosituasjon", "Oppholdssted", "Situasjon", "Botilbud", "Bosituasjon nå",
                  "Oppholdssted nå", "Nåværende bosituasjon", "Boform", "Situation",
                  "Living situation", "Housing situation", "Current situation", "Accommodation"),
    "since": ("Bostedsløs siden", "Bostedsløs fra", "Fra dato", "Dato fra", "Fra", "Siden",
              "Sidan", "Bostedsløs f.o.m.", "F.o.m.", "Homeless since", "Since", "From", "From date", "Start date"),
    "release": ("Løslates", "Utskrives", "Løslatelsesdato", "Utskrivingsdato",
                "Utskrivningsdato", "Utskrivelsesdato", "Løslates/utskrives", "Løslatelse",
                "Forventet løslatelse", "Løslatelse/utskriving", "Lauslating/utskriving",
                "Release date", "Discharge date", "Release", "Expected release",
                "Release/discharge"),
    "applied": ("Søkt kommunal bolig", "Søknad kommunal bolig", "Søkt dato", "Søknadsdato",
                "Dato søkt", "Søkt", "Søkt bolig", "Applied", "Application date", "Date applied",
                "Applied for municipal housing"),
    "decision": ("Vedtak", "Vedtak kommunal bolig", "Søknadsstatus", "Status søknad", "Decision",
                 "Application status"),
    "decided": ("Vedtaksdato", "Dato vedtak", "Vedtak dato", "Dato for vedtak", "Vedtatt", "Decision date", "Decided",
                "Date of decision"),
    "wants_housing": ("Ønsker bolig", "Ønsker egen bolig", "Vil ha bolig", "Ønskjer bustad",
                      "Wants housing", "Wants a home", "Wants home"),
    "caseworker": ("Saksbehandler", "Saksbehandlar", "Kontaktperson", "Kontaktperson NAV",
                   "Saksbehandler NAV", "Veileder", "Ansvarlig",
                   "Caseworker", "Case worker", "Contact person", "Responsible"),
    "last_contact": ("Siste kontakt", "Sist kontakt", "Dato siste kontakt", "Sist sett",
                     "Last contact", "Last contacted", "Last seen"),
    "children": ("Barn", "Antall barn", "Ant. barn", "Barn under 18", "Children", "Number of children", "Kids"),
    "phone": ("Telefon", "Tlf", "Mobil", "Telefonnummer", "Tlf nr", "Mobilnummer", "Phone",
              "Telephone", "Mobile", "Phone number"),
    "note": ("Merknad", "Merknader", "Kommentar", "Kommentarer", "Notat", "Notater", "Anmerkning",
             "Note", "Notes", "Comment", "Comments", "Remarks"),
}

SITUATION_WORDS: dict[str, tuple[str, ...]] = {
    "UTE": ("uten tak over hodet", "ute", "gata", "på gata", "sover ute", "uteligger", "bil",
            "i bil", "bor i bil", "telt", "i telt", "ingen overnatting", "sleeping rough",
            "rough sleeping", "street", "on the street", "car", "tent"),
    "AKUTT": ("natthjem", "natthjemmet", "akuttovernatting", "akutt overnatting", "akutt",
              "nattherberge", "emergency shelter", "night shelter"),
    "MIDL": ("midlertidig botilbud", "midlertidig bolig", "midlertidig", "hospits", "pensjonat",
             "camping", "campinghytte", "hytte", "hotell", "motell", "gjennomgangsbolig",
             "temporary accommodation", "hostel", "hotel", "motel", "campsite"),
    "KRISE": ("krisesenter", "krisesenteret", "crisis shelter", "crisis centre", "crisis center",
              "women's shelter"),
    "VENN": ("hos venner", "hos venn", "hos kjente", "hos venner/kjente", "sofa hos kjente",
             "sofa hos venner", "sofa", "sofasurfing", "hos familie midlertidig",
             "midlertidig hos familie", "midlertidig hos venner", "hos slektninger",
             "couch surfing", "couchsurfing", "staying with friends", "with friends",
             "with family temporarily"),
    "INST": ("institusjon", "rusbehandling", "rusinstitusjon", "behandlingsinstitusjon",
             "døgnbehandling", "sykehus", "psykiatrisk", "psykiatrisk avdeling", "psykiatrien",
             "DPS", "avrusning", "rehabilitering", "sykehjem", "institution", "hospital",
             "treatment", "psychiatric", "rehab", "detox"),
    "KRIM": ("fengsel", "i fengsel", "soning", "varetekt", "kriminalomsorgen", "prison", "jail",
             "custody", "remand"),
    "PRIVAT": ("privat leie", "privat", "privat leid bolig", "leier privat", "privat utleie",
               "private rental", "rented privately"),
    "KOMMUNAL": ("kommunal bolig", "kommunal utleiebolig", "kommunal leilighet", "kommunal",
                 "municipal housing", "municipal rental", "municipal dwelling"),
    "EID": ("eid", "eid bolig", "eier bolig", "selveier", "owned", "owns home", "owner-occupied"),
    "OMSORG": ("omsorgsbolig", "bofellesskap", "samlokalisert bolig", "supported housing",
               "sheltered housing"),
    "FAMILIE": ("hos foreldre fast", "fast hos foreldre", "fast hos familie", "varig hos familie",
                "varig hos nære pårørende", "permanently with family", "lives with parents"),
}

GENDER_WORDS: dict[str, tuple[str, ...]] = {
    "F": ("K", "kvinne", "kvinnelig", "kv", "dame", "jente", "F", "female", "woman"),
    "M": ("M", "mann", "mannlig", "gutt", "male", "man"),
    "X": ("X", "annet", "ukjent", "ikke-binær", "other", "unknown", "non-binary"),
}

YES_NO_WORDS: dict[str, tuple[str, ...]] = {
    YES: ("ja", "j", "x", "yes", "y", "1", "sant", "true"),
    NO: ("nei", "n", "no", "0", "usant", "false"),
}

DECISION_WORDS: dict[str, tuple[str, ...]] = {
    "granted": ("innvilget", "innvilga", "innvilget bolig", "tildelt", "tildelt bolig", "granted",
                "approved"),
    "refused": ("avslag", "avslått", "avslatt", "refused", "rejected"),
    "withdrawn": ("trukket", "trukket søknad", "søknad trukket", "withdrawn"),
    NO_DECISION: ("under behandling", "ikke behandlet", "ikke avgjort", "venter på vedtak",
                  "til behandling", "pending", "not decided"),
}

# Codes that are also everyday words with another meaning: «familie» in a situation column is
# as often a temporary stay (VENN) as a permanent home (FAMILIE), and taking it for a home
# would take a homeless person off the list. So only the code itself, in capitals, is FAMILIE.
_CODE_ONLY_IN_CAPITALS = frozenset({"familie"})

# First words of a row that is a sum, not a person («Totalt 23», «Sum», «I alt»).
TOTAL_WORDS = ("totalt", "total", "totals", "sum", "i alt", "antall")
# First words of a row that holds a note alone in one cell («Merknad: oppdatert 01.03»).
NOTE_WORDS = ("merknad", "merk", "note", "nb", "obs", "kommentar", "notat", "info", "oppdatert",
              "updated", "kilde", "source", "fotnote", "forklaring")
# Cells that hold a placeholder for "nothing": read as blank in every field.
BLANK_MARKS = frozenset({"-", "–", "—", "--"})
# Words that say "not known" in a date, number or fødselsnummer column: read as blank there.
UNKNOWN_WORDS = ("ukjent", "vet ikke", "ikke oppgitt", "mangler", "unknown", "n/a", "na", "?")

_NOT_LETTER_OR_DIGIT = re.compile(r"[\W_]+")
_NORDIC = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "ä": "ae", "ö": "oe"})
_PLAIN = str.maketrans({"æ": "a", "ø": "o", "å": "a"})


@lru_cache(maxsize=16384)  # a sheet repeats its words: hospits, ja, K … thousands of times
def fold(text: str) -> str:
    """The form headers and values are compared in: «Fødsels-nr.» → «foedselsnr». Accents
    come apart under NFKD (é → e + ´) and go with the punctuation: all that is not a letter
    or digit."""
    lowered = text.casefold().translate(_NORDIC)
    if not lowered.isascii():
        lowered = unicodedata.normalize("NFKD", lowered)
    return _NOT_LETTER_OR_DIGIT.sub("", lowered)


def _spellings(word: str) -> set[str]:
    """A listed word folded as written and in its plain-ASCII spelling."""
    return {fold(word), fold(word.casefold().translate(_PLAIN))}


def _lookup(table: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """Folded spelling → target; a spelling listed under two targets is a mistake in the table."""
    found: dict[str, str] = {}
    for target, words in table.items():
        for word in words:
            for key in _spellings(word):
                if found.get(key, target) != target:
                    raise ValueError(f"{word!r} is listed for {found[key]} and {target}")
                found[key] = target
    return found


_HEADER_LOOKUP = _lookup(HEADERS)
_VALUE_LOOKUP: dict[str, dict[str, str]] = {
    "situation": _lookup({code: (code, *words) for code, words in SITUATION_WORDS.items()}),
    "gender": _lookup(GENDER_WORDS),
    "decision": _lookup(DECISION_WORDS),
    "wants_housing": _lookup(YES_NO_WORDS),
}


# --- the municipality's list of its dwellings (boligreg dwelling import) ----------------------

DWELLING_FIELDS: tuple[str, ...] = (
    "address", "unit", "rooms", "size", "kind", "accessible", "floor", "note", "vacant_from",
)
DWELLING_TEXT_FIELDS = frozenset({"address", "unit", "note"})

DWELLING_CODES: dict[str, tuple[str, ...]] = {
    "kind": ("KOMMUNAL", "OMSORG"),  # domain.housing_codes.DwellingKind
    "accessible": (YES, NO),
}

DWELLING_HEADERS: dict[str, tuple[str, ...]] = {
    "address": ("Adresse", "Gateadresse", "Boligadresse", "Bustadadresse", "Address",
                "Street address"),
    "unit": ("Leilighet", "Leilighetsnr", "Leilighetsnummer", "Leil nr", "Bolignr",
             "Bolignummer", "Bruksenhet", "Bruksenhetsnr", "Bruksenhetsnummer", "H-nr",
             "Leilegheit", "Bustadnr", "Flat", "Unit", "Apartment", "Apartment number",
             "Flat number", "Unit number"),
    "rooms": ("Antall rom", "Rom", "Tal rom", "Romantall", "Ant rom", "Rooms",
              "Number of rooms"),
    "size": ("Areal", "m2", "Kvm", "Størrelse", "Storleik", "BRA", "Bruksareal", "Size",
             "Area", "Floor area"),
    "kind": ("Type", "Boligtype", "Bustadtype", "Kategori", "Kind", "Dwelling type",
             "Housing type"),
    "accessible": ("Tilrettelagt", "HC", "Rullestol", "Rullestoltilpasset", "Trinnfri",
                   "Universelt utformet", "Tilrettelagt for rullestol", "Accessible",
                   "Wheelchair", "Wheelchair accessible", "Step-free"),
    "floor": ("Etasje", "Etg", "Etasje nr", "Floor", "Storey", "Level"),
    "note": ("Merknad", "Merknader", "Kommentar", "Kommentarer", "Notat", "Anmerkning", "Note",
             "Notes", "Comment", "Comments", "Remarks"),
    "vacant_from": ("Ledig fra", "Ledig frå", "Ledig dato", "Ledig fom", "Ledig f.o.m.",
                    "Vacant from", "Available from"),
}

DWELLING_KIND_WORDS: dict[str, tuple[str, ...]] = {
    "KOMMUNAL": ("kommunal", "kommunal bolig", "kommunal utleiebolig", "utleiebolig",
                 "kommunal leilighet", "kommunal bustad", "kommunal utleigebustad",
                 "municipal", "municipal housing", "municipal rental", "municipal dwelling"),
    "OMSORG": ("omsorgsbolig", "omsorg", "omsorgsbustad", "bofellesskap", "samlokalisert bolig",
               "supported housing", "sheltered housing"),
}


@dataclass(frozen=True)
class SheetKind:
    """One kind of sheet: its fields, the headers and words that name them (folded spelling →
    field, and per code field folded spelling → code), and what a sheet of the kind must have.
    (What differs in words between kinds, such as «no header found», the callers choose by
    `dwelling`, each key written out, so the catalog's check sees it.)"""

    name: str
    fields: tuple[str, ...]
    codes: dict[str, tuple[str, ...]]
    header_lookup: dict[str, str]
    value_lookup: dict[str, dict[str, str]]
    name_fields: frozenset[str]  # a column that alone identifies a row (finds the header)
    required: tuple[str, ...]  # besides a name field: every row needs them, so a column must
    value_fields: frozenset[str]  # fields a mapping file's value row may translate
    about: dict[str, str]  # each required field → the catalog key of its description
    dwelling: bool = False  # the list of dwellings (its own words where they differ)


PERSON = SheetKind(
    name="person", fields=FIELDS, codes=CODES, header_lookup=_HEADER_LOOKUP,
    value_lookup=_VALUE_LOOKUP, name_fields=NAME_FIELDS, required=("situation", "since"),
    value_fields=frozenset(CODES) | {"children"},
    about={"situation": "import_field_situation", "since": "import_field_since"},
)

DWELLING = SheetKind(
    name="dwelling", fields=DWELLING_FIELDS, codes=DWELLING_CODES,
    header_lookup=_lookup(DWELLING_HEADERS),
    value_lookup={"kind": _lookup({code: (code, *words)
                                   for code, words in DWELLING_KIND_WORDS.items()}),
                  "accessible": _lookup(YES_NO_WORDS)},
    name_fields=frozenset({"address"}), required=("rooms",),
    value_fields=frozenset(DWELLING_CODES), about={"rooms": "import_dwfield_rooms"},
    dwelling=True,
)


_TOTAL_KEYS = frozenset(fold(word) for word in TOTAL_WORDS)
_TOTAL_STARTS = tuple({word[:2] for word in TOTAL_WORDS})
_NOTE_KEYS = frozenset(fold(word) for word in NOTE_WORDS)
_UNKNOWN_KEYS = frozenset(fold(word) for word in UNKNOWN_WORDS) - {""}
_LONGEST_UNKNOWN = max(len(word) for word in UNKNOWN_WORDS) + 2  # «Vet ikke.» and the like


@lru_cache(maxsize=1024)
def header_key(header: str) -> str:
    """A header's folded form with any (parenthesised) explanation dropped:
    «Fødselsnummer (11 siffer)» reads as «Fødselsnummer»."""
    plain = header
    for opening, closing in (("(", ")"), ("[", "]")):
        while opening in plain and closing in plain.split(opening, 1)[1]:
            before, rest = plain.split(opening, 1)
            plain = before + " " + rest.split(closing, 1)[1]
    return fold(plain) or fold(header)


def field_for_header(header: str, kind: SheetKind = PERSON) -> str | None:
    """The boligreg field a sheet's column header names, or None when it is not known."""
    return kind.header_lookup.get(header_key(header))


def takes_codes(field: str | None, kind: SheetKind = PERSON) -> bool:
    """Fields whose cells are words to translate into codes (the mapping file's value rows)."""
    return field in kind.codes


def code_for_value(field: str, text: str, kind: SheetKind = PERSON) -> str | None:
    """The code a cell's word means in a code-taking field, or None when it is unmapped."""
    if kind is PERSON and field == "situation" and fold(text) in _CODE_ONLY_IN_CAPITALS \
            and not text.strip().isupper():
        return None
    return kind.value_lookup[field].get(fold(text))


def normal_code(field: str, target: str, kind: SheetKind = PERSON) -> str | None:
    """A mapping file's target as the code it names (any case), or None when it is no code."""
    wanted = target.strip().casefold()
    for code in kind.codes[field]:
        if code.casefold() == wanted:
            return code
    if field == "gender" and wanted == "k":  # as `person add --gender K` takes it: kvinne
        return "F"
    return None


def is_total_row(first_text: str) -> bool:
    """«Totalt», «Sum: 23», «I alt 17 personer»: the first word(s) name a sum."""
    lowered = first_text.casefold().lstrip()
    if not lowered.startswith(_TOTAL_STARTS):  # most rows: a name, decided at once
        return False
    words = lowered.split()
    return any(fold(" ".join(words[:n])) in _TOTAL_KEYS for n in (1, 2))


def is_note_text(text: str) -> bool:
    """«Merknad: ...», «NB! ...», «* ...»: a row that explains the sheet, not a person."""
    stripped = text.strip()
    if stripped.startswith("*"):
        return True
    first = stripped.split(maxsplit=1)[0] if stripped else ""
    return fold(first.split(":", 1)[0]) in _NOTE_KEYS


def means_unknown(text: str) -> bool:
    """«ukjent», «?», «mangler»: no value, in a date, number or fødselsnummer column."""
    stripped = text.strip()
    return len(stripped) <= _LONGEST_UNKNOWN and (stripped == "?" or fold(stripped) in _UNKNOWN_KEYS)
