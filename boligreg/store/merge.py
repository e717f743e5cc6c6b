"""Use case: merge two records of one person (DESIGN.md § Corrections).

Two records are merged only when nothing says they are two people: a merge is refused when
their fødselsnummer, birth dates or birth years differ (a number typed wrong is corrected with
`person update` first). Everything of the merged record moves to the one it is merged into:
stays, exits, contacts, plan steps and meeting actions, applications, and the plan's and the
person's empty fields. Each moved stay, contact and step gets the next number on the card of
the person it now belongs to (numbers are never given twice); a meeting's action keeps the id
its minutes recorded it for (`minutes_id`). The two timelines must follow one another: the
history that begins first must have nothing after the other one's first stay (a stay alike in
both, same code and day, counts once), and two stays alike in every field on one day are one.
The merged record stays as a pointer that keeps only the name and alias it was registered
under, so its id in old minutes still resolves and `person find` by its old name leads to the
person it now is; frozen meeting lists keep it (store.meetings.last_closed reads it as the
person it now is). Logged, and the figures afterwards are those of one person who had both
histories.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from boligreg.domain.codes import ExitReason, NeedValue
from boligreg.domain.dates import show_date
from boligreg.domain.fnr import mask_fnr
from boligreg.domain.models import History, Person, Stay, as_json
from boligreg.errors import InvalidInput
from boligreg.store.guards import reason_text
from boligreg.store.register import Register
from boligreg.store.retention import PERSON_TEXT

FILLED = ("name", "alias", "fnr", "born", "birth_year", "gender", "caseworker", "phone", "consent",
          "need_rus", "need_psykisk", "need_somatisk", "need_oppfolging")
"""The person fields the merged-into record takes from the other when it has none itself."""
POINTER_KEEPS = ("name", "alias", "name_key", "alias_key")
"""What the pointer keeps of the merged record: enough for `person find` to lead to it."""
SAME_STAY = ("code", "start", "place", "release", "lease", "lease_end", "housing_first")
"""Two stays alike in these are one stay typed twice."""


@dataclass
class Merged:
    """What a merge moved: counts per kind of record, the new card numbers of the merged
    record's stays, contacts and steps, and the stays found twice (by their old numbers)."""

    source: str
    target: str
    moved: dict[str, int] = field(default_factory=dict)
    renumbered: dict[str, dict[int, int]] = field(default_factory=dict)
    twice: list[int] = field(default_factory=list)


def merge_pair(reg: Register, source_id: str, target_id: str) -> tuple[History, History]:
    """The histories of the two records a merge joins, or a refusal with one line that says why
    not: the same record, a record merged already (into this one: nothing to do), deleted or
    anonymised, two records that name different people, or timelines that collide. Called
    before the question and again in the merge."""
    source = reg.person(source_id, pointer_ok=True)
    target = reg.person(target_id, pointer_ok=True)
    if source.id == target.id:
        raise InvalidInput("err_merge_self", id=source.id)
    pointers = reg.pointers()
    if source.merged_into and pointers.get(source.id) in (target.id, pointers.get(target.id, target.id)):
        raise InvalidInput("err_merge_done", id=source.id, into=pointers[source.id])
    for person in (source, target):
        if person.merged_into:
            if pointers.get(person.id) is None:
                reg.person(person.id)  # refused: a pointer to a deleted person says so
            raise InvalidInput("err_merge_pointer", id=person.id, into=pointers[person.id])
        reg.person(person.id)  # deleted: refused
        if person.anonymised:
            raise InvalidInput("err_anonymised", id=person.id)
    check_same_person(source, target)
    old, new = reg.history(source.id), reg.history(target.id)
    _, earlier, later = _timelines(old, new)
    _check_exits(old, new, [*earlier, *later])
    return old, new


def check_same_person(source: Person, target: Person) -> None:
    """Two records that name different people are never merged: different fødselsnummer,
    birth dates or birth years (a number or date typed wrong is corrected first)."""
    if source.fnr and target.fnr and source.fnr != target.fnr:
        raise InvalidInput("err_merge_fnr", id=source.id, into=target.id, fnr=mask_fnr(source.fnr),
                           other=mask_fnr(target.fnr))
    if source.born and target.born and source.born != target.born:
        raise InvalidInput("err_merge_born", id=source.id, into=target.id,
                           born=show_date(source.born), other=show_date(target.born))
    years = [p.birth_year or (p.born.year if p.born else None) for p in (source, target)]
    if None not in years and years[0] != years[1]:
        raise InvalidInput("err_merge_birth_year", id=source.id, into=target.id,
                           year=years[0], other=years[1])


def merge_persons(reg: Register, source_id: str, target_id: str, reason: str) -> Merged:
    why = reason_text(reason)
    with reg.write("person merge"):
        old, new = merge_pair(reg, source_id, target_id)
        source, target = old.person, new.person
        twice, earlier, later = _timelines(old, new)
        result = Merged(source.id, target.id, twice=[s.no for s in twice])
        for stay in twice:
            reg.table("stay").delete(stay.id)
        moving = [s for s in old.stays if s not in twice]
        # each moved stay the next number on the target's card, in timeline order
        numbers = {stay.no: reg.next_no("stay", target.id) for stay in moving}
        for stay in earlier:
            if stay.person_id == source.id:
                reg.table("stay").update(stay.id, {"person_id": target.id, "no": numbers[stay.no]})
        stay_ids = {}
        for stay in later:  # written anew, so ids rise along the merged timeline
            reg.table("stay").delete(stay.id)
            row = {k: v for k, v in as_json(stay).items() if k != "id"}
            no = numbers[stay.no] if stay.person_id == source.id else stay.no
            stay_ids[stay.id] = reg.insert("stay", dict(row, person_id=target.id, no=no))
        result.renumbered["stay"] = numbers
        result.renumbered["contact"] = {}
        for contact in old.contacts:
            result.renumbered["contact"][contact.no] = no = reg.next_no("contact", target.id)
            reg.table("contact").update(contact.id, {"person_id": target.id, "no": no})
        result.renumbered["step"] = _move_steps(reg, old, new)
        for table in ("person_exit", "application"):
            result.moved[table] = reg.conn.execute(
                f"UPDATE {table} SET person_id = ? WHERE person_id = ?", (target.id, source.id)).rowcount
        result.moved.update(stay=len(moving), contact=len(old.contacts), step=len(old.steps))
        _exits_once(reg, target.id)
        result.twice += _one_of_each(reg, target.id, {numbers[no] for no in numbers})
        _merge_plan(reg, old, new)
        filled = _fill_person(reg, source, target)
        kept = {k: v for k, v in PERSON_TEXT.items() if k not in POINTER_KEEPS}
        reg.table("person").update(source.id, dict(kept, caseworker=None, consent=None,
                                                   merged_into=target.id))
        reg.log("merge", f"person:{source.id}", source.id, old=as_json(source),
                new={"into": target.id, "reason": why, "merged_on": reg.today.isoformat(),
                     "moved": result.moved,
                     "renumbered": result.renumbered, "twice": result.twice, "stay_ids": stay_ids})
        if filled:
            reg.log("update", f"person:{target.id}", target.id,
                    old={k: as_json(target)[k] for k in filled}, new=dict(filled, reason=why))
    return result


def _timelines(old: History, new: History) -> tuple[list[Stay], list[Stay], list[Stay]]:
    """The merged record's stays found in both (dropped), and the two timelines as the earlier
    and the later, or a refusal naming the first stays that collide. A stay is found in both
    when the other record has one of the same code on the same day and that day reads alike in
    both (the same codes in the same order, or this the record's only stay that day), so the
    situation on a day never changes by dropping it."""
    days: dict[int, dict[date, list]] = {0: defaultdict(list), 1: defaultdict(list)}
    for side, history in enumerate((old, new)):
        for stay in history.stays:
            days[side][stay.start].append(stay.code)
    kept = {(s.code, s.start) for s in new.stays}
    twice = [s for s in old.stays if (s.code, s.start) in kept
             and (len(days[0][s.start]) == 1 or days[0][s.start] == days[1][s.start])]
    rest = [s for s in old.stays if s not in twice]
    if not rest:
        return twice, list(new.stays), []
    order = lambda s: (s.start, s.id)
    first, second = (new, old) if order(new.stays[0]) <= order(rest[0]) else (old, new)
    earlier = list(first.stays) if first is new else rest
    later = rest if first is new else list(new.stays)
    clash = next((s for s in earlier if order(s) >= order(later[0])), None)
    if clash is not None:
        raise InvalidInput(
            "err_merge_collides", id=first.person.id, no=clash.no, code=clash.code.value,
            start=show_date(clash.start), other=second.person.id, other_no=later[0].no,
            other_code=later[0].code.value, other_start=show_date(later[0].start))
    return twice, earlier, later


def _one_of_each(reg: Register, person_id: str, moved: set[int]) -> list[int]:
    """Two stays next to each other that are alike in every field, one typed for each record
    (or twice in one), are one stay: the later goes (the merged record's, where one is). Returns
    the numbers they had."""
    gone: list[int] = []
    stays = list(reg.history(person_id).stays)
    kept = stays[0]
    for stay in stays[1:]:
        if not all(getattr(kept, k) == getattr(stay, k) for k in SAME_STAY):
            kept = stay
            continue
        drop, kept = (kept, stay) if kept.no in moved and stay.no not in moved else (stay, kept)
        reg.table("stay").delete(drop.id)
        gone.append(drop.no)
    return gone


def _check_exits(old: History, new: History, stays: list[Stay]) -> None:
    """One exit a day; no stay after a death."""
    by_day: dict[date, ExitReason] = {}
    for exit_ in (*new.exits, *old.exits):
        if by_day.get(exit_.date, exit_.reason) != exit_.reason:
            raise InvalidInput("err_exit_exists", value=show_date(exit_.date))
        by_day[exit_.date] = exit_.reason
        if exit_.reason == ExitReason.DECEASED and any(s.start > exit_.date for s in stays):
            raise InvalidInput("err_deceased", id=exit_.person_id)


def _exits_once(reg: Register, person_id: str) -> None:
    """An exit recorded for both records (same day, same reason) is kept once."""
    reg.conn.execute(
        "DELETE FROM person_exit WHERE person_id = ? AND id NOT IN "
        "(SELECT min(id) FROM person_exit WHERE person_id = ? GROUP BY date)", (person_id, person_id))


def _move_steps(reg: Register, old: History, new: History) -> dict[int, int]:
    """The merged record's steps and meeting actions, each the next number on the target's
    card; a meeting's action keeps the id its minutes recorded it for."""
    numbers = {}
    for step in old.steps:
        numbers[step.no] = no = reg.next_no("step", new.person.id)
        reg.conn.execute("UPDATE step SET person_id = ?, no = ?, minutes_id = coalesce(minutes_id, ?) "
                         "WHERE id = ?", (new.person.id, no, old.person.id if step.meeting_id else None,
                                          step.id))
    return numbers


def _merge_plan(reg: Register, old: History, new: History) -> None:
    """One plan: the merged-into record's, its empty fields filled from the other's."""
    if old.plan is None:
        return
    theirs = as_json(old.plan)
    mine = as_json(new.plan) if new.plan else {}
    merged = {k: mine.get(k) if mine.get(k) is not None else theirs[k] for k in theirs}
    merged["person_id"] = new.person.id
    reg.conn.execute("DELETE FROM plan WHERE person_id = ?", (old.person.id,))
    reg.table("plan").upsert(merged, pk="person_id")


def _fill_person(reg: Register, source: Person, target: Person) -> dict:
    """The merged-into record's empty fields from the other (a number, a birth date, a name
    where only an alias was known); known since becomes the earlier of the two, and the
    pointer keeps the later: each record's day of becoming known was a contact (a registration
    is one), and the merged person's contact days are both (domain.timeline.contact_days)."""
    theirs, mine = as_json(source), as_json(target)
    filled = {k: theirs[k] for k in FILLED
              if mine[k] in (None, NeedValue.UNKNOWN.value) and theirs[k] not in (None, NeedValue.UNKNOWN.value)}
    if source.children and not target.children:
        filled["children"] = source.children
    if source.known_from < target.known_from:
        filled["known_since"] = source.known_from.isoformat()
        # the pointer keeps the later day, so both days stay contact days (History.merged_known)
        reg.table("person").update(source.id, {"known_since": target.known_from.isoformat()})
    if filled:
        from boligreg.domain.duplicates import name_key

        stored = dict(filled)
        for key in ("name", "alias"):
            if key in filled:
                stored[f"{key}_key"] = name_key(filled[key])
        if "fnr" in filled:  # unique: the pointer gives it up first
            reg.table("person").update(source.id, {"fnr": None})
        reg.table("person").update(target.id, stored)
    return filled
