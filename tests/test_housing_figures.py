"""The housing side's figures in the report: its sheets come last, every count on them has its
cell in the suppression model once reports.housing.extend_report_model adds them, and then no
hidden count can be worked back; until the integrator wires that in, the workbook sent out
leaves the sheets out rather than show a small count."""

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from boligreg.reports.housing import DwellingFigures, HousingFirstFollowUp, extend_report_model
from boligreg.reports.suppression import HIGH, LOW, Mark, report_model, suppress
from boligreg.reports.tables import sections
from tests.test_suppression import SMALL_OR_NOT, at_most, drawn_figures, split

PRODUCED = date(2016, 7, 1)
HOUSING_SHEETS = ("dwellings", "housing_first_follow_up")


@st.composite
def housing_figures(draw):
    """Housing figures that keep every relation the model states."""
    count = SMALL_OR_NOT
    kinds = {"KOMMUNAL": draw(count), "OMSORG": draw(count)}
    stock = sum(kinds.values())
    vacancies = draw(count)
    filled = draw(at_most(vacancies, True))
    waits = draw(st.lists(st.integers(0, 300), min_size=filled, max_size=filled))
    declined = {k: draw(count) for k in ("too_small", "location", "not_ready", "no_answer", "other")}
    allocations = draw(count)
    homeless = draw(at_most(allocations, True))
    in_force, ended = draw(count), draw(count)
    at_end = draw(count)
    leases = draw(at_most(at_end, True))
    fixed = draw(at_most(leases, True))
    genders = {g: draw(count) for g in ("F", "M", "X", "unknown")}
    reasons = {k: draw(count) for k in ("moved", "declined", "other")}
    reached = draw(count)
    dwellings = DwellingFigures(
        stock=stock, stock_by_kind=kinds, stock_accessible=draw(at_most(stock, True)),
        vacancies=vacancies, vacancies_new=draw(at_most(vacancies, True)), vacancies_filled=filled,
        vacant_end=draw(at_most(vacancies, True)),
        days_vacant_median=float(sorted(waits)[len(waits) // 2]) if waits else None,
        days_vacant_mean=round(sum(waits) / len(waits), 1) if waits else None,
        offers=draw(count), offers_accepted=draw(count), offers_declined=sum(declined.values()),
        declined_by_reason=declined, allocations=allocations, allocations_homeless=homeless,
        tenancies_start=in_force, tenancies_ended=ended, tenancies_end=at_end,
        turnover=round(ended / in_force, 3) if in_force else None,
        leases_end=leases, leases_fixed_end=fixed, fixed_share=round(fixed / leases, 3) if leases else None)
    follow_up = HousingFirstFollowUp(
        invited=draw(count), accepted=draw(count), declined=draw(count),
        active_end=sum(genders.values()), active_by_gender=genders, ended=sum(reasons.values()),
        ended_by_reason=reasons, moved_in=draw(count), months=12, reached=reached,
        still_housed=draw(at_most(reached, True)), returned=draw(at_most(reached, True)))
    return dwellings, follow_up


@st.composite
def figures_with_housing(draw):
    f = draw(drawn_figures())
    dwellings, follow_up = draw(housing_figures())
    return f.model_copy(update={"dwellings": dwellings, "housing_first_follow_up": follow_up})


assert split  # the suppression tests' strategies, imported for the figures they draw


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(f=figures_with_housing())
def test_the_housing_sheets_come_last_and_each_count_has_its_cell(f):
    model = report_model(f)
    extend_report_model(model, f)
    laid_out = sections(f, PRODUCED)
    assert [s.key for s in laid_out[-2:]] == list(HOUSING_SHEETS)
    for section in laid_out[-2:]:
        for row_index, row in enumerate(section.rows):
            for column, value in enumerate(row.values):
                key = model.key_at(section.key, row_index, column)
                suppressible = isinstance(value, int) and (
                    row.kind == "count" or (row.kind == "count_share" and column == 0))
                if key is None:
                    assert not suppressible and value is None, (section.key, row.label)
                elif key in model.values:
                    assert suppressible and model.values[key] == value, (section.key, row.label)
                else:
                    assert model.statistics[key].value == value, (section.key, row.label)
    hidden = suppress(model, tell_small=False)
    for key, value in model.values.items():
        if key[0] in HOUSING_SHEETS and LOW <= value <= HIGH:
            assert hidden.mark(key) != Mark.SHOWN, key


@pytest.mark.slow
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(f=figures_with_housing())
def test_no_hidden_housing_count_can_be_worked_back(f):
    pytest.importorskip("scipy")
    from boligreg.reports.suppression import exposed

    model = report_model(f)
    extend_report_model(model, f)
    assert exposed(model, suppress(model, tell_small=False)) == []


def test_the_workbook_sent_out_hides_the_housing_sheets_small_counts(
        cli, register, tmp_path):
    assert cli("dwelling", "add", "--address", "Prøvegata 1", "--rooms", "1", "--vacant-from",
               "2015-02-01").code == 0
    assert cli("person", "add", "--name", "Kari Testesen", "--situation", "UTE", "--since",
               "2015-01-10").code == 0
    assert cli("stay", "add", "P0001", "KOMMUNAL", "--from", "2015-03-01", "--dwelling", "D0001").code == 0
    sent, own = tmp_path / "husbanken.xlsx", tmp_path / "egen.xlsx"
    period = ("--from", "2015-01-01", "--to", "2015-12-31")
    assert cli("report", *period, "--xlsx", str(sent)).code == 0
    assert cli("report", *period, "--xlsx", str(own), "--no-suppress").code == 0
    hidden = load_workbook(sent)["Ledige boliger og tildeling"]
    values = {row[0]: row[1] for row in hidden.iter_rows(values_only=True) if row and row[0]}
    assert values["… herav bostedsløse bosatt i boligene (bosettinger med --dwelling)"] == "x"  # 1 is small: hidden in the one sent out
    sheet = load_workbook(own)["Ledige boliger og tildeling"]
    values = {row[0]: row[1] for row in sheet.iter_rows(values_only=True) if row and row[0]}
    assert values["… herav bostedsløse bosatt i boligene (bosettinger med --dwelling)"] == 1  # shown only in the municipality's own
    assert "Ledige boliger og tildeling" in cli("report", *period).out
