"""The words: headers and cell values in Norwegian and English, however they are spelt."""

import pytest

from boligreg.domain.codes import Gender, Situation
from boligreg.importing import vocabulary
from boligreg.importing.vocabulary import (
    CODES,
    FIELDS,
    code_for_value,
    field_for_header,
    fold,
    is_note_text,
    is_total_row,
)


@pytest.mark.parametrize("header, field", [
    ("Navn", "name"), ("NAVN", "name"), (" navn: ", "name"), ("Navn (etternavn, fornavn)", "name"),
    ("Name", "name"), ("Fornavn", "first_name"), ("First name", "first_name"),
    ("Etternavn", "last_name"), ("Last name", "last_name"), ("Kallenavn", "alias"),
    ("Alias", "alias"), ("Fødselsnummer", "fnr"), ("Fødselsnr.", "fnr"), ("Fnr", "fnr"),
    ("F.nr", "fnr"), ("Personnr", "fnr"), ("Personnummer", "fnr"), ("Fodselsnummer", "fnr"),
    ("Foedselsnummer", "fnr"), ("Fødselsnummer (11 siffer)", "fnr"), ("National ID", "fnr"),
    ("Født", "born"), ("Fodt", "born"), ("Fødselsdato", "born"), ("Date of birth", "born"),
    ("Kjønn", "gender"), ("Kjonn", "gender"), ("Gender", "gender"),
    ("Bosituasjon", "situation"), ("Oppholdssted", "situation"), ("Situasjon", "situation"),
    ("Botilbud", "situation"), ("Situation", "situation"),
    ("Bostedsløs siden", "since"), ("Bostedslos siden", "since"), ("Fra dato", "since"),
    ("Dato fra", "since"), ("Homeless since", "since"),
    ("Løslates", "release"), ("Utskrives", "release"), ("Løslatelsesdato", "release"),
    ("Løslates/utskrives", "release"), ("Release date", "release"),
    ("Søkt kommunal bolig", "applied"), ("Søknad kommunal bolig", "applied"),
    ("Søkt dato", "applied"), ("Sokt dato", "applied"), ("Applied", "applied"),
    ("Vedtak", "decision"), ("Decision", "decision"), ("Vedtaksdato", "decided"),
    ("Decision date", "decided"), ("Ønsker bolig", "wants_housing"),
    ("Onsker bolig", "wants_housing"), ("Wants housing", "wants_housing"),
    ("Saksbehandler", "caseworker"), ("Kontaktperson", "caseworker"), ("Caseworker", "caseworker"),
    ("Siste kontakt", "last_contact"), ("Last contact", "last_contact"), ("Barn", "children"),
    ("Antall barn", "children"), ("Children", "children"), ("Telefon", "phone"),
    ("Tlf.", "phone"), ("Mobil", "phone"), ("Phone", "phone"), ("Merknad", "note"),
    ("Kommentar", "note"), ("Notat", "note"), ("Note", "note"),
    ("Pers.nr.", "fnr"), ("Bostedsløs f.o.m.", "since"), ("Ant. barn", "children"),
    ("Kontaktperson NAV", "caseworker"), ("Vedtak dato", "decided"),
])
def test_headers_in_norwegian_and_english(header, field):
    assert field_for_header(header) == field


@pytest.mark.parametrize("header", ["Dato", "Status", "Adresse", "", "Nr", "Rad i arket", "Årsak"])
def test_headers_that_name_no_field(header):
    assert field_for_header(header) is None


@pytest.mark.parametrize("word, code", [
    ("hospits", "MIDL"), ("Pensjonat", "MIDL"), ("camping", "MIDL"), ("campinghytte", "MIDL"),
    ("natthjem", "AKUTT"), ("akuttovernatting", "AKUTT"), ("krisesenter", "KRISE"),
    ("hos venner", "VENN"), ("Sofa hos kjente", "VENN"), ("hos familie midlertidig", "VENN"),
    ("fengsel", "KRIM"), ("soning", "KRIM"), ("varetekt", "KRIM"), ("rusbehandling", "INST"),
    ("institusjon", "INST"), ("sykehus", "INST"), ("psykiatrisk", "INST"), ("ute", "UTE"),
    ("gata", "UTE"), ("Uten tak over hodet", "UTE"), ("uten tak over hodet.", "UTE"),
    ("bil", "UTE"), ("telt", "UTE"), ("privat leie", "PRIVAT"), ("kommunal bolig", "KOMMUNAL"),
    ("omsorgsbolig", "OMSORG"), ("eid", "EID"), ("hos foreldre fast", "FAMILIE"),
    ("  HOSPITS  ", "MIDL"), ("på gata", "UTE"), ("paa gata", "UTE"), ("pa gata", "UTE"),
])
def test_situation_words(word, code):
    assert code_for_value("situation", word) == code


def test_every_code_is_a_word_for_itself():
    for situation in Situation:
        assert code_for_value("situation", situation.value) == situation.value
        if situation != Situation.FAMILIE:
            assert code_for_value("situation", situation.value.lower()) == situation.value
    for gender in Gender:
        assert code_for_value("gender", gender.value) == gender.value


@pytest.mark.parametrize("word", ["hos søster", "hos familie", "hos foreldre", "egen bolig", "",
                                  "ukjent", "???", "familie", "Familie", " Familie."])
def test_words_that_could_mean_two_things_are_unmapped(word):
    assert code_for_value("situation", word) is None


@pytest.mark.parametrize("word, code", [("K", "F"), ("kvinne", "F"), ("F", "F"), ("female", "F"),
                                        ("M", "M"), ("mann", "M"), ("Male", "M"), ("X", "X"),
                                        ("annet", "X")])
def test_gender_words(word, code):
    assert code_for_value("gender", word) == code


@pytest.mark.parametrize("word, answer", [
    ("ja", "yes"), ("Ja", "yes"), ("j", "yes"), ("x", "yes"), ("yes", "yes"), ("1", "yes"),
    ("sant", "yes"), ("TRUE", "yes"), ("nei", "no"), ("n", "no"), ("no", "no"), ("0", "no"),
    ("usant", "no"), ("false", "no"),
])
def test_yes_no_words(word, answer):
    assert code_for_value("wants_housing", word) == answer


@pytest.mark.parametrize("word, decision", [
    ("innvilget", "granted"), ("innvilga", "granted"), ("tildelt", "granted"),
    ("avslag", "refused"), ("avslått", "refused"), ("Avslaatt", "refused"),
    ("trukket", "withdrawn"), ("under behandling", "none"), ("ikke behandlet", "none"),
])
def test_decision_words(word, decision):
    assert code_for_value("decision", word) == decision


def test_folding_ignores_case_punctuation_spaces_and_spells_aeoeaa_alike():
    assert fold("Fødsels-nr.") == fold("foedsels nr") == "foedselsnr"
    assert fold("Æ Ø Å") == fold("ae oe aa")
    assert fold("Bostedsløs siden:") == "bostedsloessiden"


def test_the_tables_know_only_boligregs_fields_and_codes():
    assert set(vocabulary.HEADERS) == set(FIELDS)
    assert set(vocabulary.SITUATION_WORDS) == set(CODES["situation"])
    assert set(vocabulary.GENDER_WORDS) == set(CODES["gender"])
    assert set(vocabulary.DECISION_WORDS) == set(CODES["decision"])


def test_a_word_listed_for_two_targets_is_caught():
    with pytest.raises(ValueError, match="listed for"):
        vocabulary._lookup({"A": ("hos venner",), "B": ("Hos venner!",)})


@pytest.mark.parametrize("text", ["Totalt", "Totalt: 23", "SUM", "Sum bostedsløse", "I alt 17",
                                  "Antall personer", "Total"])
def test_total_rows(text):
    assert is_total_row(text)


@pytest.mark.parametrize("text", ["Summer Hansen", "Kari Nordmann", "Ialta", "Totalmann"])
def test_names_are_not_total_rows(text):
    assert not is_total_row(text)


@pytest.mark.parametrize("text", ["Merknad: oppdatert 01.03.2016", "NB! Ikke send videre",
                                  "* telt ved elva", "OBS: sjekk", "Note: updated"])
def test_note_rows(text):
    assert is_note_text(text)


@pytest.mark.parametrize("text", ["Kari Nordmann", "Merkantil", ""])
def test_names_are_not_notes(text):
    assert not is_note_text(text)


EXPORT_FIELDS = {"col_name": "name", "col_fnr": "fnr", "col_situation": "situation",
                 "col_since": "since", "col_caseworker": "caseworker", "col_release": "release",
                 "col_last_contact": "last_contact", "col_wants_housing": "wants_housing",
                 "col_children": "children"}


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_the_by_name_exports_own_headers_are_read_back_in_every_language(language):
    """`export --xlsx` in any language imports: its columns that carry a field are recognised,
    and the others (days, flags, next step …, worked out from the history) are not taken for
    any field."""
    from boligreg.i18n import text_in
    from boligreg.reports.lists import EXPORT_COLUMNS

    assert set(EXPORT_FIELDS) <= set(EXPORT_COLUMNS)
    for key in EXPORT_COLUMNS:
        assert field_for_header(text_in(language, key)) == EXPORT_FIELDS.get(key), key
