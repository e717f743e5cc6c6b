"""Likely duplicates: the same person registered twice (DESIGN.md § Corrections).

One rule, `duplicate_reason`, decides whether two records are likely one person: the same
fødselsnummer, the same name with the letters folded and its words in any order (`name_key`:
"Olsen Jon" is "Jon Olsen"), the same birth date and a similar name, or the same alias. `person add` warns with it, `person duplicates` lists the
pairs, and an import can call `likely_duplicates` for each row it reads. Pure: no I/O.
"""

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from difflib import SequenceMatcher
from functools import lru_cache
from itertools import combinations

from boligreg.domain.models import Person
from boligreg.settings import DUPLICATE_NAME_SIMILARITY

LETTERS = {"æ": "ae", "ø": "oe", "å": "aa", "ä": "ae", "ö": "oe", "-": " "}
"""Letters written two ways in Norwegian names (Bjørn/Bjoern, Aase/Åse); a hyphen as a space."""
REASONS = ("fnr", "name", "alias", "birth")
"""The reasons in the order of certainty; a pair is reported with the first that applies."""


@lru_cache(maxsize=16384)  # an import folds each name several times, a register's names repeat
def fold(text: str | None) -> str | None:
    """A name as the duplicate rule compares it: case, æ/ae, ø/oe, å/aa, accents and spaces
    folded away ('Bjørn  Åsen' and 'bjoern aasen' fold alike)."""
    if text is None:
        return None
    letters = "".join(LETTERS.get(ch, ch) for ch in text.casefold())
    bare = "".join(ch for ch in unicodedata.normalize("NFKD", letters) if not unicodedata.combining(ch))
    return " ".join(bare.split()) or None


def name_key(text: str | None) -> str | None:
    """A name as the register indexes it for the duplicate warning and `person find`: folded
    (`fold`), its words in sorted order without the commas and full stops between them, so
    the order they were typed in does not matter ('Nordmann, Kari' is 'Kari Nordmann', as a
    sheet sorted by surname writes it)."""
    folded = fold(text)
    words = sorted(word for word in re.split(r"[^\w-]+", folded) if word) if folded else []
    return " ".join(words) or None


def similar_names(a: str | None, b: str | None) -> bool:
    """Folded names that differ by a typo, or one holding every word of the other ('Kari
    Nordmann' and 'Kari Elisabeth Nordmann')."""
    a, b = name_key(a), name_key(b)
    if not a or not b:
        return False
    if a == b or set(min(a, b, key=len).split()) <= set(max(a, b, key=len).split()):
        return True
    return SequenceMatcher(None, a, b).ratio() >= DUPLICATE_NAME_SIMILARITY


def duplicate_reason(a: Person, b: Person) -> str | None:
    """Why two records are likely one person (one of REASONS), or None: the one rule."""
    if a.id == b.id:
        return None
    if a.fnr and a.fnr == b.fnr:
        return "fnr"
    if a.fnr and b.fnr:  # two valid numbers that differ are two persons (twins share a name
        return None      # and a birth date); a mistyped one is corrected, not merged
    if a.name and name_key(a.name) == name_key(b.name):
        return "name"
    if a.alias and name_key(a.alias) == name_key(b.alias):
        return "alias"
    if a.born and a.born == b.born and similar_names(a.name or a.alias, b.name or b.alias):
        return "birth"
    return None


def _comparable(person: Person) -> bool:
    """Merged pointers, deleted and anonymised records are nobody to confuse a person with."""
    return not (person.merged_into or person.deleted or person.anonymised)


def likely_duplicates(candidate: Person, persons: Iterable[Person]) -> list[tuple[Person, str]]:
    """The records among `persons` that are likely the candidate, each with its reason, the
    surest first (then by id)."""
    found = [(p, reason) for p in persons if _comparable(p)
             and (reason := duplicate_reason(candidate, p)) is not None]
    return sorted(found, key=lambda item: (REASONS.index(item[1]), item[0].id))


def duplicate_pairs(persons: Iterable[Person]) -> list[tuple[Person, Person, str]]:
    """Every likely pair in a register, each once (lower id first). Only records that share a
    fødselsnummer, a folded name, a folded alias or a birth date are compared, so a register of
    100,000 persons is not compared pair by pair."""
    groups: dict[tuple[str, object], list[Person]] = defaultdict(list)
    for person in persons:
        if not _comparable(person):
            continue
        for key in (("fnr", person.fnr), ("name", name_key(person.name)),
                    ("alias", name_key(person.alias)), ("born", person.born)):
            if key[1]:
                groups[key].append(person)
    pairs: dict[tuple[str, str], tuple[Person, Person, str]] = {}
    for group in groups.values():
        for a, b in combinations(sorted(group, key=lambda p: p.id), 2):
            if (a.id, b.id) not in pairs and (reason := duplicate_reason(a, b)):
                pairs[a.id, b.id] = (a, b, reason)
    return [pairs[key] for key in sorted(pairs)]
