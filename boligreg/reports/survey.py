"""The national homelessness survey (NIBR/OsloMet, week 48 every four years): one anonymous
form per person homeless at any time in the week.

Every answer is a pure function of the person's history, their episodes and the week, built on
the rules that own them: timeline.episodes (who is homeless on a day, and since when), stay_on
(the situation on a day), figures.age_in_year and figures.age_band (age as the period report
counts it). A form holds no name, id, fødselsnummer, birth date, address or free text; with
`dedup` (the survey's own fields for removing duplicates across services) it adds the birth
year and the initials.
"""

from collections.abc import Callable, Iterable
from datetime import date, timedelta
from typing import TYPE_CHECKING

from pydantic import BaseModel

from boligreg.domain.codes import LISTED_CODES, Gender, Income, NeedValue, Situation
from boligreg.domain.dates import add_months, show_date, show_week
from boligreg.domain.models import History, Person
from boligreg.domain.timeline import Episode, episodes, stay_on
from boligreg.i18n import t
from boligreg.reports.figures import AGE_BANDS, age_band, age_in_year
from boligreg.reports.tables import Row, Section
from boligreg.settings import SURVEY_DURATION_MONTHS, SURVEY_EVICTED_MONTHS

if TYPE_CHECKING:
    from pathlib import Path

    from boligreg.settings import Settings

SITUATIONS = tuple(s.value for s in Situation if s in LISTED_CODES)
GENDERS = (*(g.value for g in Gender), "unknown")
BORN = ("norway", "abroad", "unknown")
ANSWERS = ("yes", "no", "unknown")
DURATIONS = ("under_3_months", "3_6_months", "over_6_months")
INCOMES = (*(i.value for i in Income), "unknown")
ANSWER_KEYS: dict[str, tuple[str, ...]] = {
    "situation": SITUATIONS, "gender": GENDERS, "age_band": AGE_BANDS, "born": BORN,
    "children": ("yes", "no"), "children_living_with": ANSWERS, "homeless_for": DURATIONS,
    "repeatedly": ("yes", "no"), "substance_dependence": ANSWERS, "mental_illness": ANSWERS,
    "income": INCOMES, "evicted_last_6_months": ANSWERS,
}
"""Every variable the summary counts, with every answer it can have ("unknown" included)."""


class SurveyRow(BaseModel):
    """One person's form. No name, id, fødselsnummer, birth date, address or free text."""

    municipality: str
    gender: str  # F, M, X or unknown
    age: int | None  # the age reached in the week's year (from the birth year)
    age_band: str
    born: str  # norway, abroad or unknown
    children: int  # children under 18
    children_living_with: str | None  # yes, no or unknown; None without children
    situation: str  # the national code on the last day of the week the person was homeless
    homeless_for: str  # under_3_months, 3_6_months or over_6_months, to the week's end
    repeatedly: bool  # more than one episode by the week's end
    substance_dependence: str  # yes, no or unknown (the coded need, never a diagnosis)
    mental_illness: str  # yes, no or unknown
    income: str  # social_assistance, benefits, work, other or unknown
    evicted_last_6_months: str  # yes, no or unknown
    birth_year: int | None = None  # only with --dedup-fields
    initials: str | None = None  # only with --dedup-fields


class SituationSummary(BaseModel):
    total: int
    by_gender: dict[str, int]
    by_age_band: dict[str, int]


class SurveyFigures(BaseModel):
    week: str
    first_day: date
    last_day: date
    municipality: str
    counting_unit: str  # "person": one form per person
    dedup_fields: bool
    total: int
    by_situation: dict[str, SituationSummary]
    answers: dict[str, dict[str, int]]
    rows: list[SurveyRow]


def homeless_in_week(eps: list[Episode], monday: date, sunday: date) -> tuple[Episode, date] | None:
    """The last day of the week the person was homeless (an episode active that day), with that
    episode; None when they were homeless on no day of it."""
    found: tuple[Episode, date] | None = None
    for ep in eps:
        first = max(ep.start, monday)
        last = sunday if ep.end is None or ep.end > sunday else ep.end - timedelta(days=1)
        if first <= last and (found is None or last > found[1]):
            found = (ep, last)
    return found


def homeless_for(start: date, day: date) -> str:
    """How long homeless, from the episode's start to `day`: under 3 months, 3 to 6 months
    (both included), over 6 months."""
    short, long = SURVEY_DURATION_MONTHS
    if day < add_months(start, short):
        return "under_3_months"
    return "3_6_months" if day <= add_months(start, long) else "over_6_months"


def evicted_recently(evicted: date | None, day: date) -> str:
    """Evicted in the SURVEY_EVICTED_MONTHS up to `day`: yes; the latest eviction recorded was
    before them: no; none recorded, or only a later one: unknown."""
    if evicted is None or evicted > day:
        return "unknown"
    return "yes" if evicted >= add_months(day, -SURVEY_EVICTED_MONTHS) else "no"


def initials(person: Person) -> str | None:
    """The first letters of the first and the last name (the survey's duplicate check); none
    for a person known by an alias only."""
    words = (person.name or "").split()
    if not words:
        return None
    return (words[0][0] + (words[-1][0] if len(words) > 1 else "")).upper()


def _known(value: bool | None) -> str:
    return "unknown" if value is None else "yes" if value else "no"


def _need(value: NeedValue) -> str:
    return value.value


def survey_row(history: History, eps: list[Episode], monday: date, sunday: date, *,
               municipality: str = "", dedup: bool = False) -> SurveyRow | None:
    """The person's form for the week, or None when they were not homeless in it."""
    found = homeless_in_week(eps, monday, sunday)
    if found is None:
        return None
    episode, last = found
    person = history.person
    stay = stay_on(history.stays, last)
    assert stay is not None  # an active episode lies inside a stay
    age = age_in_year(person.birth_year, sunday)
    return SurveyRow(
        municipality=municipality,
        gender=person.gender.value if person.gender else "unknown",
        age=age,
        age_band=age_band(age),
        born="unknown" if person.born_abroad is None else "abroad" if person.born_abroad else "norway",
        children=person.children,
        children_living_with=_known(person.children_living_with) if person.children else None,
        situation=stay.code.value,
        homeless_for=homeless_for(episode.start, sunday),
        repeatedly=sum(1 for ep in eps if ep.start <= sunday) > 1,
        substance_dependence=_need(person.need_rus),
        mental_illness=_need(person.need_psykisk),
        income=person.income.value if person.income else "unknown",
        evicted_last_6_months=evicted_recently(person.evicted, sunday),
        birth_year=person.birth_year if dedup else None,
        initials=initials(person) if dedup else None,
    )


def _answer(row: SurveyRow, variable: str) -> str:
    if variable == "children":
        return "yes" if row.children else "no"
    if variable == "repeatedly":
        return "yes" if row.repeatedly else "no"
    return getattr(row, variable)


def survey_rows(histories: Iterable[History], monday: date, sunday: date,
                inactive_after_days: int, municipality: str = "", dedup: bool = False) -> list[SurveyRow]:
    """The forms of these persons for the week (a person not homeless in it gives none). Forms
    add up as lists, so a large register's are made a part of the persons at a time."""
    rows = []
    for history in histories:
        row = survey_row(history, episodes(history, inactive_after_days), monday, sunday,
                         municipality=municipality, dedup=dedup)
        if row is not None:
            rows.append(row)
    return rows


def survey_summary(rows: list[SurveyRow], monday: date, sunday: date, *, municipality: str = "",
                   dedup: bool = False) -> SurveyFigures:
    """The week's forms, in an order that says nothing of who is who (not the id order, which
    is the order registered), and their summary."""
    rows = sorted(rows, key=lambda r: (SITUATIONS.index(r.situation), GENDERS.index(r.gender),
                                       r.age is None, r.age or 0, r.model_dump_json()))
    answers = {variable: dict.fromkeys(keys, 0) for variable, keys in ANSWER_KEYS.items()}
    for row in rows:
        for variable, counted in answers.items():
            answer = _answer(row, variable)
            if answer is not None:  # children living with: only those with children answer
                counted[answer] += 1
    by_situation = {}
    for code in SITUATIONS:
        chosen = [r for r in rows if r.situation == code]
        by_situation[code] = SituationSummary(
            total=len(chosen),
            by_gender={g: sum(1 for r in chosen if r.gender == g) for g in GENDERS},
            by_age_band={b: sum(1 for r in chosen if r.age_band == b) for b in AGE_BANDS},
        )
    return SurveyFigures(
        week=show_week(monday), first_day=monday, last_day=sunday, municipality=municipality,
        counting_unit="person", dedup_fields=dedup, total=len(rows), by_situation=by_situation,
        answers=answers, rows=rows,
    )


def survey_figures(histories: Iterable[History], monday: date, sunday: date, *,
                   inactive_after_days: int, municipality: str = "",
                   dedup: bool = False) -> SurveyFigures:
    """Every form for the week and their summary, from these histories at once."""
    rows = survey_rows(histories, monday, sunday, inactive_after_days, municipality, dedup)
    return survey_summary(rows, monday, sunday, municipality=municipality, dedup=dedup)


# --- the layout: summary, answers, forms and definitions, in the reader's words ---------------

def _situation_label(code: str) -> str:
    return f"{code} {t('code_' + code)}"


def _gender_label(gender: str) -> str:
    return t("survey_gender_" + gender)


def answer_text(variable: str, answer: str) -> str:
    """One answer in the reader's words."""
    if variable == "situation":
        return _situation_label(answer)
    if variable == "gender":
        return _gender_label(answer)
    if variable == "age_band":
        return t("age_" + answer)
    if variable == "income" and answer != "unknown":
        return t("income_" + answer)
    if variable in ("born", "homeless_for"):
        return t(f"survey_{variable}_{answer}")
    return t("survey_answer_" + answer)


VARIABLE_KEYS = ("gender", "age_band", "born", "children", "children_living_with", "situation",
                 "homeless_for", "repeatedly", "substance_dependence", "mental_illness", "income",
                 "evicted_last_6_months")
FORM_COLUMNS = ("municipality", "gender", "age", "born", "children", "children_living_with",
                "situation", "homeless_for", "repeatedly", "substance_dependence",
                "mental_illness", "income", "evicted_last_6_months")


def summary_section(f: SurveyFigures, part: str | None = None) -> Section:
    """Homeless in the week by situation (rows) and gender and age band (columns); `part`
    'gender' or 'age' gives one of the two halves, its rows labelled by code alone (the
    terminal's width; the answers name the codes)."""
    genders = GENDERS if part != "age" else ()
    bands = AGE_BANDS if part != "gender" else ()
    headers = [t("col_situation"), t("fig_total"), *map(_gender_label, genders),
               *(t("survey_age_" + b) for b in bands)]
    rows = []
    for code, s in f.by_situation.items():
        rows.append(Row(code if part else _situation_label(code), [s.total, *(s.by_gender[g] for g in genders),
                                                 *(s.by_age_band[b] for b in bands)]))
    rows.append(Row(t("fig_total"), [f.total, *(sum(s.by_gender[g] for s in f.by_situation.values())
                                                for g in genders),
                                     *(sum(s.by_age_band[b] for s in f.by_situation.values())
                                       for b in bands)]))
    key = "survey_summary" if part is None else f"survey_summary_{part}"
    return Section(key, t("sheet_" + key), headers, rows)


def answers_section(f: SurveyFigures) -> Section:
    rows = [Row(t("survey_week_label"), [f"{f.week} ({show_date(f.first_day)}–{show_date(f.last_day)})"], "text"),
            Row(t("fig_municipality"), [f.municipality or "–"], "text"),
            Row(t("survey_forms"), [f.total])]
    for variable in VARIABLE_KEYS:
        for answer, count in f.answers[variable].items():
            rows.append(Row(f"{t('survey_var_' + variable)}: {answer_text(variable, answer)}", [count]))
    return Section("survey_answers", t("sheet_survey_answers"), [t("col_category"), t("col_count")], rows)


def forms_section(f: SurveyFigures) -> Section:
    """One row per form, in the reader's words (numbers stay numbers)."""
    columns = [*FORM_COLUMNS, *(("birth_year", "initials") if f.dedup_fields else ())]
    headers = [t("survey_col_no"), *(t("survey_var_" + c) for c in columns)]
    rows = []
    for number, row in enumerate(f.rows, start=1):
        values: list = []
        for column in columns:
            value = getattr(row, column)
            if column in ("municipality", "initials"):
                values.append(value or "–")
            elif column in ("age", "children", "birth_year"):
                values.append(value)
            elif column == "children_living_with" and value is None:
                values.append("–")
            else:
                values.append(answer_text(column, _answer(row, column)))
        rows.append(Row(str(number), values, "text"))
    year = columns.index("birth_year") if "birth_year" in columns else None
    return Section("survey_forms", t("sheet_survey_forms"), headers, rows,
                   number_formats={} if year is None else {year: YEAR_FORMAT})


YEAR_FORMAT = "0"
"""A year as a year: 2002, never 2 002."""


DEFINITIONS = ("homeless", "unit", "situation", "age", "homeless_for", "repeatedly", "needs",
               "children", "income", "evicted", "unknown", "order", "small")


def definitions_section(f: SurveyFigures) -> Section:
    """Each answer's definition in words (in the workbook one wrapped cell each)."""
    keys = [*DEFINITIONS, *(("dedup",) if f.dedup_fields else ())]
    short, long = SURVEY_DURATION_MONTHS
    rows = []
    for key in keys:
        text = t("survey_def_" + key, short=short, long=long, months=SURVEY_EVICTED_MONTHS)
        label = t("survey_defname_" + key)
        rows.append(Row(label, [text], "text"))
    return Section("survey_definitions", t("sheet_survey_definitions"), [t("col_figure"), t("col_what_it_counts")], rows)


def survey_sections(f: SurveyFigures, *, forms: bool) -> list[Section]:
    """The workbook (forms=True): the summary first, the forms, the answers, the definitions.
    The terminal (forms=False): the summary in two halves, the answers and the definitions."""
    if forms:
        return [summary_section(f), forms_section(f), answers_section(f),
                definitions_section(f)]
    return [summary_section(f, "gender"), summary_section(f, "age"), answers_section(f),
            definitions_section(f)]


def write_survey_workbook(figures: SurveyFigures, path: "Path", *, settings: "Settings", made: date,
                          force: bool, record: Callable[[], None]) -> None:
    """`report survey --xlsx`: the summary and the forms, A4 with the title block. No "x": the
    forms themselves are the survey's rows, and every count follows from them. `record` logs the
    forms leaving the register before the file gets its name."""
    from boligreg.reports.husbanken import report_page
    from boligreg.reports.xlsx import Page, report_workbook

    municipality = settings.municipality or t("register")
    title = t("survey_title", municipality=municipality, week=figures.week)
    made_on = show_date(made)
    # the Husbanken workbook's title block (municipality and number, the week as the period,
    # unit, contact, date made); nothing is hidden, so no "x" is explained; and no "aggregates
    # only" on any page, for the workbook holds a form per person
    page = report_page(settings, figures.first_day, figures.last_day, made, hide_small=True,
                       header=title, made_key="report_line_made_on",
                       footer=t("survey_footer", date=made_on))
    forms = Page(title_lines=page.title_lines, header=f"{t('confidential')} — {title}",
                 footer_left=t("survey_forms_footer", week=figures.week, date=made_on))
    report_workbook(survey_sections(figures, forms=True), path, title=title, author=municipality,
                    page=page, force=force, record=record, pages={"survey_forms": forms})
