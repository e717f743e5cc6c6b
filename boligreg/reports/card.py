"""The person card of `person show`: who, timeline, episodes, plan, steps, applications and
contacts, as text in the reader's words. The terminal (cli/card.py) and the A4 printout
(reports/printout.py, templates/person.html) show the same card."""

from dataclasses import dataclass, field
from datetime import date

from boligreg.domain.codes import RELEASE, Need, NeedValue, Situation
from boligreg.domain.dates import age_on, show_date
from boligreg.domain.fnr import mask_fnr
from boligreg.domain.models import History, Person
from boligreg.domain.timeline import episodes, stay_end
from boligreg.i18n import number, t
from boligreg.reports.status_text import OVERDUE, unbroken
from boligreg.settings import CARD_CONTACTS


@dataclass(slots=True)
class CardPart:
    """One part of the card: a title, then label/value facts or a table (or neither: the
    title says it all, as "No housing plan.")."""

    key: str  # timeline, episodes, plan, steps, applications, contacts
    title: str
    facts: list[tuple[str, str]] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    """The columns' catalog keys (col_from …): how each is laid out (cli/card.py)."""
    headers: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    alert: set[str] = field(default_factory=set)
    """The labels of facts that need action (a passed date target)."""
    lines: list[str] = field(default_factory=list)
    """Sentences (the tenancy, Housing First): each a paragraph of its own."""


@dataclass(slots=True)
class Card:
    id: str
    name: str
    facts: list[tuple[str, str]]
    parts: list[CardPart]


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


def known_text(value: bool | None) -> str:
    """Yes or no; blank when unknown (the card leaves out what is not known)."""
    return "" if value is None else t("yes") if value else t("no")


def _table(key: str, title_key: str, header_keys: tuple[str, ...], rows: list[list[str]],
           always: int | None = None) -> CardPart:
    """A table part; past the first `always` columns, a column no row fills is left out (a
    timeline with no release date or lease fits 80 columns)."""
    kept = [i for i in range(len(header_keys))
            if always is None or i < always or any(row[i] for row in rows)]
    return CardPart(key, t(title_key), columns=[header_keys[i] for i in kept],
                    headers=[t(header_keys[i]) for i in kept],
                    rows=[[row[i] for i in kept] for row in rows])


def person_card(history: History, today: date, inactive_after_days: int, sensitive: bool,
                participations: list | None = None, addresses: dict[str, str] | None = None,
                merged: list[tuple[str, date | None]] | None = None) -> Card:
    """The whole card, as read on `today`. Masked numbers and a date with its overdue mark are
    joined by no-break spaces, so neither is ever split across lines. `participations` (Housing
    First) and `addresses` (of the municipal dwellings in the stays) are the housing side's;
    `merged`: the records merged into this one, each with the day of its merge, so an id in old
    minutes is traced from the card («Slått sammen fra: P0002 (01.12.2026)»)."""
    person = history.person
    age = age_on(person.born, person.birth_year, today)
    facts = [
        (t("col_id"), person.id),
        (t("col_name"), person.name or ""),
        (t("col_alias"), person.alias or ""),
        (t("col_fnr"), unbroken(mask_fnr(person.fnr))),
        (t("col_age"), "" if age is None else str(age)),
        (t("col_gender"), t("gender_" + person.gender.value) if person.gender else ""),
        (t("col_children"), str(person.children)),
        (t("col_children_living_with"), known_text(person.children_living_with) if person.children else ""),
        (t("col_born_abroad"), "" if person.born_abroad is None
         else t("born_abroad") if person.born_abroad else t("born_in_norway")),
        (t("col_income"), t("income_" + person.income.value) if person.income else ""),
        (t("col_evicted"), show_date(person.evicted)),
        (t("col_needs"), needs_text(person, sensitive)),
        (t("col_wants_housing"), t("yes") if person.wants_housing else t("no")),
        (t("col_consent"), show_date(person.consent) or t("missing")),
        (t("col_caseworker"), person.caseworker or ""),
        (t("col_phone"), person.phone or ""),
        (t("col_registered"), show_date(person.registered)),
        (t("col_known_since"), show_date(person.known_from)
         if person.known_from != person.registered else ""),
        (t("col_anonymised"), show_date(person.anonymised) if person.anonymised else ""),
        (t("col_merged_from"), ", ".join(unbroken(f"{pid} ({show_date(day)})" if day else pid)
                                         for pid, day in merged or [])),
    ]
    parts = []

    timeline = []  # each stay's own number, as `stay edit ID N` takes them
    for index, stay in enumerate(history.stays):
        place = stay.place or ""
        if stay.code in RELEASE and not sensitive:
            place = t("hidden") if place else ""
        lease = ""
        if stay.lease:
            lease = t("lease_" + stay.lease.value)
            if stay.lease_end:
                lease = unbroken(f"{lease} {show_date(stay.lease_end)}")
        if stay.housing_first:  # a name, and a lease with its end, read whole
            lease = (lease + " · " + unbroken(t("housing_first"))).strip(" ·")
        timeline.append([str(stay.no), show_date(stay.start), show_date(stay_end(history.stays, index)),
                         code_text(stay.code), place, show_date(stay.release), lease])
    for exit_ in history.exits:
        timeline.append(["", show_date(exit_.date), "", t("exit_" + exit_.reason.value), "", "", ""])
    parts.append(_table("timeline", "title_timeline", ("col_no", "col_from", "col_to", "col_situation",
                                                        "col_place", "col_release", "col_lease"),
                        timeline, always=5))

    eps = episodes(history, inactive_after_days)
    if eps:
        rows = []
        for ep in eps:
            end = ep.end if ep.end and ep.end <= today else None
            days = ((end or today) - ep.start).days if ep.start <= today else 0
            rows.append([show_date(ep.start), show_date(end), t("inflow_" + ep.inflow.value),
                         t("outflow_" + ep.outflow.value) if end and ep.outflow else "", number(days)])
        parts.append(_table("episodes", "title_episodes", ("col_from", "col_to", "col_inflow",
                                                            "col_outflow", "col_days"), rows))

    plan = history.plan
    if plan:
        part = CardPart("plan", t("title_plan"))
        if plan.route:
            part.facts.append((t("col_route"), code_text(plan.route)))
        if plan.target:
            overdue = plan.target < today
            part.facts.append((t("col_target"), show_date(plan.target) +
                               (f" ({t('overdue')})" if overdue else "")))
            if overdue:
                part.alert.add(t("col_target"))
        if plan.wishes:
            part.facts.append((t("col_wishes"), plan.wishes))
        if plan.responsible:
            part.facts.append((t("col_responsible"), plan.responsible))
        parts.append(part)
    else:
        parts.append(CardPart("plan", t("no_plan")))

    if history.steps:
        rows = []
        for step in history.steps:
            text = step.text + (f" [{t('meeting_action')}]" if step.meeting_id else "")
            late = bool(step.due and not step.done and step.due < today)
            rows.append([str(step.no), text, step.owner or "",
                         show_date(step.due) + (OVERDUE if late else ""),
                         show_date(step.done) or t("open")])
        parts.append(_table("steps", "title_steps", ("col_no", "col_step", "col_owner", "col_due",
                                                      "col_done"), rows))

    if history.applications:
        rows = []
        for app in history.applications:
            made = [r for r in app.rulings if r.date <= today]
            text = t("decision_" + made[-1].decision.value) if made else t("pending")
            if len(made) > 1:  # a decision changed on appeal: the earlier ones stay in view
                text = t("decision_after", decision=text, earlier=", ".join(
                    f"{t('decision_' + r.decision.value)} {show_date(r.date)}" for r in made[:-1]))
            rows.append([app.id, t("app_" + app.kind.value), show_date(app.received), text,
                         show_date(made[-1].date) if made else ""])
        parts.append(_table("applications", "title_applications", ("col_id", "col_kind",
                                                                    "col_received", "col_decision",
                                                                    "col_decided"), rows))

    if history.contacts:
        first = max(0, len(history.contacts) - CARD_CONTACTS)  # each its own number, as `contact edit` takes it
        rows = [[str(c.no), show_date(c.date), t("contact_" + c.kind.value), c.by or "", c.note or ""]
                for c in history.contacts[first:]]
        parts.append(_table("contacts", "title_contacts", ("col_no", "col_date", "col_kind", "col_by",
                                                            "col_note"), rows))
    housing = housing_lines(history, participations or [], addresses or {}, today)
    if housing:
        parts.append(CardPart("housing", t("title_housing"), lines=housing))
    return Card(id=person.id, name=person.display_name, facts=[f for f in facts if f[1]], parts=parts)


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
        state = participation_state(p, today) or "invited"
        home = move_in(p, stays)
        text = (t("card_hf_invited", invited=show_date(p.invited)) if state == "invited" else
                t("card_hf", state=t("hf_state_" + state), invited=show_date(p.invited)))
        if p.answered and p.answer:
            text += " · " + t("card_hf_answered", answer=t("hf_answer_" + p.answer.value),
                              date=show_date(p.answered))
        if home is not None:
            text += " · " + t("card_hf_moved_in", date=show_date(home.start), code=home.code.value)
        if p.ended and p.end_reason:
            text += " · " + t("card_hf_ended", date=show_date(p.ended),
                              reason=t("hf_end_" + p.end_reason.value))
        lines.append(text)
    return lines
