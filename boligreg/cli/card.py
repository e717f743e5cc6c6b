"""The person card of `person show`: who, timeline, episodes, plan, steps, applications, contacts."""

from datetime import date

from boligreg.domain.codes import RELEASE, Need, NeedValue, Situation
from boligreg.domain.dates import age_on, show_date
from boligreg.domain.fnr import mask_fnr
from boligreg.domain.models import History, Person
from boligreg.domain.timeline import episodes, stay_end
from boligreg.i18n import number, t
from boligreg.settings import CARD_CONTACTS


def code_text(code: Situation | None) -> str:
    return f"{code.value} {t('code_' + code.value)}" if code else ""


def needs_text(person: Person, sensitive: bool) -> str:
    """Health needs are shown as a flag only, unless the reader asked for the sensitive view."""
    yes = [n for n in Need if getattr(person, f"need_{n.value}") == NeedValue.YES]
    if not yes:
        known = any(getattr(person, f"need_{n.value}") != NeedValue.UNKNOWN for n in Need)
        return t("needs_none") if known else t("needs_unknown")
    if not sensitive:
        return t("needs_flag")
    return ", ".join(t("need_" + n.value) for n in yes)


def person_card(history: History, today: date, inactive_after_days: int, sensitive: bool,
                width: int | None = None) -> list[str]:
    """The whole card of `person show`, as plain lines (see cli/text_table.py); the long text
    columns shrink to fit `width` when it is a terminal's."""
    from boligreg.cli.text_table import table_lines

    person = history.person
    age = age_on(person.born, person.birth_year, today)
    rows = [
        (t("col_id"), person.id),
        (t("col_name"), person.name or ""),
        (t("col_alias"), person.alias or ""),
        (t("col_fnr"), mask_fnr(person.fnr)),
        (t("col_age"), "" if age is None else str(age)),
        (t("col_gender"), t("gender_" + person.gender.value) if person.gender else ""),
        (t("col_children"), str(person.children)),
        (t("col_needs"), needs_text(person, sensitive)),
        (t("col_wants_housing"), t("yes") if person.wants_housing else t("no")),
        (t("col_consent"), show_date(person.consent) or t("missing")),
        (t("col_caseworker"), person.caseworker or ""),
        (t("col_phone"), person.phone or ""),
        (t("col_registered"), show_date(person.registered)),
        (t("col_anonymised"), show_date(person.anonymised) if person.anonymised else ""),
    ]
    shown = [(label, value) for label, value in rows if value]
    label_width = max(len(label) for label, _ in shown)
    lines = [f"{label.ljust(label_width)}  {value}" for label, value in shown]

    def section(title_key: str, header_keys: tuple[str, ...], cells: list[list[str]],
                flexible: tuple[int, ...] = ()) -> None:
        lines.extend(["", t(title_key), *table_lines([t(k) for k in header_keys], cells, width, flexible)])

    timeline = []
    for index, stay in enumerate(history.stays):
        place = stay.place or ""
        if stay.code in RELEASE and not sensitive:
            place = t("hidden") if place else ""
        lease = ""
        if stay.lease:
            lease = t("lease_" + stay.lease.value)
            if stay.lease_end:
                lease += " " + show_date(stay.lease_end)
        if stay.housing_first:
            lease = (lease + " · " + t("housing_first")).strip(" ·")
        timeline.append([show_date(stay.start), show_date(stay_end(history.stays, index)),
                         code_text(stay.code), place, show_date(stay.release), lease])
    for exit_ in history.exits:
        timeline.append([show_date(exit_.date), "", t("exit_" + exit_.reason.value), "", "", ""])
    section("title_timeline", ("col_from", "col_to", "col_situation", "col_place", "col_release",
                               "col_lease"), timeline, flexible=(2, 3, 5))

    eps = episodes(history, inactive_after_days)
    if eps:
        cells = []
        for ep in eps:
            end = ep.end if ep.end and ep.end <= today else None
            days = ((end or today) - ep.start).days if ep.start <= today else 0
            cells.append([show_date(ep.start), show_date(end), t("inflow_" + ep.inflow.value),
                          t("outflow_" + ep.outflow.value) if end and ep.outflow else "", number(days)])
        section("title_episodes", ("col_from", "col_to", "col_inflow", "col_outflow", "col_days"),
                cells, flexible=(2, 3))

    plan = history.plan
    lines.append("")
    if plan:
        lines.append(t("title_plan"))
        if plan.route:
            lines.append(f"{t('col_route')}: {code_text(plan.route)}")
        if plan.target:
            overdue = f" ({t('overdue')})" if plan.target < today else ""
            lines.append(f"{t('col_target')}: {show_date(plan.target)}{overdue}")
        if plan.wishes:
            lines.append(f"{t('col_wishes')}: {plan.wishes}")
        if plan.responsible:
            lines.append(f"{t('col_responsible')}: {plan.responsible}")
    else:
        lines.append(t("no_plan"))

    if history.steps:
        cells = []
        for step in history.steps:
            text = step.text + (f" [{t('meeting_action')}]" if step.meeting_id else "")
            late = bool(step.due and not step.done and step.due < today)
            cells.append([str(step.no), text, step.owner or "",
                          show_date(step.due) + (" !" if late else ""),
                          show_date(step.done) or t("no")])
        section("title_steps", ("col_no", "col_step", "col_owner", "col_due", "col_done"), cells,
                flexible=(1, 2))

    if history.applications:
        cells = []
        for app in history.applications:
            decision = app.decision_on(today)
            cells.append([app.id, t("app_" + app.kind.value), show_date(app.received),
                          t("decision_" + decision.value) if decision else t("pending"),
                          show_date(app.withdrawn or app.decided)])
        section("title_applications", ("col_id", "col_kind", "col_received", "col_decision",
                                       "col_decided"), cells, flexible=(1,))

    if history.contacts:
        cells = [[show_date(c.date), t("contact_" + c.kind.value), c.by or "", c.note or ""]
                 for c in history.contacts[-CARD_CONTACTS:]]
        section("title_contacts", ("col_date", "col_kind", "col_by", "col_note"), cells,
                flexible=(2, 3))
    return lines


def housing_lines(history: History, participations: list, addresses: dict[str, str],
                  today: date) -> list[str]:
    """The card's housing side: the municipal dwelling the person lives in (a tenancy, with its
    lease) and their Housing First participations."""
    from boligreg.domain.housing_codes import move_in, participation_state, tenancy_end

    lines: list[str] = []
    stays = history.stays
    for index, stay in enumerate(stays):
        end = tenancy_end(stays, index, history.exits)
        if not stay.dwelling_id or stay.start > today or (end is not None and end <= today):
            continue
        lease = t("lease_" + stay.lease.value) if stay.lease else ""
        if stay.lease_end:
            lease += " " + t("lease_until", date=show_date(stay.lease_end))
        lines.append(t("card_tenancy", id=stay.dwelling_id, address=addresses.get(stay.dwelling_id, ""),
                       date=show_date(stay.start), lease=lease.strip()))
    for p in participations:
        shown = participation_state(p, today) or "invited"
        home = move_in(p, stays)
        text = t("card_hf", state=t("hf_state_" + shown), invited=show_date(p.invited))
        if p.answered and p.answer:
            text += " · " + t("card_hf_answered", answer=t("hf_answer_" + p.answer.value),
                              date=show_date(p.answered))
        if home is not None:
            text += " · " + t("card_hf_moved_in", date=show_date(home.start), code=home.code.value)
        if p.ended and p.end_reason:
            text += " · " + t("card_hf_ended", date=show_date(p.ended),
                              reason=t("hf_end_" + p.end_reason.value))
        lines.append(text)
    return ["", t("title_housing"), *lines] if lines else []
