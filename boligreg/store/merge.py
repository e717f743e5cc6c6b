"""Use case: merge two records of one person (DESIGN.md § Corrections).

Everything of the merged record moves to the one it is merged into: stays, exits, contacts,
plan steps and meeting actions (numbered after the steps already there), applications, and the
plan's and the person's empty fields. The two timelines must follow one another: the history
that begins first must have nothing after the other one's first stay (stays alike in both, same
code and day, count once). The merged record stays as a pointer with no personal data, so its
id in old minutes still resolves; frozen meeting lists keep it (store.meetings.last_closed reads
it as the person it now is). Logged, and the figures afterwards are those of one person who
had both histories.
"""

from dataclasses import dataclass, field
from datetime import date

from boligreg.domain.codes import ExitReason, NeedValue
from boligreg.domain.dates import show_date
from boligreg.domain.models import History, Person, Stay, as_json
from boligreg.errors import InvalidInput
from boligreg.store.guards import reason_text
from boligreg.store.register import Register
from boligreg.store.retention import PERSON_TEXT

FILLED = ("name", "alias", "fnr", "born", "birth_year", "gender", "caseworker", "phone", "consent",
          "need_rus", "need_psykisk", "need_somatisk", "need_oppfolging")
"""The person fields the merged-into record takes from the other when it has none itself."""


@dataclass
class Merged:
    """What a merge moved: counts per kind of record, and the stays found twice."""

    source: str
    target: str
    moved: dict[str, int] = field(default_factory=dict)
    twice: int = 0


def merge_persons(reg: Register, source_id: str, target_id: str, reason: str) -> Merged:
    why = reason_text(reason)
    with reg.write("person merge"):
        source = reg.person(source_id, pointer_ok=True)
        target = reg.person(target_id, pointer_ok=True)
        if source.id == target.id:
            raise InvalidInput("err_merge_self", id=source.id)
        for person in (source, target):
            if person.merged_into:
                raise InvalidInput("err_merge_pointer", id=person.id, into=person.merged_into)
            reg.person(person.id)  # deleted: refused
            if person.anonymised:
                raise InvalidInput("err_anonymised", id=person.id)
        old, new = reg.history(source.id), reg.history(target.id)
        twice, earlier, later = _timelines(old, new)
        _check_exits(old, new, [*earlier, *later])
        result = Merged(source.id, target.id, twice=len(twice))
        for stay in twice:
            reg.table("stay").delete(stay.id)
        # the later history's stays are written anew, so ids rise along the merged timeline
        renumbered = {}
        for stay in later:
            reg.table("stay").delete(stay.id)
            row = {k: v for k, v in as_json(stay).items() if k != "id"}
            row["person_id"] = target.id
            renumbered[stay.id] = reg.insert("stay", row)
        reg.conn.execute("UPDATE stay SET person_id = ? WHERE person_id = ?", (target.id, source.id))
        result.moved["stay"] = len(old.stays) - len(twice)
        for table in ("person_exit", "contact", "application"):
            result.moved[table] = reg.conn.execute(
                f"UPDATE {table} SET person_id = ? WHERE person_id = ?", (target.id, source.id)).rowcount
        _exits_once(reg, target.id)
        steps = _move_steps(reg, old, new)
        result.moved["step"] = len(steps)
        _merge_plan(reg, old, new)
        filled = _fill_person(reg, source, target)
        reg.table("person").update(source.id, dict(
            PERSON_TEXT, caseworker=None, consent=None, merged_into=target.id))
        reg.log("merge", f"person:{source.id}", source.id, old=as_json(source),
                new={"into": target.id, "reason": why, "moved": result.moved,
                     "stays_renumbered": renumbered, "stays_twice": [s.id for s in twice],
                     "steps_renumbered": steps})
        if filled:
            reg.log("update", f"person:{target.id}", target.id,
                    old={k: as_json(target)[k] for k in filled}, new=dict(filled, reason=why))
    return result


def _timelines(old: History, new: History) -> tuple[list[Stay], list[Stay], list[Stay]]:
    """The merged record's stays found in both (dropped), and the two timelines as the earlier
    and the later, or a refusal naming the first stays that collide."""
    kept = {(s.code, s.start) for s in new.stays}
    twice = [s for s in old.stays if (s.code, s.start) in kept]
    rest = [s for s in old.stays if (s.code, s.start) not in kept]
    if not rest:
        return twice, list(new.stays), []
    order = lambda s: (s.start, s.id)
    first, second = (new, old) if order(new.stays[0]) <= order(rest[0]) else (old, new)
    earlier = list(first.stays) if first is new else rest
    later = rest if first is new else list(new.stays)
    clash = next((s for s in earlier if order(s) >= order(later[0])), None)
    if clash is not None:
        numbers = {s.id: n for h in (old, new) for n, s in enumerate(h.stays, start=1)}
        raise InvalidInput(
            "err_merge_collides", id=first.person.id, no=numbers[clash.id], code=clash.code.value,
            start=show_date(clash.start), other=second.person.id, other_no=numbers[later[0].id],
            other_code=later[0].code.value, other_start=show_date(later[0].start))
    return twice, earlier, later


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
    """The merged record's steps and meeting actions, numbered after the steps already there."""
    after = max((s.no for s in new.steps), default=0)
    numbers = {}
    for offset, step in enumerate(old.steps, start=1):
        numbers[step.no] = after + offset
        reg.conn.execute("UPDATE step SET person_id = ?, no = ? WHERE id = ?",
                         (new.person.id, after + offset, step.id))
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
    where only an alias was known); known since becomes the earlier of the two."""
    theirs, mine = as_json(source), as_json(target)
    filled = {k: theirs[k] for k in FILLED
              if mine[k] in (None, NeedValue.UNKNOWN.value) and theirs[k] not in (None, NeedValue.UNKNOWN.value)}
    if source.children and not target.children:
        filled["children"] = source.children
    if source.known_from < target.known_from:
        filled["known_since"] = source.known_from.isoformat()
    if filled:
        from boligreg.domain.duplicates import fold

        stored = dict(filled)
        for key in ("name", "alias"):
            if key in filled:
                stored[f"{key}_key"] = fold(filled[key])
        if "fnr" in filled:  # unique: the pointer gives it up first
            reg.table("person").update(source.id, {"fnr": None})
        reg.table("person").update(target.id, stored)
    return filled
