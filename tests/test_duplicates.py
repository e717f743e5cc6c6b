"""The duplicate rule (domain.duplicates): folded names, birth date and a similar name, alias,
number; and the register-wide pairs agree with comparing every pair."""

from datetime import date
from itertools import combinations

from hypothesis import given, settings
from hypothesis import strategies as st

from boligreg.domain.duplicates import duplicate_pairs, duplicate_reason, fold, likely_duplicates
from boligreg.domain.models import Person

DAY = date(2016, 1, 1)


def person(pid: str, **fields) -> Person:
    return Person(id=pid, registered=DAY, **fields)


def test_fold_takes_case_norwegian_letters_accents_and_spaces_away():
    assert fold("Bjørn  Åsen") == fold("bjoern aasen") == "bjoern aasen"
    assert fold("Ærlige Ågot") == fold("aerlige aagot")
    assert fold("José Müller") == fold("jose muller")
    assert fold("Kari-Anne") == fold("kari anne")
    assert fold("   ") is None and fold(None) is None


def test_the_reasons_in_the_order_of_certainty():
    kari = person("P0001", name="Kari Nordmann", alias="Kari N", born=date(1990, 5, 1), fnr="01859012345")
    assert duplicate_reason(kari, person("P0002", fnr="01859012345")) == "fnr"
    assert duplicate_reason(kari, person("P0002", name="KARI  NORDMANN")) == "name"
    assert duplicate_reason(kari, person("P0002", alias="kari n")) == "alias"
    assert duplicate_reason(kari, person("P0002", name="Kari Nordman", born=date(1990, 5, 1))) == "birth"
    assert duplicate_reason(kari, person("P0002", name="Kari Elisabeth Nordmann", born=date(1990, 5, 1))) == "birth"
    assert duplicate_reason(kari, person("P0002", name="Kari Nordman")) is None  # a typo alone is no match
    assert duplicate_reason(kari, person("P0002", name="Per Hansen", born=date(1990, 5, 1))) is None
    assert duplicate_reason(kari, kari) is None


def test_likely_duplicates_skip_pointers_deleted_and_anonymised_records():
    new = person("P0009", alias="Fjellet")
    found = likely_duplicates(new, [person("P0001", alias="fjellet"),
                                    person("P0002", alias="Fjellet", merged_into="P0001"),
                                    person("P0003", alias="Fjellet", deleted=DAY),
                                    person("P0004", alias="Fjellet", anonymised=DAY)])
    assert [(p.id, reason) for p, reason in found] == [("P0001", "alias")]


NAMES = st.sampled_from(["Kari Nordmann", "kari nordman", "Bjørn Åsen", "Bjoern Aasen", "Per Hansen",
                         "Per Hanssen", None])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(NAMES, st.sampled_from(["Fjellet", "fjellet ", "Ola", None]),
                          st.sampled_from([date(1990, 5, 1), date(1991, 1, 1), None])),
                min_size=2, max_size=8))
def test_the_register_wide_pairs_are_every_pair_the_rule_finds(rows):
    people = [person(f"P{i:04d}", name=n, alias=a, born=b) for i, (n, a, b) in enumerate(rows)]
    every = {(a.id, b.id, r) for a, b in combinations(people, 2) if (r := duplicate_reason(a, b))}
    assert {(a.id, b.id, r) for a, b, r in duplicate_pairs(people)} == every
