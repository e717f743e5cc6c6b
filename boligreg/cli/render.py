"""Turn register data into what a person reads: cells, tables and the person card."""

from datetime import date

from boligreg.domain.codes import RELEASE, Need, NeedValue
from boligreg.domain.dates import age_on, show_date
from boligreg.domain.fnr import mask_fnr
from boligreg.domain.models import History, Person
from boligreg.domain.timeline import episodes, stay_end
from boligreg.i18n import t


def code_text(code) -> str:
    return f"{code.value} {t('code_' + code.value)}" if code else ""


def person_label(person: Person) -> str:
    """Name with masked fødselsnummer: the way a person is shown in every listing."""
    fnr = mask_fnr(person.fnr)
    return f"{person.display_name} ({fnr})" if fnr else person.display_name


def needs_text(person: Person, sensitive: bool) -> str:
    """Health needs are shown as a flag only, unless the reader asked for the sensitive view."""
    yes = [n for n in Need if getattr(person, f"need_{n.value}") == NeedValue.YES]
    if not yes:
        known = any(getattr(person, f"need_{n.value}") != NeedValue.UNKNOWN for n in Need)
        return t("needs_none") if known else t("needs_unknown")
    if not sensitive:
        return t("needs_flag")
    return ", ".join(t("need_" + n.value) for n in yes)


def person_card(history: History, today: date, inactive_after_days: int, sensitive: bool):
    """The whole card of `person show`, as a list of rich renderables."""
    from rich.table import Table
    from rich.text import Text

    person = history.person
    parts = []
    header = Table.grid(padding=(0, 2))
    header.add_column(style="bold")
    header.add_column()
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
    for label, value in rows:
        if value:
            header.add_row(label, value)
    parts.append(header)

    stays = Table(title=t("title_timeline"), title_justify="left", expand=False)
    for key in ("col_from", "col_to", "col_situation", "col_place", "col_release", "col_lease"):
        stays.add_column(t(key))
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
        stays.add_row(show_date(stay.start), show_date(stay_end(history.stays, index)),
                      code_text(stay.code), place, show_date(stay.release), lease)
    for exit_ in history.exits:
        stays.add_row(show_date(exit_.date), "", t("exit_" + exit_.reason.value), "", "", "")
    parts.append(stays)

    eps = episodes(history, inactive_after_days)
    if eps:
        table = Table(title=t("title_episodes"), title_justify="left")
        for key in ("col_from", "col_to", "col_inflow", "col_outflow", "col_days"):
            table.add_column(t(key))
        for ep in eps:
            end = ep.end if ep.end and ep.end <= today else None
            days = ((end or today) - ep.start).days if ep.start <= today else 0
            table.add_row(show_date(ep.start), show_date(end), t("inflow_" + ep.inflow.value),
                          t("outflow_" + ep.outflow.value) if end and ep.outflow else "",
                          str(days))
        parts.append(table)

    plan = history.plan
    plan_text = Text()
    if plan:
        plan_text.append(t("title_plan") + "\n", style="bold")
        if plan.route:
            plan_text.append(f"{t('col_route')}: {code_text(plan.route)}\n")
        if plan.target:
            overdue = plan.target < today
            plan_text.append(f"{t('col_target')}: {show_date(plan.target)}")
            plan_text.append(f" ({t('overdue')})\n" if overdue else "\n",
                             style="bold" if overdue else "")
        if plan.wishes:
            plan_text.append(f"{t('col_wishes')}: {plan.wishes}\n")
        if plan.responsible:
            plan_text.append(f"{t('col_responsible')}: {plan.responsible}\n")
    else:
        plan_text.append(t("no_plan") + "\n", style="bold")
    parts.append(plan_text)

    if history.steps:
        table = Table(title=t("title_steps"), title_justify="left")
        for key in ("col_no", "col_step", "col_owner", "col_due", "col_done"):
            table.add_column(t(key))
        for step in history.steps:
            text = step.text + (f" [{t('meeting_action')}]" if step.meeting_id else "")
            overdue = step.due and not step.done and step.due < today
            table.add_row(str(step.no), text, step.owner or "",
                          show_date(step.due) + (" !" if overdue else ""),
                          show_date(step.done) or t("open"))
        parts.append(table)

    if history.applications:
        table = Table(title=t("title_applications"), title_justify="left")
        for key in ("col_id", "col_kind", "col_received", "col_decision", "col_decided"):
            table.add_column(t(key))
        for app in history.applications:
            decision = app.decision_on(today)
            table.add_row(app.id, t("app_" + app.kind.value), show_date(app.received),
                          t("decision_" + decision.value) if decision else t("pending"),
                          show_date(app.withdrawn or app.decided))
        parts.append(table)

    if history.contacts:
        table = Table(title=t("title_contacts"), title_justify="left")
        for key in ("col_date", "col_kind", "col_by", "col_note"):
            table.add_column(t(key))
        for contact in history.contacts[-10:]:
            table.add_row(show_date(contact.date), t("contact_" + contact.kind.value),
                          contact.by or "", contact.note or "")
        parts.append(table)
    return parts
