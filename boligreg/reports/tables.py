"""The period figures laid out as labelled tables: one list feeds the terminal and the workbook."""

from dataclasses import dataclass, field
from datetime import date

from boligreg.domain.codes import Inflow, Outflow
from boligreg.i18n import t
from boligreg.reports.figures import AGE_BANDS, RETURN_BUCKETS, PeriodFigures


@dataclass
class Row:
    label: str
    values: list
    kind: str = "count"  # count (suppressible), days, share, date, text, check


@dataclass
class Section:
    key: str
    title: str
    headers: list[str]
    rows: list[Row] = field(default_factory=list)
    number_formats: dict[int, str] = field(default_factory=dict)
    """A value column's own number format (by its index in the rows' values): a year is 2002,
    not 2 002."""


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


def sections(f: PeriodFigures, produced: date) -> list[Section]:
    s, e = f.start, f.end
    flows = f.flows
    summary = Section("summary", t("sheet_summary"), [t("col_figure"), t("col_value")], [
        Row(t("fig_municipality"), [f.municipality or "–"], "text"),
        Row(t("fig_period_from"), [f.period_from], "date"),
        Row(t("fig_period_to"), [f.period_to], "date"),
        Row(t("fig_produced"), [produced], "date"),
        Row(t("fig_homeless_start"), [s.total]),
        Row(t("fig_homeless_end"), [e.total]),
        Row(t("fig_inflow_total"), [flows.inflow_total]),
        Row(t("fig_outflow_total"), [flows.outflow_total]),
        Row(t("fig_housed"), [flows.outflow[Outflow.HOUSED.value]]),
        *[Row(f"  {t('code_' + k)}", [v]) for k, v in flows.housed_by_dwelling.items()],
        Row(t("fig_housed_hf"), [flows.housed_housing_first]),
        Row(t("fig_waiting_list"), [f.municipal.waiting_list_end]),
        Row(t("fig_zero_vision_homeless"), [f.zero_vision.homeless_wanting_housing]),
        Row(t("fig_zero_vision_target"), [f.zero_vision.target], "date"),
        Row(t("fig_check"), [t("yes") if flows.identity_holds else t("no")], "check"),
    ])
    stock_headers = [t("col_category"), t("col_at_start"), t("col_at_end")]
    stock = Section("stock", t("sheet_stock"), stock_headers, [
        Row(t("fig_total"), [s.total, e.total]),
        *[Row(f"{k} {t('code_' + k)}", [s.by_situation[k], e.by_situation[k]]) for k in s.by_situation],
        *[Row(t("gender_" + g) if g != "unknown" else t("gender_unknown"),
              [s.by_gender[g], e.by_gender[g]]) for g in s.by_gender],
        *[Row(t("age_" + b), [s.by_age_band[b], e.by_age_band[b]]) for b in AGE_BANDS],
        Row(t("fig_with_children"), [s.households_with_children, e.households_with_children]),
        Row(t("fig_under_6m"), [s.under_6_months, e.under_6_months]),
        Row(t("fig_over_6m"), [s.over_6_months, e.over_6_months]),
        Row(t("fig_day"), [s.day, e.day], "date"),
    ])
    flow = Section("flows", t("sheet_flows"), [t("col_category"), t("col_count")], [
        *[Row(f"{t('fig_in')}: {t('inflow_' + k.value)}", [flows.inflow[k.value]]) for k in Inflow],
        Row(t("fig_inflow_total"), [flows.inflow_total]),
        *[Row(f"{t('fig_out')}: {t('outflow_' + k.value)}", [flows.outflow[k.value]]) for k in Outflow],
        *[Row(f"  {t('outflow_housed')}: {t('code_' + k)}", [v]) for k, v in flows.housed_by_dwelling.items()],
        Row(t("fig_housed_hf"), [flows.housed_housing_first]),
        Row(t("fig_outflow_total"), [flows.outflow_total]),
        Row(t("fig_identity", start=s.total, inflow=flows.inflow_total, outflow=flows.outflow_total,
              end=e.total), [t("yes") if flows.identity_holds else t("no")], "check"),
    ])
    h = f.housing
    housing = Section("housing", t("sheet_housing"), [t("col_category"), t("col_value")], [
        Row(t("fig_placements"), [h.placements]),
        Row(t("fig_days_median"), [h.days_to_housing_median], "days"),
        Row(t("fig_days_mean"), [h.days_to_housing_mean], "days"),
        *[Row(t("fig_return_" + b), [h.returns_after_housing[b]]) for b in RETURN_BUCKETS],
        Row(t("fig_after_target"), [h.placements_after_target]),
    ])
    m = f.temporary
    temporary = Section("temporary", t("sheet_temporary"), [t("col_category"), t("col_count")], [
        Row(t("fig_midl_households"), [m.households]),
        Row(t("fig_midl_over_3m"), [m.over_3_months]),
        Row(t("fig_midl_children"), [m.with_children]),
    ])
    r = f.releases
    releases = Section("releases", t("sheet_releases"), [t("col_category"), t("col_count")], [
        Row(t("fig_released_homeless"), [r.into_homelessness]),
        Row(t("fig_released_known"), [r.known_two_months_ahead]),
        Row(t("fig_released_arranged"), [r.into_arranged_dwelling]),
    ])
    k = f.municipal
    municipal = Section("municipal", t("sheet_municipal"), [t("col_category"), t("col_count")], [
        Row(t("fig_app_received"), [k.received]),
        Row(t("fig_app_granted"), [k.granted]),
        Row(t("fig_app_refused"), [k.refused]),
        Row(t("fig_app_withdrawn"), [k.withdrawn]),
        Row(t("fig_waiting_list"), [k.waiting_list_end]),
        Row(t("fig_app_pending"), [k.pending_end]),
    ])
    hf = f.housing_first
    housing_first = Section("housing_first", t("sheet_housing_first"), [t("col_category"), t("col_count")], [
        Row(t("fig_hf_participants"), [hf.participants]),
        Row(t("fig_hf_housed"), [hf.housed]),
        Row(t("fig_hf_reached"), [hf.reached_12_months]),
        Row(t("fig_hf_still"), [hf.still_housed_12_months]),
    ])
    z = f.zero_vision
    zero = Section("zero_vision", t("sheet_zero_vision"), [t("col_category"), t("col_value")], [
        Row(t("fig_zero_vision_target"), [z.target], "date"),
        *([Row(t("fig_days_since_target"), [-z.days_left], "days")] if z.days_left is not None
          and z.days_left < 0 else [Row(t("fig_days_left"), [z.days_left], "days")]),
        Row(t("fig_zero_vision_homeless"), [z.homeless_wanting_housing]),
    ])
    q = f.data_quality
    quality = Section("quality", t("sheet_quality"), [t("col_category"), t("col_count"), t("col_share")], [
        Row(t("fig_q_persons"), [q.persons, None]),
        Row(t("fig_q_plan"), [q.missing_plan, _share(q.missing_plan, q.persons)], "count_share"),
        Row(t("fig_q_consent"), [q.missing_consent, _share(q.missing_consent, q.persons)], "count_share"),
        Row(t("fig_q_contact"), [q.no_contact_90_days, _share(q.no_contact_90_days, q.persons)], "count_share"),
        Row(t("fig_q_birth"), [q.missing_birth_year, _share(q.missing_birth_year, q.persons)], "count_share"),
    ])
    from boligreg.reports.housing import housing_sections

    return [summary, stock, flow, housing, temporary, releases, municipal, housing_first, zero, quality,
            *housing_sections(f)]
