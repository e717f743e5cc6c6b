"""KOSTRA skjema 13 (yearly, to SSB): what the register can count of it.

SSB counts households, each once a year; here a person is one household (DESIGN.md). Every
figure is a pure function of the persons' histories and the year, built on the rules that own
them: timeline.runs_within (unbroken runs in temporary accommodation or a night shelter),
applications.new_tenancy and applications.on_waiting_list, and the period report's own count of
municipal applications (figures.count_municipal). Tallies add up, so a large register is counted
a part of the persons at a time (reports/counting.py).
"""

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING

from pydantic import BaseModel

from boligreg.domain.applications import new_tenancy, on_waiting_list
from boligreg.domain.codes import Situation
from boligreg.domain.dates import add_months, show_date
from boligreg.domain.housing import Dwelling
from boligreg.domain.models import History
from boligreg.domain.timeline import runs_within
from boligreg.i18n import t
from boligreg.reports.figures import Tally, count_municipal
from boligreg.reports.tables import Row, Section
from boligreg.settings import MIDL_LONG_MONTHS, MIDL_SHORT_DAYS

if TYPE_CHECKING:
    from pathlib import Path

    from boligreg.settings import Settings
    from boligreg.store.register import Register


class TemporaryAccommodation(BaseModel):
    """Households in temporary accommodation (MIDL) during the year."""

    households: int
    over_3_months: int
    up_to_14_days: int
    with_children: int
    with_children_over_3_months: int


class NightShelter(BaseModel):
    """Households in emergency night shelter (AKUTT, natthjem) during the year, counted apart."""

    households: int
    with_children: int


class MunicipalDwellings(BaseModel):
    applications_received: int
    applications_granted: int
    applications_refused: int
    newly_moved_in: int
    waiting_list_end: int


class DwellingStock(BaseModel):
    """The municipal dwellings (KOMMUNAL and OMSORG) in the register at the year's end."""

    dwellings: int
    wheelchair_accessible: int


NOT_IN_REGISTER = ("dwelling_stock", "dwellings_by_ownership", "wheelchair_accessible",
                   "rent_and_economy")
"""What skjema 13 asks that the register does not hold (the dwellings' ownership, their rents;
the dwellings themselves while the register holds none)."""
KNOWN_WITH_DWELLINGS = ("dwelling_stock", "wheelchair_accessible")
"""What the register's dwellings answer (dwelling add, the housing side)."""


class KostraFigures(BaseModel):
    year: int
    period_from: date
    period_to: date
    municipality: str
    counting_unit: str  # "household": a person in the register is one household
    temporary: TemporaryAccommodation
    night_shelter: NightShelter
    municipal: MunicipalDwellings
    dwelling_stock: DwellingStock | None = None  # None: the register holds no dwellings
    not_in_register: list[str]


def year_bounds(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def temporary_counts(history: History, code: Situation, start: date, end: date) -> dict[str, bool]:
    """One household's part in the temporary-accommodation figures for [start, end]: whether it
    was in `code` on a day of the period; whether an unbroken stay went over MIDL_LONG_MONTHS,
    counted from the stay's own start up to the period's end; whether its days there in the
    period add up to MIDL_SHORT_DAYS or fewer."""
    runs = runs_within(history, code, start, end)
    days = sum((stop - max(first, start)).days for first, stop in runs)
    return {
        "households": bool(runs),
        "over_3_months": any(add_months(first, MIDL_LONG_MONTHS) < stop for first, stop in runs),
        "up_to_14_days": bool(runs) and days <= MIDL_SHORT_DAYS,
    }


def newly_moved_in(history: History, start: date, end: date) -> bool:
    """A KOMMUNAL placement in [start, end] that is a new tenancy (applications.new_tenancy)."""
    return any(start <= stay.start <= end and new_tenancy(history, index)
               for index, stay in enumerate(history.stays))


def on_waiting_list_at(history: History, day: date) -> bool:
    """The household is on the waiting list on `day` (any of its applications is)."""
    return any(on_waiting_list(history, app, day) for app in history.applications)


def kostra_tally(histories: Iterable[History], year: int) -> Tally:
    """Count these households' part of every KOSTRA figure for the year."""
    start, end = year_bounds(year)
    result = Tally()
    counts = result.counts
    people: list[tuple[History, list]] = []
    for history in histories:
        people.append((history, []))  # count_municipal needs no episodes
        children = history.person.children > 0
        midl = temporary_counts(history, Situation.MIDL, start, end)
        for key, value in midl.items():
            counts["temporary", key] += value
        counts["temporary", "with_children"] += midl["households"] and children
        counts["temporary", "with_children_over_3_months"] += midl["over_3_months"] and children
        shelter = temporary_counts(history, Situation.AKUTT, start, end)["households"]
        counts["night_shelter", "households"] += shelter
        counts["night_shelter", "with_children"] += shelter and children
        counts["municipal", "newly_moved_in"] += newly_moved_in(history, start, end)
        counts["municipal", "households_waiting"] += on_waiting_list_at(history, end)
    count_municipal(people, start, end, counts)  # applications: the period report's own count
    return result


def count_dwelling_stock(dwellings: Iterable[Dwelling]) -> DwellingStock | None:
    """The register's dwellings and the accessible among them, as the Husbanken workbook counts
    its stock (reports.housing.count_dwellings); None when the register holds no dwelling (the
    stock is then "not in the register"). The register keeps no date a dwelling left the stock
    (there is no such command), and one is let outside the register before its first record,
    so every dwelling in it counts; one added after the year's end would too."""
    listed = list(dwellings)
    if not listed:
        return None
    return DwellingStock(dwellings=len(listed), wheelchair_accessible=sum(d.accessible for d in listed))


def dwelling_stock(reg: "Register") -> DwellingStock | None:
    """The register's dwelling stock (KOSTRA's "kommunalt disponerte boliger")."""
    from boligreg.store.dwellings import all_dwellings

    return count_dwelling_stock(all_dwellings(reg))


def kostra_figures(counted: Tally, year: int, *, municipality: str = "",
                   stock: DwellingStock | None = None) -> KostraFigures:
    """The year's figures from the whole register's tally (and its dwellings' stock)."""
    counts = counted.counts
    start, end = year_bounds(year)

    def group(name: str, model: type[BaseModel]):
        return model(**{key: counts[name, key] for key in model.model_fields})

    return KostraFigures(
        year=year, period_from=start, period_to=end, municipality=municipality,
        counting_unit="household",
        temporary=group("temporary", TemporaryAccommodation),
        night_shelter=group("night_shelter", NightShelter),
        municipal=MunicipalDwellings(
            applications_received=counts["municipal", "received"],
            applications_granted=counts["municipal", "granted"],
            applications_refused=counts["municipal", "refused"],
            newly_moved_in=counts["municipal", "newly_moved_in"],
            waiting_list_end=counts["municipal", "households_waiting"],
        ),
        dwelling_stock=stock,
        not_in_register=[key for key in NOT_IN_REGISTER
                         if stock is None or key not in KNOWN_WITH_DWELLINGS],
    )


def kostra_year(histories: Iterable[History], year: int, *, municipality: str = "") -> KostraFigures:
    """Every KOSTRA figure for the year from these histories at once."""
    return kostra_figures(kostra_tally(histories, year), year, municipality=municipality)


HIDDEN_MARK = "x"
"""How a hidden count is written (as reports.husbanken.HIDDEN)."""


def kostra_sections(f: KostraFigures, produced: date, *, apart: bool = False,
                    hidden: bool = True) -> list[Section]:
    """The figures as labelled rows, each with its definition in words, then what the register
    cannot know. The workbook has the definition beside each figure; the terminal (apart=True)
    lists the definitions after the figures, where a narrow screen has room for them."""
    m, n, k = f.temporary, f.night_shelter, f.municipal
    limits = {"months": MIDL_LONG_MONTHS, "days": MIDL_SHORT_DAYS}
    figures = [
        ("kostra_midl_households", m.households),
        ("kostra_midl_over_3m", m.over_3_months),
        ("kostra_midl_14_days", m.up_to_14_days),
        ("kostra_midl_children", m.with_children),
        ("kostra_midl_children_over_3m", m.with_children_over_3_months),
        ("kostra_akutt_households", n.households),
        ("kostra_akutt_children", n.with_children),
        ("kostra_app_received", k.applications_received),
        ("kostra_app_granted", k.applications_granted),
        ("kostra_app_refused", k.applications_refused),
        ("kostra_newly_moved_in", k.newly_moved_in),
        ("kostra_waiting_list", k.waiting_list_end),
    ]
    if f.dwelling_stock is not None:
        figures += [("kostra_dw_stock", f.dwelling_stock.dwellings),
                    ("kostra_dw_accessible", f.dwelling_stock.wheelchair_accessible)]
    counted = [(t(key, **limits), value, t(key + "_def", **limits)) for key, value in figures]
    if apart:
        about = [
            (t("fig_municipality"), f.municipality or "–", "", "text"),
            (t("fig_kostra_year"), str(f.year), t("kostra_year_def", start=show_date(f.period_from),
                                                    end=show_date(f.period_to)), "text"),
            (t("fig_produced"), produced, "", "date"),
            (t("kostra_counting_unit"), t("kostra_unit_household"), t("kostra_unit_def"), "text"),
            *[(label, value, text, "count") for label, value, text in counted],
        ]
        sheet = Section("kostra", t("sheet_kostra"), [t("col_figure"), t("col_count")],
                        [Row(label, [value], kind) for label, value, _, kind in about])
        words = Section("kostra_definitions", t("sheet_kostra_definitions"),
                        [t("col_figure"), t("col_what_it_counts")],
                        [Row(label.strip(), [text], "text") for label, _, text, _ in about if text])
        tables = [sheet, words]
    else:  # the workbook: the municipality, year and date are in the title block; the count
        # column holds counts only, each definition is one cell beside its count
        unit = f"{t('kostra_counting_unit')}: {t('kostra_unit_household')}"
        rows = [Row(unit, [None, t("kostra_unit_def")], "text"),
                *[Row(label, [value, text], "count") for label, value, text in counted]]
        if hidden:
            rows.append(Row(HIDDEN_MARK, [None, t("kostra_def_hidden")], "text"))
        rows.append(Row(t("def_label_together"), [None, t("def_together")], "text"))
        tables = [Section("kostra", t("sheet_kostra"),
                          [t("col_figure"), t("col_count"), t("col_what_it_counts")], rows)]
    missing = Section("kostra_missing", t("sheet_kostra_missing"),
                      [t("col_figure"), t("col_value")],
                      [Row(t("kostra_missing_" + key), [t("kostra_not_in_register")], "text")
                       for key in f.not_in_register])
    return [*tables, missing]


def hide_small_counts(section: Section) -> Section:
    """Each count of 1–4 written "x", as in the Husbanken workbook. Cell by cell is enough here:
    no KOSTRA figure shown is the sum of others shown, so none can be worked back from them."""
    from boligreg.reports.husbanken import HIDDEN
    from boligreg.reports.suppression import HIGH, LOW

    def hidden(value: object, kind: str) -> object:
        small = kind == "count" and isinstance(value, int) and LOW <= value <= HIGH
        return HIDDEN if small else value

    return Section(section.key, section.title, section.headers,
                   [Row(row.label, [hidden(v, row.kind) for v in row.values], row.kind)
                    for row in section.rows])


def write_kostra_workbook(figures: KostraFigures, path: "Path", *, settings: "Settings", made: date,
                          hide_small: bool, force: bool, anchor: str | None = None) -> None:
    """`report kostra --xlsx`: small counts hidden, or (--no-suppress) exact, to be typed into
    SSB's form and marked so on every page; A4, title block and the log's head as the Husbanken
    workbook has them."""
    from boligreg.reports.husbanken import report_page
    from boligreg.reports.xlsx import report_workbook

    tables = kostra_sections(figures, made, hidden=hide_small)
    if hide_small:
        tables = [hide_small_counts(section) for section in tables]
    municipality = settings.municipality or t("register")
    title = t("kostra_title", municipality=municipality, year=str(figures.year))
    page = report_page(settings, figures.period_from, figures.period_to, made, hide_small,
                       warning_key="kostra_exact_warning", header=title,
                       made_key="kostra_line_made" if hide_small else "report_line_made_on")
    report_workbook(tables, path, title=title, author=municipality, page=page, force=force,
                    anchor=anchor)
