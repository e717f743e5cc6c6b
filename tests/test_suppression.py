"""Complete suppression of small counts: the leaks a reader found in the workbook, the engine
against an independent audit (integer programs, scipy) on random figures, and the model's
layout against reports/tables.py."""

import os
from dataclasses import replace
from datetime import date, timedelta
from importlib.util import find_spec
from pathlib import Path
from statistics import mean, median

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from boligreg.domain.codes import PLACEMENTS, Gender, Inflow, Outflow, Situation
from boligreg.reports.figures import AGE_BANDS, RETURN_BUCKETS, PeriodFigures, period_figures
from boligreg.reports.suppression import (
    HIGH,
    LOW,
    Key,
    Mark,
    Model,
    Suppression,
    cell_by_cell,
    exposed,
    report_model,
    suppress,
)
from boligreg.reports.tables import sections
from tests.histories import BASE, histories

# the audit solves integer programs with scipy, a test dependency (pyproject's test extra): a
# developer without it skips these; CI, which installs it, fails instead
audited = pytest.mark.skipif(find_spec("scipy") is None and not os.environ.get("BOLIGREG_REQUIRE_TOOLS"),
                             reason="the audit needs scipy")

SITUATIONS = [s.value for s in Situation if s not in PLACEMENTS]
GENDERS = [g.value for g in Gender] + ["unknown"]
DWELLINGS = [s.value for s in Situation if s in PLACEMENTS]
FAST = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# --- figures built by hand --------------------------------------------------------------------


def snapshot(day: date, total: int, over_6: int = 0) -> dict:
    """Everyone in MIDL, of unknown gender and age: one place for each breakdown's count."""
    return {
        "day": day, "total": total,
        "by_situation": {k: total if k == "MIDL" else 0 for k in SITUATIONS},
        "by_gender": {k: total if k == "unknown" else 0 for k in GENDERS},
        "by_age_band": {k: total if k == "unknown" else 0 for k in AGE_BANDS},
        "households_with_children": 0, "under_6_months": total - over_6, "over_6_months": over_6,
    }


def zeros(*names: str) -> dict[str, int]:
    return dict.fromkeys(names, 0)


def figures(start: int = 0, inflow: dict | None = None, outflow: dict | None = None,
            dwellings: dict | None = None, end_over_6: int = 0, missing_plan: int = 0,
            waits: tuple[int, ...] = ()) -> PeriodFigures:
    """Consistent figures with nothing small but what a case puts there; 20 homeless at the end
    unless the flows say otherwise."""
    inflow = zeros(*(k.value for k in Inflow)) | (inflow if inflow is not None else {"new": 20})
    dwell = zeros(*DWELLINGS) | (dwellings or {})
    outflow = zeros(*(k.value for k in Outflow)) | (outflow or {}) | {"housed": sum(dwell.values())}
    end = start + sum(inflow.values()) - sum(outflow.values())
    assert len(waits) == outflow["housed"]
    flows = {
        "inflow": inflow, "inflow_total": sum(inflow.values()), "outflow": outflow,
        "outflow_total": sum(outflow.values()), "housed_by_dwelling": dwell,
        "housed_housing_first": 0, "identity_holds": True,
    }
    housing = {
        "placements": len(waits),
        "days_to_housing_median": float(median(waits)) if waits else None,
        "days_to_housing_mean": round(mean(waits), 1) if waits else None,
        "returns_after_housing": zeros(*RETURN_BUCKETS) | {"0_180": inflow["returned_housing"]},
        "placements_after_target": 0,
    }
    return PeriodFigures.model_validate({
        "period_from": date(2016, 1, 1), "period_to": date(2016, 6, 30),
        "municipality": "Testvik",
        "start": snapshot(date(2015, 12, 31), start, start),
        "end": snapshot(date(2016, 6, 30), end, end_over_6),
        "flows": flows, "housing": housing,
        "temporary": zeros("over_3_months", "with_children") | {"households": end},
        "releases": zeros("into_homelessness", "known_two_months_ahead",
                          "into_arranged_dwelling"),
        "municipal": zeros("received", "granted", "refused", "withdrawn", "waiting_list_end",
                           "pending_end"),
        "housing_first": zeros("participants", "housed", "reached_12_months",
                               "still_housed_12_months"),
        "zero_vision": {"target": None, "days_left": None, "homeless_wanting_housing": 0},
        "data_quality": zeros("missing_consent", "no_contact_90_days", "missing_birth_year")
        | {"persons": end, "missing_plan": missing_plan},
    })


def check_complete(model: Model, result: Suppression) -> None:
    assert exposed(model, result) == []
    small = {k for k, v in model.values.items() if result.low <= v <= result.high}
    assert small <= result.primary | result.secondary
    assert result.primary <= small


# --- the four leaks a reader found, and the figures shown on two sheets ------------------------


@audited
def test_a_share_beside_its_whole_gives_the_count_back():
    """Datakvalitet: Mangler boligplan <5 | 0.1 beside 20 homeless gives 2."""
    model = report_model(figures(missing_plan=2))
    count, share = ("data_quality", "missing_plan"), ("data_quality", "missing_plan", "share")
    assert model.key_at("quality", 1, 0) == count and model.key_at("quality", 1, 1) == share
    assert {count, share} <= set(exposed(model, cell_by_cell(model)))
    result = suppress(model)
    check_complete(model, result)
    assert result.mark(count) == Mark.SMALL and result.mark(share) == Mark.HIDDEN


@audited
def test_a_total_and_the_other_part_give_the_count_back():
    """Bostedsløse: I alt 20, under 6 måneder 19, 6 måneder eller mer <5 gives 1."""
    model = report_model(figures(end_over_6=1))
    over = ("end", "over_6_months")
    assert exposed(model, cell_by_cell(model)) == [over]
    result = suppress(model)
    check_complete(model, result)
    assert result.secondary == {("end", "under_6_months")}  # a part, not the total of 20
    assert result.mark(("end", "total")) == Mark.SHOWN


@audited
def test_the_identity_gives_the_outflow_back():
    """Sammendrag: start 0, Tilgang 22, Avgang <5, slutt 20 gives 2 (end = start + in − out)."""
    model = report_model(figures(inflow={"new": 22}, outflow={"inactive": 2}))
    assert ("flows", "outflow_total") in exposed(model, cell_by_cell(model))
    result = suppress(model)
    check_complete(model, result)
    assert result.hidden & {("start", "total"), ("end", "total"), ("flows", "inflow_total")}


@audited
def test_statistics_of_a_hidden_group_are_hidden():
    """Bosetting: Bosettinger <5 but median = mean = 132.5."""
    model = report_model(figures(inflow={"new": 22}, dwellings={"PRIVAT": 2}, waits=(100, 165)))
    median_key = ("housing", "days_to_housing_median")
    mean_key = ("housing", "days_to_housing_mean")
    assert model.statistics[median_key].value == model.statistics[mean_key].value == 132.5
    assert {median_key, mean_key} <= set(exposed(model, cell_by_cell(model)))
    result = suppress(model)
    check_complete(model, result)
    assert {median_key, mean_key} <= result.statistics


def test_a_figure_on_two_sheets_is_one_cell():
    model = report_model(figures(end_over_6=1))
    end = ("end", "total")
    assert model.key_at("summary", 5, 0) == model.key_at("stock", 0, 1) == end
    assert model.key_at("quality", 0, 0) == end  # the persons of the data quality sheet
    assert model.key_at("summary", 6, 0) == model.key_at("flows", len(Inflow), 0) == (
        "flows", "inflow_total")
    assert model.key_at("summary", 8, 0) == model.key_at("housing", 0, 0) == (
        "flows", "outflow", "housed")  # Bosatt on the summary, Bosettinger on its own sheet
    identity_row = len(Inflow) + len(Outflow) + len(DWELLINGS) + 3
    assert model.label_keys["flows", identity_row]["outflow"] == ("flows", "outflow_total")


def test_an_identity_the_report_says_fails_is_no_relation():
    f = figures(end_over_6=1)
    broken = f.model_copy(update={"flows": f.flows.model_copy(update={"identity_holds": False})})
    assert len(report_model(broken).relations) == len(report_model(f).relations) - 1


def test_the_reports_relations_form_a_forest_but_for_one_fact_of_the_half_year():
    """What makes the engine's own reasoning exact on the report (module doc): even with every
    cell hidden, no two relations share two cells and no chain of them comes back, except
    through "over 6 months at the end of a half year ≤ homeless at its start". Where that one
    closes a cycle among hidden cells, the slower and more cautious search decides."""
    from boligreg.reports import suppression

    model = report_model(figures(start=10, inflow={"new": 9}, outflow={"moved": 5},
                                 end_over_6=10))
    half_year = suppression.Relation(((("end", "over_6_months"), 1), (("start", "total"), -1)),
                                     inequality=True, total=("start", "total"))
    assert half_year in model.relations
    everything = [suppression.HIDDEN] * len(model.values)
    parts = suppression._components(suppression._Problem(model, 1, 4, True), everything)
    assert [part.exact for part in parts].count(False) == 1
    model.relations.remove(half_year)
    parts = suppression._components(suppression._Problem(model, 1, 4, True), everything)
    assert all(part.exact for part in parts)


@audited
def test_over_6_months_at_the_end_of_a_half_year_were_there_at_its_start():
    """Start 10, in 9, out 5, end 14 of whom 10 over 6 months: under 6 months <5 is 4, as all
    10 over 6 months at the end of a half year were among the 10 at its start."""
    model = report_model(figures(start=10, inflow={"new": 9}, outflow={"moved": 5},
                                 end_over_6=10))
    result = suppress(model)
    check_complete(model, result)
    without = Model(model.values, [r for r in model.relations if r.terms[0][0] != (
        "end", "over_6_months")], model.statistics)
    assert exposed(model, suppress(without)) == [("end", "under_6_months"),
                                                 ("end", "over_6_months")]


def test_figures_that_should_agree_but_do_not_are_refused():
    f = figures(dwellings={"PRIVAT": 6}, waits=(1, 2, 3, 4, 5, 6))
    with pytest.raises(ValueError, match="in one place"):
        more = f.housing.model_copy(update={"placements": 7})
        report_model(f.model_copy(update={"housing": more}))
    broken = f.model_copy(update={"end": f.end.model_copy(update={"over_6_months": 3})})
    with pytest.raises(ValueError, match="break"):
        report_model(broken)


# --- the generic engine -----------------------------------------------------------------------


def test_nothing_small_hides_nothing():
    model = report_model(figures(start=30, inflow={"new": 25}, outflow={"moved": 15}))
    assert suppress(model).hidden == frozenset()


@audited
def test_four_small_parts_of_a_small_total_are_each_one():
    """Four "<5" summing to a "<5" are 1 each whatever else is hidden: one of them is "x"."""
    model = Model()
    parts = [model.cell(("part", str(i)), 1) for i in range(4)]
    model.total(model.cell(("total",), 4), parts)
    assert len(exposed(model, cell_by_cell(model))) == 5
    result = suppress(model)
    check_complete(model, result)
    assert len(result.secondary) == 1 and len(result.primary) == 4


@audited
def test_small_counts_written_like_the_others_tell_nothing():
    """Every hidden count "x": a reader learns no range from the mark, so four small parts of a
    small total need nothing more, and the marks say "x" for all five."""
    model = Model()
    parts = [model.cell(("part", str(i)), 1) for i in range(4)]
    model.total(model.cell(("total",), 4), parts)
    result = suppress(model, tell_small=False)
    assert exposed(model, result) == [] and result.secondary == frozenset()
    assert {result.mark(k) for k in model.values} == {Mark.HIDDEN}


@audited
def test_a_stricter_reader_who_takes_every_x_for_large():
    """T = 6 shown, a = 1 "<5", b = 5 "x": for the asked reader b may be 2..5, but a reader who
    knows that 1..4 are written "<5" takes b for 5 and a for 1. The audit can show it."""
    model = Model()
    a, b = model.cell(("a",), 1), model.cell(("b",), 5)
    model.total(model.cell(("t",), 6), [a, b])
    result = suppress(model)
    assert result.secondary == {b} and exposed(model, result) == []
    assert exposed(model, result, x_never_small=True) == [a, b]
    assert exposed(model, suppress(model, tell_small=False), x_never_small=True) == []


@audited
def test_a_cross_table_is_protected_through_its_totals():
    """A cycle of relations (the rows and columns of one table) is decided by search, and
    complete. The move search is a walk over a tree, so here it hides the small cell's row and
    column totals rather than the rectangle of four inner cells a person would choose: fine
    for the report, which has no cycles, a known weakness for cross tables."""
    values = [[1, 7, 9], [8, 6, 10], [12, 11, 5]]
    model = Model()
    cells = [[model.cell(("cell", str(r), str(c)), v) for c, v in enumerate(row)]
             for r, row in enumerate(values)]
    for r, row in enumerate(cells):
        model.total(model.cell(("row", str(r)), sum(values[r])), row)
    for c in range(3):
        model.total(model.cell(("column", str(c)), sum(row[c] for row in values)),
                    [row[c] for row in cells])
    result = suppress(model)
    check_complete(model, result)
    assert result.hidden == {("cell", "0", "0"), ("row", "0"), ("column", "0")}


@audited
def test_coefficients_other_than_one():
    """2·a + b == t: the engine cannot use intervals alone here and searches."""
    model = Model()
    a, b, t = model.cell(("a",), 3), model.cell(("b",), 10), model.cell(("t",), 16)
    model.equation({a: 2, b: 1, t: -1})
    assert exposed(model, cell_by_cell(model)) == [a]
    check_complete(model, suppress(model))


def test_a_statistic_over_a_small_count_is_hidden_even_when_it_is_shown():
    model = Model()
    group = model.cell(("group",), 3)
    model.statistic(("median",), 12.0, [], over=group)
    assert suppress(model).statistics == {("median",)}


def test_relations_the_values_break_are_refused():
    model = Model()
    a, b = model.cell(("a",), 2), model.cell(("b",), 3)
    with pytest.raises(ValueError):
        model.total(b, [a])
    with pytest.raises(ValueError):
        model.subset(b, a)
    with pytest.raises(ValueError):
        model.cell(a, 5)


# --- random figures ---------------------------------------------------------------------------

SMALL_OR_NOT = st.one_of(st.just(0), st.integers(1, 4), st.integers(5, 30))
NOT_SMALL = st.one_of(st.just(0), st.integers(5, 30))


@st.composite
def at_most(draw, limit: int, small: bool = True) -> int:
    """A count of 0..limit, often small (or, without small counts, never 1..4)."""
    if not small:
        return draw(st.sampled_from([v for v in (0, *range(5, limit + 1)) if v <= limit]))
    return draw(st.one_of(st.just(0), st.integers(0, min(limit, 4)), st.integers(0, limit)))


@st.composite
def split(draw, total: int, names: list[str], small: bool = True) -> dict[str, int]:
    """total in parts, often small ones; without small counts the parts are 0 or ≥ 5 (then
    total must be 0 or ≥ 5 too)."""
    if small:
        parts, left = [], total
        for _ in names[:-1]:
            parts.append(draw(at_most(left)))
            left -= parts[-1]
        parts.append(left)
    else:
        some = draw(st.integers(min(1, total), min(len(names), total // 5)))
        parts = [5] * some + [0] * (len(names) - some)
        if some:
            parts[draw(st.integers(0, some - 1))] += total - 5 * some
    return dict(zip(names, draw(st.permutations(parts))))


@st.composite
def drawn_snapshot(draw, day: date, total: int, small: bool,
                   over_at_most: int | None = None) -> dict:
    """over_at_most: at the end of a half year, only those homeless at its start can be over 6
    months (kept where it leaves no small count that should not be there)."""
    under, over = draw(split(total, ["under", "over"], small)).values()
    if over_at_most is not None and over > over_at_most and (small or over_at_most == 0):
        under, over = total - over_at_most, over_at_most
    return {
        "day": day, "total": total,
        "by_situation": draw(split(total, SITUATIONS, small)),
        "by_gender": draw(split(total, GENDERS, small)),
        "by_age_band": draw(split(total, list(AGE_BANDS), small)),
        "households_with_children": draw(at_most(total, small)),
        "under_6_months": under, "over_6_months": over,
    }


@st.composite
def drawn_figures(draw, small: bool = True) -> PeriodFigures:
    """Figures that keep every relation: parts drawn, totals computed from them."""
    count = SMALL_OR_NOT if small else NOT_SMALL
    start = sum(draw(st.lists(count, min_size=1, max_size=3)))
    inflow = {k.value: draw(count) for k in Inflow}
    dwell = {k: draw(count) for k in DWELLINGS}
    outflow = {k.value: draw(count) for k in Outflow} | {"housed": sum(dwell.values())}
    end = start + sum(inflow.values()) - sum(outflow.values())
    if end < 0:  # more left than there were: the rest came in new
        inflow["new"] -= end
        end = 0
    if not small and (0 < inflow["new"] < 5 or 0 < end < 5):
        inflow["new"] += 5
        end += 5
    housed = outflow["housed"]
    waits = draw(st.lists(st.integers(0, 400), min_size=housed, max_size=housed))
    end_snapshot = draw(drawn_snapshot(date(2016, 6, 30), end, small, start))
    households = end_snapshot["by_situation"]["MIDL"] + draw(count)
    into = draw(count)
    flows_first = draw(at_most(housed, small))
    reached = draw(count)
    flows = {
        "inflow": inflow, "inflow_total": sum(inflow.values()), "outflow": outflow,
        "outflow_total": sum(outflow.values()), "housed_by_dwelling": dwell,
        "housed_housing_first": flows_first, "identity_holds": True,
    }
    housing = {
        "placements": housed,
        "days_to_housing_median": float(median(waits)) if waits else None,
        "days_to_housing_mean": round(mean(waits), 1) if waits else None,
        "returns_after_housing": draw(split(inflow["returned_housing"], list(RETURN_BUCKETS),
                                            small)),
        "placements_after_target": draw(at_most(housed, small)),
    }
    return PeriodFigures.model_validate({
        "period_from": date(2016, 1, 1), "period_to": date(2016, 6, 30),
        "municipality": "Testvik",
        "start": draw(drawn_snapshot(date(2015, 12, 31), start, small)), "end": end_snapshot,
        "flows": flows, "housing": housing,
        "temporary": {"households": households,
                      "over_3_months": draw(at_most(households, small)),
                      "with_children": draw(at_most(households, small))},
        "releases": {"into_homelessness": into,
                     "known_two_months_ahead": draw(at_most(into, small)),
                     "into_arranged_dwelling": draw(count)},
        "municipal": {k: draw(count) for k in ("received", "granted", "refused", "withdrawn",
                                               "waiting_list_end", "pending_end")},
        "housing_first": {"participants": draw(count), "housed": flows_first + draw(count),
                          "reached_12_months": reached,
                          "still_housed_12_months": draw(at_most(reached, small))},
        "zero_vision": {"target": None, "days_left": None,
                        "homeless_wanting_housing": draw(at_most(end, small))},
        "data_quality": {"persons": end} | {k: draw(at_most(end, small)) for k in (
            "missing_plan", "missing_consent", "no_contact_90_days", "missing_birth_year")},
    })


def related(model: Model, key: tuple) -> set:
    """Every cell tied to this one through a chain of relations."""
    seen, todo = {key}, [key]
    while todo:
        current = todo.pop()
        for relation in model.relations:
            keys = [k for k, _ in relation.terms]
            if current in keys:
                todo.extend(k for k in keys if k not in seen)
                seen.update(keys)
    return seen


@pytest.mark.slow
@audited
@FAST
@given(f=drawn_figures(), tell_small=st.booleans())
def test_no_hidden_count_can_be_worked_out(f, tell_small):
    model = report_model(f)
    result = suppress(model, tell_small=tell_small)
    check_complete(model, result)
    small = {k for k, v in model.values.items() if 1 <= v <= 4}
    reach = set().union(*(related(model, k) for k in small)) if small else set()
    assert result.secondary <= reach  # nothing hidden that no small count is tied to
    for stat in model.statistics.values():  # a statistic is hidden exactly with its group
        group_hidden = any(k in result.hidden for k in stat.depends_on) or (
            stat.over is not None and 1 <= model.values[stat.over] <= 4)
        assert (stat.key in result.statistics) == group_hidden


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(f=drawn_figures(small=False))
def test_figures_without_small_counts_hide_nothing(f):
    assert not any(1 <= v <= 4 for v in report_model(f).values.values())
    assert suppress(report_model(f)).hidden == frozenset()


@pytest.mark.slow
@audited
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(f=drawn_figures())
def test_every_secondary_cell_is_needed(f):
    """Showing any one "x" again, or writing a small "x" as "<5", lets a small count out."""
    model = report_model(f)
    result = suppress(model)
    for key in result.secondary:
        small = 1 <= model.values[key] <= 4
        less = replace(result, secondary=result.secondary - {key},
                       primary=result.primary | {key} if small else result.primary)
        leaks = exposed(model, less)
        assert any(1 <= model.values.get(k, 0) <= 4 for k in leaks), key


@audited
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(people=st.lists(histories(), min_size=1, max_size=6),
       period=st.tuples(st.integers(0, 900), st.integers(0, 500)))
def test_the_relations_hold_on_figures_counted_from_histories(people, period):
    people = [replace(p, person=replace(p.person, id=f"P{i:04d}")) for i, p in enumerate(people)]
    start = BASE + timedelta(days=period[0])
    f = period_figures(people, start, start + timedelta(days=period[1]), inactive_after_days=90)
    model = report_model(f)  # refuses a relation that the figures break
    check_complete(model, suppress(model))


@audited
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), rows=st.integers(2, 3), columns=st.integers(2, 4))
def test_cross_tables(data, rows, columns):
    """A model with cycles: the engine's search against the audit."""
    values = [[data.draw(SMALL_OR_NOT) for _ in range(columns)] for _ in range(rows)]
    model = Model()
    cells = [[model.cell(("cell", str(r), str(c)), v) for c, v in enumerate(row)]
             for r, row in enumerate(values)]
    for r in range(rows):
        model.total(model.cell(("row", str(r)), sum(values[r])), cells[r])
    column_totals = []
    for c in range(columns):
        column_totals.append(model.cell(("column", str(c)), sum(row[c] for row in values)))
        model.total(column_totals[-1], [row[c] for row in cells])
    model.total(model.cell(("all",), sum(map(sum, values))), column_totals)
    check_complete(model, suppress(model))


# --- the model's places against the sheets of reports/tables.py --------------------------------


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(f=drawn_figures())
def test_every_count_on_every_sheet_has_its_key(f):
    model = report_model(f)
    placed = set()
    for section in sections(f, date(2016, 7, 1)):
        for row_index, row in enumerate(section.rows):
            for column, value in enumerate(row.values):
                key = model.key_at(section.key, row_index, column)
                suppressible = isinstance(value, int) and (
                    row.kind == "count" or (row.kind == "count_share" and column == 0))
                if key is None:  # a date, a text, a check, the days left to the target
                    assert not suppressible, (section.key, row_index, row.label)
                    continue
                placed.add(key)
                if key in model.values:
                    assert suppressible and model.values[key] == value, (section.key, row.label)
                else:
                    assert model.statistics[key].value == value, (section.key, row.label)
    assert placed == set(model.values) | set(model.statistics)
    for (section, row), fields in model.label_keys.items():
        label = next(s for s in sections(f, date(2016, 7, 1)) if s.key == section).rows[row].label
        for key in fields.values():
            assert str(model.values[key]) in label


# --- what the reader of the workbook found (user test) ---------------------------------------


def _prefixed(model: Model, hidden: Suppression, prefix: str) -> tuple[Model, set[Key]]:
    """A copy of a report's model with every key under `prefix`, for a reader holding two."""
    m = Model()
    for key, value in model.values.items():
        m.cell((prefix, *key), value)
    for relation in model.relations:
        m.equation({(prefix, *k): c for k, c in relation.terms}, inequality=relation.inequality)
    return m, {(prefix, *k) for k in hidden.primary | hidden.secondary}


@audited
def test_no_birth_year_and_the_unknown_age_are_one_figure():
    """Datakvalitet's «Mangler fødselsår» is the stock's «ukjent alder» at the end: a reader took
    one from the other and worked out the oldest age band (500 persons, 2nd half of 2022)."""
    f = figures()  # 20 homeless at the end
    ages = {"under_25": 0, "25_34": 5, "35_49": 8, "50_66": 6, "67_plus": 1, "unknown": 0}
    f = f.model_copy(update={"end": f.end.model_copy(update={"by_age_band": ages})})
    model = report_model(f)
    assert model.key_at("quality", 4, 0) == ("end", "by_age_band", "unknown")
    assert exposed(model, suppress(model, tell_small=False)) == []


def _joint_exposure(first: PeriodFigures, second: PeriodFigures, suppress_one) -> list[Key]:
    """What a reader holding both half-year reports can work out, knowing that the first one's
    last day and the second one's count day before its start are one day, with one stock."""
    models = [report_model(f) for f in (first, second)]
    hidden = [suppress_one(f, m) for f, m in zip((first, second), models)]
    together, both = Model(), set()
    for prefix, model, marks in (("h1", models[0], hidden[0]), ("h2", models[1], hidden[1])):
        copy, keys = _prefixed(model, marks, prefix)
        together.values.update(copy.values)
        together.relations.extend(copy.relations)
        both |= keys
    for key in (k for k in models[0].values if k[0] == "end"):
        together.equation({("h1", *key): 1, ("h2", "start", *key[1:]): -1})
    return exposed(together, Suppression(LOW, HIGH, frozenset(both), frozenset(), frozenset(),
                                         tell_small=False))


@pytest.mark.slow
@audited
def test_two_half_years_sharing_a_count_day_give_nothing_away_together(tmp_path):
    """Husbanken gets a report every half year, and one's last day is the count day before the
    next one's start. A reader of the workbooks found small counts from the two together (40
    persons, 2nd half of 2023 and 1st of 2024; 60 persons, 2023): each report hid that day's
    cells its own way. Now each count day's stock is hidden as that day alone decides."""
    import subprocess
    import sys

    from boligreg.reports.husbanken import complete_suppression
    from boligreg.store import open_register

    bench = Path(__file__).resolve().parent.parent / "bench" / "make_register.py"
    path = tmp_path / "b40.db"
    subprocess.run([sys.executable, str(bench), "40", "--out", str(path), "--today", "2026-11-01"],
                   check=True, capture_output=True)
    reg = open_register(path)
    people = reg.histories(steps=False)
    reg.close()
    first = period_figures(people, date(2023, 7, 1), date(2023, 12, 31), inactive_after_days=90)
    second = period_figures(people, date(2024, 1, 1), date(2024, 6, 30), inactive_after_days=90)
    alone = _joint_exposure(first, second, lambda f, m: suppress(m, tell_small=False))
    assert alone  # each report on its own: a small count of the shared day is worked out
    assert _joint_exposure(first, second, complete_suppression) == []
