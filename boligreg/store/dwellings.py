"""Use cases of the municipal dwellings: register and change one, mark it vacant or let outside
the register, its tenancies (the stays that name it), and offers from the waiting list.

A dwelling's history is written forward, as a person's timeline is: a new tenancy or mark
starts on or after its latest record. After every change that touches a dwelling its whole
occupancy is worked out again (domain.housing.occupancy) inside the transaction, and a
conflict — two tenancies at once, a mark inside a tenancy — undoes the change, naming both.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING

from boligreg.domain.codes import PLACEMENTS, ApplicationKind, Lease, Outflow, Situation
from boligreg.domain.dates import show_date
from boligreg.domain.housing import (
    Candidate,
    Conflict,
    DeclineReason,
    Dwelling,
    DwellingKind,
    Mark,
    MarkKind,
    Occupancy,
    Offer,
    OfferOutcome,
    Period,
    RoomRule,
    Tenancy,
    Waiting,
    candidate,
    fits_vacancy,
    free_from,
    latest_record,
    occupancy,
    plain_text,
    ranked,
    tenancy_end,
    waiting,
)
from boligreg.domain.models import Exit, History, Stay
from boligreg.domain.timeline import episode_on, episodes
from boligreg.errors import InvalidInput, NotFound
from boligreg.i18n import Phrase
from boligreg.store.guards import check_alive, iso, not_future
from boligreg.store.register import Register, _among

if TYPE_CHECKING:
    from boligreg.importing.model import ImportedDwelling

# --- reading ---------------------------------------------------------------------------------


def get_dwelling(reg: Register, dwelling_id: str) -> Dwelling:
    if not dwelling_id.strip():  # «ukjent bolig .» reads as a slip of ours
        raise InvalidInput("err_empty_dwelling_id")
    found = reg.load(Dwelling, "dwelling", "WHERE id = ?", (dwelling_id.strip().upper(),))
    if not found:
        raise NotFound("err_no_dwelling", id=dwelling_id[:40])
    return found[0]


def all_dwellings(reg: Register) -> list[Dwelling]:
    return reg.load(Dwelling, "dwelling", order="id")


def tenancies(reg: Register, dwelling_ids: Iterable[str] | None = None) -> dict[str, list[Tenancy]]:
    """The tenancies of these dwellings (None: all), each ending as domain.housing.tenancy_end
    says: the tenants' stays and exits are read, nothing else of them."""
    if dwelling_ids is None:
        tenants = "SELECT DISTINCT person_id FROM stay WHERE dwelling_id IS NOT NULL"
        params: tuple[str, ...] = ()
    else:
        where, params = _among(sorted(set(dwelling_ids)), "dwelling_id")
        tenants = f"SELECT DISTINCT person_id FROM stay {where}"
    with reg.reading():
        inside = f"WHERE person_id IN ({tenants})"
        stays = reg.load(Stay, "stay", inside, params, order="person_id, start, id")
        exits = reg.load(Exit, "person_exit", inside, params, order="person_id, date, id")
    by_person: dict[str, list[Stay]] = defaultdict(list)
    for stay in stays:
        by_person[stay.person_id].append(stay)
    exits_of: dict[str, list[Exit]] = defaultdict(list)
    for exit_ in exits:
        exits_of[exit_.person_id].append(exit_)
    wanted = None if dwelling_ids is None else {d.upper() for d in dwelling_ids}
    result: dict[str, list[Tenancy]] = defaultdict(list)
    for person_id, timeline in by_person.items():
        ordered, their_exits = tuple(timeline), tuple(exits_of.get(person_id, ()))
        for index, stay in enumerate(ordered):
            if stay.dwelling_id and (wanted is None or stay.dwelling_id in wanted):
                result[stay.dwelling_id].append(Tenancy(
                    dwelling_id=stay.dwelling_id, person_id=person_id, start=stay.start,
                    end=tenancy_end(ordered, index, their_exits), stay_id=stay.id,
                    lease=stay.lease, lease_end=stay.lease_end))
    for found in result.values():
        found.sort(key=lambda t: (t.start, t.stay_id))
    return result


def marks(reg: Register, dwelling_ids: Iterable[str] | None = None) -> dict[str, list[Mark]]:
    if dwelling_ids is None:
        found = reg.load(Mark, "dwelling_mark", order="dwelling_id, date, id")
    else:
        where, params = _among(sorted(set(dwelling_ids)), "dwelling_id")
        found = reg.load(Mark, "dwelling_mark", where, params, order="dwelling_id, date, id")
    result: dict[str, list[Mark]] = defaultdict(list)
    for mark in found:
        result[mark.dwelling_id].append(mark)
    return result


def offers(reg: Register, *, dwelling_ids: Iterable[str] | None = None,
           person_ids: Iterable[str] | None = None) -> list[Offer]:
    where: str
    params: tuple[str, ...]
    if dwelling_ids is not None:
        where, params = _among(sorted(set(dwelling_ids)), "dwelling_id")
    elif person_ids is not None:
        where, params = _among(sorted(set(person_ids)))
    else:
        where, params = "", ()
    return reg.load(Offer, "offer", where, params, order="date, id")


def get_offer(reg: Register, offer_id: str) -> Offer:
    found = reg.load(Offer, "offer", "WHERE id = ?", (offer_id.strip().upper(),))
    if not found:
        raise NotFound("err_no_offer", id=offer_id[:40])
    return found[0]


def occupancies(reg: Register, ids: Iterable[str] | None = None
                ) -> dict[str, tuple[Dwelling, list[Tenancy], list[Mark], list[Period]]]:
    """Each dwelling with its tenancies, marks and occupancy, in one read."""
    with reg.reading():
        if ids is None:
            dwellings = all_dwellings(reg)
            lets, marked = tenancies(reg), marks(reg)
        else:
            dwellings = [get_dwelling(reg, i) for i in ids]
            lets = tenancies(reg, [d.id for d in dwellings])
            marked = marks(reg, [d.id for d in dwellings])
    result = {}
    for dwelling in dwellings:
        mine, its_marks = lets.get(dwelling.id, []), marked.get(dwelling.id, [])
        result[dwelling.id] = (dwelling, mine, its_marks, occupancy(mine, its_marks)[0])
    return result


# --- checks ----------------------------------------------------------------------------------


def let_error(dwelling_id: str, tenant: str | None, since: date | None) -> InvalidInput:
    """The dwelling is let: to a person in the register (named) or to someone outside it."""
    if tenant is None:
        if since is None:
            return InvalidInput("err_dwelling_let_outside", id=dwelling_id)
        return InvalidInput("err_dwelling_let_outside_since", id=dwelling_id, since=show_date(since))
    return InvalidInput("err_dwelling_let", id=dwelling_id, tenant=tenant, since=show_date(since))


def raise_conflict(dwelling_id: str, conflict: Conflict) -> None:
    """One line naming the dwelling, what was in force and since when, and what collided."""
    if conflict.second is not None and conflict.first is not None:
        raise InvalidInput("err_dwelling_let_to_other", id=dwelling_id, tenant=conflict.first,
                           since=show_date(conflict.first_start), other=conflict.second,
                           date=show_date(conflict.day))
    raise let_error(dwelling_id, conflict.first, conflict.first_start)


def check_occupancy(reg: Register, dwelling_ids: Iterable[str | None]) -> None:
    """After a change: each dwelling's records still make one occupancy (else the change goes)."""
    ids = sorted({d for d in dwelling_ids if d})
    if not ids:
        return
    lets, marked = tenancies(reg, ids), marks(reg, ids)
    for dwelling_id in ids:
        conflict = occupancy(lets.get(dwelling_id, []), marked.get(dwelling_id, []))[1]
        if conflict is not None:
            raise_conflict(dwelling_id, conflict)


def check_new_record(reg: Register, dwelling_id: str, day: date) -> list[Period]:
    """A new tenancy or mark starts on or after the dwelling's latest record; its periods."""
    lets = tenancies(reg, [dwelling_id]).get(dwelling_id, [])
    its_marks = marks(reg, [dwelling_id]).get(dwelling_id, [])
    latest = latest_record(lets, its_marks)
    if latest is not None and day < latest:
        raise InvalidInput("err_dwelling_record_after", id=dwelling_id, date=show_date(day),
                           latest=show_date(latest))
    return occupancy(lets, its_marks)[0]


def stay_kind(reg: Register, dwelling_id: str, code: Situation, stay: Stay | None = None) -> Dwelling:
    """A stay that names a dwelling is a KOMMUNAL or OMSORG stay of the dwelling's own kind,
    when added (`stay add --dwelling`, `offer accept`) and when edited (`stay edit` of the
    tenancy `stay`, whose move out is a new stay, not a new code)."""
    dwelling = get_dwelling(reg, dwelling_id)
    if dwelling.kind.value == code.value:
        return dwelling
    if stay is not None:
        raise InvalidInput("err_tenancy_code", id=stay.person_id, no=stay.no, dwelling=dwelling.id,
                           kind=dwelling.kind.value, code=code.value)
    if code.value not in DwellingKind.__members__:
        raise InvalidInput("err_dwelling_code", code=code.value)
    raise InvalidInput("err_dwelling_kind", id=dwelling.id, kind=dwelling.kind.value, code=code.value)


def dwelling_for_stay(reg: Register, dwelling_id: str, code: Situation, start: date,
                      stay: Stay | None = None) -> str:
    """The one check of a stay naming a dwelling, added or edited: of the dwelling's kind
    (stay_kind), and starting on or after the dwelling's records before it (a new stay: all
    its records, as check_new_record says; an edited one: those before its old start, its own
    tenant's earlier tenancy there ending with it). After the write, check_occupancy checks
    the records after it. Returns the dwelling's id as stored."""
    dwelling = stay_kind(reg, dwelling_id, code, stay)
    if stay is None:
        check_new_record(reg, dwelling.id, start)
        return dwelling.id
    before = [t for t in tenancies(reg, [dwelling.id]).get(dwelling.id, [])
              if t.stay_id != stay.id and t.start <= stay.start]
    days = [t.start for t in before] + [t.end for t in before if t.end and t.person_id != stay.person_id]
    days += [m.date for m in marks(reg, [dwelling.id]).get(dwelling.id, []) if m.date <= stay.start]
    if days and start < max(days):
        raise InvalidInput("err_dwelling_record_after", id=dwelling.id, date=show_date(start),
                           latest=show_date(max(days)))
    return dwelling.id


def after_undo(reg: Register, history: History, stay: Stay) -> None:
    """`stay undo` is removing `stay`: an offer it came from is open again. (After the delete,
    store.stays checks that the tenancy the stay had ended does not now run into a later one.)"""
    for offer in reg.load(Offer, "offer", "WHERE stay_id = ?", (stay.id,)):
        change = {"outcome": None, "decided": None, "stay_id": None}
        reg.table("offer").update(offer.id, change)
        reg.log("update", f"offer:{offer.id}", offer.person_id,
                old={"outcome": offer.outcome.value if offer.outcome else None,
                     "decided": iso(offer.decided), "stay_id": offer.stay_id}, new=change)


# --- dwellings -------------------------------------------------------------------------------


def dwelling_fields(**fields: object) -> dict:
    """Validated fields of a dwelling as stored."""
    row: dict = {}
    for key, value in fields.items():
        if value is None:
            continue
        if key in ("address", "note"):
            assert isinstance(value, str)
            text = plain_text(value, "col_dw_" + key)  # the field's name as --help has it
            if key == "address" and not text:
                raise InvalidInput("err_address_needed")
            row[key] = text
        elif key == "kind":
            row[key] = DwellingKind(str(value)).value
        elif key == "accessible":
            row[key] = int(bool(value))
        else:
            row[key] = value
    return row


def check_address_free(reg: Register, address: str, own: str | None = None) -> None:
    """A dwelling is registered once: an address already registered (compared as address_key
    compares them, the import's rule too) is refused, naming the dwelling that has it."""
    key = address_key(address)
    for dwelling in all_dwellings(reg):
        if dwelling.id != own and address_key(dwelling.address) == key:
            raise InvalidInput("err_dwelling_address_taken", address=dwelling.address, id=dwelling.id)


def add_dwelling(reg: Register, *, address: str, rooms: int, kind: DwellingKind = DwellingKind.KOMMUNAL,
                 size: int | None = None, accessible: bool = False, floor: int | None = None,
                 note: str | None = None, vacant_from: date | None = None) -> str:
    """Register a dwelling; it is let outside the register until `vacant_from` or a later mark."""
    row = dwelling_fields(address=address, rooms=rooms, kind=kind, size=size, accessible=accessible,
                          floor=floor, note=note)
    if "address" not in row:
        raise InvalidInput("err_address_needed")
    with reg.write("dwelling add"):
        check_address_free(reg, row["address"])
        dwelling_id = _insert_dwelling(reg, row, vacant_from)
    return dwelling_id


def _insert_dwelling(reg: Register, row: dict, vacant_from: date | None) -> str:
    """A new dwelling's row (checked by dwelling_fields), logged; its vacant mark, if any."""
    dwelling_id = reg.next_id("dwelling", "D")
    row = {"id": dwelling_id, **row, "registered": reg.today.isoformat()}
    reg.table("dwelling").insert(row)
    reg.log("create", f"dwelling:{dwelling_id}", new=row)
    if vacant_from is not None:
        _insert_mark(reg, dwelling_id, vacant_from, MarkKind.VACANT)
    return dwelling_id


@dataclass(frozen=True)
class KnownDwelling:
    """A dwelling of the sheet whose address is registered already, and not added again."""

    row: int  # the sheet row
    id: str  # the dwelling in the register with that address
    from_row: int | None = None  # the sheet row `id` was created from by this import; None: before


@dataclass
class DwellingImport:
    """What `dwelling import` did (or, in a dry run, would do)."""

    created: list[str] = field(default_factory=list)
    known: list[KnownDwelling] = field(default_factory=list)
    vacant: list[str] = field(default_factory=list)  # created, vacant from a date in the sheet
    dry_run: bool = False


class _DryRun(Exception):
    """Raised inside the transaction of a dry run, so that it rolls back."""


def address_key(address: str) -> str:
    """The form two addresses are compared in: «Storgata 5, H0201» is «storgata 5 h0201»
    (case, spaces and punctuation ignored, æ/ae ø/oe å/aa alike, as the import's words)."""
    from boligreg.importing.vocabulary import fold

    return fold(address)


def import_dwellings(reg: Register, dwellings: "list[ImportedDwelling]", *, source: dict,
                     dry_run: bool = False) -> DwellingImport:
    """Register the sheet's `dwellings` (a DwellingPlan's, in sheet order) in one transaction,
    each checked by dwelling_fields and logged as `dwelling add` logs it, then the import's own
    event (`source`: what it says of the file). A dwelling whose address is registered already,
    or was added from an earlier row of the sheet, is not added again."""
    result = DwellingImport(dry_run=dry_run)
    try:
        with reg.write("dwelling import"):
            registered = {address_key(address): dwelling_id for dwelling_id, address in
                          reg.conn.execute("SELECT id, address FROM dwelling ORDER BY id")}
            from_row: dict[str, int] = {}
            for dwelling in dwellings:
                row = dwelling_fields(address=dwelling.address, rooms=dwelling.rooms,
                                      kind=dwelling.kind, size=dwelling.size,
                                      accessible=dwelling.accessible, floor=dwelling.floor,
                                      note=dwelling.note)
                if "address" not in row:
                    raise InvalidInput("err_address_needed")
                key = address_key(row["address"])
                if key in registered:
                    known = registered[key]
                    result.known.append(KnownDwelling(dwelling.row, known, from_row.get(known)))
                    continue
                dwelling_id = _insert_dwelling(reg, row, dwelling.vacant_from)
                registered[key], from_row[dwelling_id] = dwelling_id, dwelling.row
                result.created.append(dwelling_id)
                if dwelling.vacant_from is not None:
                    result.vacant.append(dwelling_id)
            summary = {**source, "dwellings": len(result.created),
                       "first": result.created[0] if result.created else None,
                       "last": result.created[-1] if result.created else None,
                       "already": ", ".join(k.id for k in result.known) or None}
            reg.log("import", "dwelling-list",
                    new={k: v for k, v in summary.items() if v is not None})
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return result


def update_dwelling(reg: Register, dwelling_id: str, **fields: object) -> dict:
    changes = dwelling_fields(**fields)
    if not changes:
        raise InvalidInput("err_nothing_to_update")
    with reg.write("dwelling update"):
        dwelling = get_dwelling(reg, dwelling_id)
        if "kind" in changes and changes["kind"] != dwelling.kind.value and \
                tenancies(reg, [dwelling.id]).get(dwelling.id):
            raise InvalidInput("err_dwelling_kind_fixed", id=dwelling.id, kind=dwelling.kind.value)
        if "address" in changes:
            check_address_free(reg, changes["address"], dwelling.id)
        stored = {k: v for k, v in reg.rows("SELECT * FROM dwelling WHERE id = ?", (dwelling.id,))[0].items()
                  if k in changes}
        reg.table("dwelling").update(dwelling.id, changes)
        reg.log("update", f"dwelling:{dwelling.id}", old=stored, new=changes)
    return changes


def _insert_mark(reg: Register, dwelling_id: str, day: date, kind: MarkKind) -> None:
    row = {"dwelling_id": dwelling_id, "date": day.isoformat(), "kind": kind.value}
    mark_id = reg.insert("dwelling_mark", row)
    reg.log("create", f"dwelling_mark:{mark_id}", new=row)


def mark_dwelling(reg: Register, dwelling_id: str, day: date, kind: MarkKind) -> Dwelling:
    """`dwelling vacant` (free from `day`: the tenant outside the register left, or renovation is
    done) or `dwelling let` (let from `day` to a tenant who is not in the register)."""
    with reg.write(f"dwelling {'vacant' if kind == MarkKind.VACANT else 'let'}"):
        dwelling = get_dwelling(reg, dwelling_id)
        periods = check_new_record(reg, dwelling.id, day)
        last = periods[-1]
        if last.state == Occupancy.LET:
            raise let_error(dwelling.id, last.tenant, last.start)
        if kind == MarkKind.VACANT:
            already = [m for m in marks(reg, [dwelling.id]).get(dwelling.id, [])
                       if m.kind == MarkKind.VACANT and m.date == last.start]
            if last.state == Occupancy.VACANT and already:
                raise InvalidInput("err_dwelling_vacant_already", id=dwelling.id,
                                   since=show_date(last.start))
        else:
            if last.state == Occupancy.LET_OUTSIDE:
                raise let_error(dwelling.id, None, last.start)
            pending = [o for o in offers(reg, dwelling_ids=[dwelling.id]) if o.outcome is None]
            if pending:
                raise InvalidInput("err_dwelling_offered", id=dwelling.id, offer=pending[0].id,
                                   person=pending[0].person_id)
        _insert_mark(reg, dwelling.id, day, kind)
        check_occupancy(reg, [dwelling.id])
    return dwelling


# --- the waiting list and suggestions --------------------------------------------------------


def waiting_list(reg: Register, day: date) -> list[tuple[History, Waiting]]:
    """Everyone on the waiting list on `day` (domain.housing.waiting, which is the definition's
    list), with their offers. Only persons with a municipal dwelling application are read."""
    with reg.reading():
        ids = [row[0] for row in reg.conn.execute(
            "SELECT DISTINCT person_id FROM application WHERE kind = ? AND received <= ?",
            (ApplicationKind.KOMMUNAL.value, day.isoformat()))]
        histories = reg.histories(ids, steps=False)
        theirs: dict[str, list[Offer]] = defaultdict(list)
        for offer in offers(reg, person_ids=ids):
            theirs[offer.person_id].append(offer)
    result = []
    for history in histories:
        entry = waiting(history, theirs.get(history.person.id, []), day)
        if entry is not None:
            result.append((history, entry))
    return result


def suggestions(reg: Register, dwelling_id: str, day: date
                ) -> tuple[Dwelling, list[tuple[Candidate, History]], int]:
    """Who on the waiting list fits the dwelling, ranked (domain.housing.suggestion_order), and
    how many on the list do not fit it (size, accessibility, or moving in elsewhere)."""
    settings = reg.settings
    with reg.reading():
        dwelling = get_dwelling(reg, dwelling_id)
        listed = waiting_list(reg, day)
    if dwelling.kind != DwellingKind.KOMMUNAL:
        raise InvalidInput("err_offer_omsorg", id=dwelling.id)
    rule = RoomRule.of(settings)
    found, left_out = [], 0
    for history, entry in listed:
        if not fits_vacancy(entry, history, dwelling, rule):  # before the episodes: cheaper
            left_out += 1
            continue
        spells = episodes(history, settings.inactive_after_days)
        homeless = episode_on(spells, day) is not None
        item = candidate(entry, history, dwelling, homeless, day, rule)
        assert item is not None
        past = [e for e in spells if e.end is not None and e.end <= day]
        if not homeless and past and past[-1].outflow == Outflow.INACTIVE and \
                item.situation not in PLACEMENTS:  # still without a home as far as we know
            item = replace(item, inactive=True)
        found.append((item, history))
    by_id = {c.entry.person_id: (c, h) for c, h in found}
    order = ranked([c for c, _ in found], settings.priority_homeless)
    return dwelling, [by_id[c.entry.person_id] for c in order], left_out


# --- offers ----------------------------------------------------------------------------------


def make_offer(reg: Register, dwelling_id: str, person_id: str, day: date) -> str:
    """Offer a vacant municipal dwelling to a person on the waiting list; one open offer per
    dwelling and per person at a time."""
    not_future(reg, day)
    with reg.write("dwelling offer"):
        dwelling = get_dwelling(reg, dwelling_id)
        if dwelling.kind != DwellingKind.KOMMUNAL:
            raise InvalidInput("err_offer_omsorg", id=dwelling.id)
        history = reg.history(person_id)
        check_alive(history, day)
        its = occupancies(reg, [dwelling.id])[dwelling.id]
        last = its[3][-1]
        if free_from(its[3]) is None:
            raise let_error(dwelling.id, last.tenant, last.start)
        pending = [o for o in offers(reg, dwelling_ids=[dwelling.id]) if o.outcome is None]
        if pending:
            raise InvalidInput("err_dwelling_offered", id=dwelling.id, offer=pending[0].id,
                               person=pending[0].person_id)
        entry = waiting(history, offers(reg, person_ids=[history.person.id]), day)
        if entry is None:
            raise InvalidInput("err_not_waiting", id=history.person.id, date=show_date(day))
        if entry.open_offer is not None:
            raise InvalidInput("err_person_offered", id=history.person.id,
                               offer=entry.open_offer.id, dwelling=entry.open_offer.dwelling_id)
        if entry.accepted is not None:
            raise InvalidInput("err_person_accepted", id=history.person.id,
                               offer=entry.accepted.id, dwelling=entry.accepted.dwelling_id)
        offer_id = reg.next_id("offer", "O")
        row = {"id": offer_id, "dwelling_id": dwelling.id, "person_id": history.person.id,
               "date": day.isoformat()}
        reg.table("offer").insert(row)
        reg.log("create", f"offer:{offer_id}", history.person.id, new=row)
    return offer_id


def offer_misfit(reg: Register, offer_id: str) -> tuple[str, dict] | None:
    """Why `dwelling suggest` would not have ranked the offer's person for its dwelling (the
    household's rooms, accessibility: domain.housing.fits_vacancy), as a message key and its
    values; None when it would. `dwelling offer` makes the offer all the same and warns."""
    offer = get_offer(reg, offer_id)
    dwelling = get_dwelling(reg, offer.dwelling_id)
    history = reg.history(offer.person_id)
    rule = RoomRule.of(reg.settings)
    children = history.person.children
    if not rule.fits(dwelling.rooms, children):
        need = rule.needed(children)
        return "warn_offer_rooms", {"id": dwelling.id, "rooms": dwelling.rooms,
                                    "person": offer.person_id, "low": need, "high": need + rule.extra}
    entry = waiting(history, offers(reg, person_ids=[offer.person_id]), offer.date)
    if entry is not None and entry.accessible and not dwelling.accessible:
        return "warn_offer_accessible", {"id": dwelling.id, "person": offer.person_id}
    return None


def _open_offer(reg: Register, offer_id: str, day: date) -> Offer:
    offer = get_offer(reg, offer_id)
    if offer.outcome is not None:
        raise InvalidInput("err_offer_answered", id=offer.id,
                           outcome=Phrase("offer_" + offer.outcome.value),
                           date=show_date(offer.decided))
    if day < offer.date:
        raise InvalidInput("err_answer_before_offer", id=offer.id, date=show_date(offer.date))
    return offer


def accept_offer(reg: Register, offer_id: str, day: date, *, move_in: date | None = None,
                 lease: Lease | None = None, lease_end: date | None = None,
                 housing_first: bool = False) -> tuple[Offer, date]:
    """The accepted offer becomes the person's KOMMUNAL placement in the dwelling from
    `move_in` (default: the day accepted), which fulfils their granted application."""
    from boligreg.store.stays import stay_row

    not_future(reg, day)
    start = move_in or day
    with reg.write("offer accept"):
        offer = _open_offer(reg, offer_id, day)
        history = reg.history(offer.person_id)
        row = stay_row(reg, history, Situation.KOMMUNAL, start, lease=lease, lease_end=lease_end,
                       housing_first=housing_first)
        row["dwelling_id"] = dwelling_for_stay(reg, offer.dwelling_id, Situation.KOMMUNAL, start)
        stay_id = reg.insert("stay", row)
        reg.log("create", f"stay:{stay_id}", history.person.id, new=row)
        change = {"outcome": OfferOutcome.ACCEPTED.value, "decided": day.isoformat(), "stay_id": stay_id}
        reg.table("offer").update(offer.id, change)
        reg.log("update", f"offer:{offer.id}", offer.person_id, old={"outcome": None}, new=change)
        check_occupancy(reg, [offer.dwelling_id])
    return offer, start


def decline_offer(reg: Register, offer_id: str, day: date, reason: DeclineReason) -> Offer:
    """A declined offer is kept with its reason; the dwelling can be offered to the next."""
    not_future(reg, day)
    with reg.write("offer decline"):
        offer = _open_offer(reg, offer_id, day)
        change = {"outcome": OfferOutcome.DECLINED.value, "decided": day.isoformat(),
                  "reason": reason.value}
        reg.table("offer").update(offer.id, change)
        reg.log("update", f"offer:{offer.id}", offer.person_id, old={"outcome": None}, new=change)
    return offer
