"""The register's use cases: each validates with the domain rules, writes in one transaction
and logs old and new values. The CLI calls these; nothing else writes."""

from datetime import date

from boligreg.domain.codes import (
    PLACEMENTS,
    RELEASE,
    ApplicationKind,
    ContactKind,
    Decision,
    ExitReason,
    Gender,
    Lease,
    Need,
    NeedValue,
    Situation,
)
from boligreg.domain.dates import show_date
from boligreg.domain.fnr import validate_fnr
from boligreg.domain.models import History, Person, Stay, as_json, validate
from boligreg.domain.numbers import whole_number
from boligreg.domain.timeline import episode_on, episodes
from boligreg.errors import InvalidInput, NotFound
from boligreg.store.register import Register

CONFIG_KEYS = ("municipality", "inactive-after-days", "zero-vision-date", "retention-years")


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _not_future(reg: Register, day: date) -> None:
    if day > reg.today:
        raise InvalidInput("err_future_date", value=show_date(day))


def _check_alive(history: History, day: date) -> None:
    for exit_ in history.exits:
        if exit_.reason == ExitReason.DECEASED and exit_.date <= day:
            raise InvalidInput("err_deceased", id=history.person.id)
    if history.person.anonymised:
        raise InvalidInput("err_anonymised", id=history.person.id)


def needs_from(codes: list[Need] | None) -> dict[str, str]:
    """--needs rus,psykisk: those yes, the others no; without the option all stay unknown."""
    if codes is None:
        return {}
    return {
        f"need_{need.value}": (NeedValue.YES if need in codes else NeedValue.NO).value
        for need in Need
    }


def person_fields(
    reg: Register,
    *,
    fnr: str | None = None,
    born: date | None = None,
    **fields: object,
) -> dict:
    """Validate and convert person fields for storage (fnr checked; born from fnr if not given)."""
    row = {k: v for k, v in fields.items() if v is not None}
    if fnr is not None:
        if fnr == "":
            row["fnr"] = None
        else:
            from boligreg.domain.fnr import birth_date

            number = validate_fnr(fnr, allow_synthetic=reg.is_demo, today=reg.today)
            row["fnr"] = number
            born = born or birth_date(number)
    if born is not None:
        if born > reg.today:
            raise InvalidInput("err_future_date", value=show_date(born))
        row["born"] = born.isoformat()
        row["birth_year"] = born.year
    for key in ("consent",):
        if isinstance(row.get(key), date):
            _not_future(reg, row[key])
            row[key] = row[key].isoformat()
    for key in ("gender",):
        if isinstance(row.get(key), Gender):
            row[key] = row[key].value
    if "wants_housing" in row:
        row["wants_housing"] = int(bool(row["wants_housing"]))
    if "children" in row and int(row["children"]) < 0:
        raise InvalidInput("err_negative", value=row["children"])
    for key in ("name", "alias"):
        if key in row and isinstance(row[key], str):
            row[key] = " ".join(row[key].split()) or None
    return row


def _check_fnr_free(reg: Register, number: str | None, person_id: str | None = None) -> None:
    if not number:
        return
    found = reg.conn.execute("SELECT id FROM person WHERE fnr = ?", (number,)).fetchone()
    if found and found[0] != person_id:
        raise InvalidInput("err_fnr_taken", id=found[0])


def stay_row(
    reg: Register,
    history: History,
    code: Situation,
    start: date,
    *,
    place: str | None = None,
    release: date | None = None,
    noted: date | None = None,
    lease: Lease | None = None,
    lease_end: date | None = None,
    housing_first: bool = False,
) -> dict:
    """Check a new stay against the timeline: it opens where the last one closes."""
    _check_alive(history, start)
    if history.stays and start <= history.stays[-1].start:
        last = history.stays[-1]
        raise InvalidInput("err_overlap", start=show_date(start), last=show_date(last.start),
                           code=last.code.value)
    if code in RELEASE:
        if release is None:
            raise InvalidInput("err_release_needed", code=code.value)
        if release < start:
            raise InvalidInput("err_release_before_start")
    elif release is not None:
        raise InvalidInput("err_release_only", code=code.value)
    if code not in PLACEMENTS and (lease or lease_end or housing_first):
        raise InvalidInput("err_lease_only", code=code.value)
    if lease == Lease.FIXED and (lease_end is None or lease_end <= start):
        raise InvalidInput("err_lease_end")
    if lease_end is not None and lease is None:
        lease = Lease.FIXED
    if code in PLACEMENTS and lease is None:
        lease = Lease.OPEN
    return {
        "person_id": history.person.id,
        "code": code.value,
        "start": start.isoformat(),
        "place": place,
        "release": _iso(release),
        "noted": _iso(noted or reg.today) if release else None,
        "lease": lease.value if lease else None,
        "lease_end": _iso(lease_end),
        "housing_first": int(housing_first),
    }


def add_person(
    reg: Register,
    *,
    situation: Situation,
    since: date,
    name: str | None = None,
    alias: str | None = None,
    registered: date | None = None,
    place: str | None = None,
    release: date | None = None,
    **fields: object,
) -> str:
    """Register a person with where they stay now; returns the new id (P0001)."""
    if not (name and name.strip()) and not (alias and alias.strip()):
        raise InvalidInput("err_name_needed")
    row = person_fields(reg, name=name, alias=alias, **fields)
    row["registered"] = (registered or reg.today).isoformat()
    with reg.write("person add"):
        _check_fnr_free(reg, row.get("fnr"))
        person_id = reg.next_id("person", "P")
        row["id"] = person_id
        person = validate(Person, row)
        stay = stay_row(reg, History(person=person), situation, since, place=place, release=release)
        reg.db["person"].insert(row)
        reg.db["stay"].insert(stay)
        reg.log("create", f"person:{person_id}", person_id, new=row)
        reg.log("create", "stay", person_id, new=stay)
    return person_id


def update_person(reg: Register, person_id: str, **fields: object) -> dict:
    """Change any field; the event log keeps the old value."""
    changes = person_fields(reg, **fields)
    if not changes:
        raise InvalidInput("err_nothing_to_update")
    with reg.write("person update"):
        person = reg.person(person_id)
        old_row = as_json(person)
        old = {k: old_row.get(k) for k in changes}
        if "name" in changes and not changes["name"] and not person.alias:
            raise InvalidInput("err_name_needed")
        _check_fnr_free(reg, changes.get("fnr"), person.id)
        reg.db["person"].update(person.id, changes)
        reg.log("update", f"person:{person.id}", person.id, old=old, new=changes)
    return changes


def read_person(reg: Register, person_id: str, sensitive: bool = False) -> History:
    """Load a person's card and log the read (sensitive when health/prison details are shown)."""
    with reg.write("person show"):
        history = reg.history(person_id)
        reg.log("read-sensitive" if sensitive else "read", f"person:{history.person.id}",
                history.person.id)
    return history


def add_stay(reg: Register, person_id: str, code: Situation, start: date, **options) -> int:
    with reg.write("stay add"):
        history = reg.history(person_id)
        row = stay_row(reg, history, code, start, **options)
        stay_id = reg.db["stay"].insert(row).last_pk
        reg.log("create", f"stay:{stay_id}", history.person.id, new=row)
    return stay_id


def set_release(reg: Register, person_id: str, release: date, noted: date | None = None) -> None:
    """Change the expected release/discharge date of the current INST/KRIM stay."""
    with reg.write("stay release"):
        history = reg.history(person_id)
        stay = history.stays[-1] if history.stays else None
        if stay is None or stay.code not in RELEASE:
            raise InvalidInput("err_no_release_stay", id=history.person.id)
        if release < stay.start:
            raise InvalidInput("err_release_before_start")
        change = {"release": release.isoformat(), "noted": (noted or reg.today).isoformat()}
        reg.db["stay"].update(stay.id, change)
        reg.log("update", f"stay:{stay.id}", history.person.id,
                old={"release": _iso(stay.release), "noted": _iso(stay.noted)}, new=change)


def undo_stay(reg: Register, person_id: str) -> Stay:
    """Remove the latest stay (a registration error); the first stay cannot be removed."""
    with reg.write("stay undo"):
        history = reg.history(person_id)
        if len(history.stays) < 2:
            raise InvalidInput("err_last_stay", id=history.person.id)
        stay = history.stays[-1]
        reg.db["stay"].delete(stay.id)
        reg.log("delete", f"stay:{stay.id}", history.person.id, old=as_json(stay))
    return stay


def exit_person(reg: Register, person_id: str, reason: ExitReason, day: date) -> None:
    _not_future(reg, day)
    with reg.write("person exit"):
        history = reg.history(person_id)
        _check_alive(history, day)
        if day < history.person.registered and day < history.stays[0].start:
            raise InvalidInput("err_before_registered", value=show_date(day))
        on_list = episode_on(episodes(history, reg.inactive_after_days), day) is not None
        if reason == ExitReason.INACTIVE and not on_list:
            raise InvalidInput("err_not_on_list", id=history.person.id)
        if any(e.date == day for e in history.exits):
            raise InvalidInput("err_exit_exists", value=show_date(day))
        row = {"person_id": history.person.id, "reason": reason.value, "date": day.isoformat()}
        exit_id = reg.db["person_exit"].insert(row).last_pk
        reg.log("create", f"exit:{exit_id}", history.person.id, new=row)


def set_plan(reg: Register, person_id: str, **fields: object) -> None:
    route = fields.get("route")
    if route is not None and route not in PLACEMENTS:
        raise InvalidInput("err_route", code=str(route))
    row = {k: (v.isoformat() if isinstance(v, date) else (v.value if hasattr(v, "value") else v))
           for k, v in fields.items() if v is not None}
    if not row:
        raise InvalidInput("err_nothing_to_update")
    with reg.write("plan set"):
        history = reg.history(person_id)
        _check_alive(history, reg.today)
        old = as_json(history.plan) if history.plan else None
        reg.db["plan"].upsert(dict(row, person_id=history.person.id), pk="person_id")
        reg.log("update" if old else "create", f"plan:{history.person.id}", history.person.id,
                old=old, new=row)


def add_step(
    reg: Register,
    person_id: str,
    text: str,
    owner: str | None = None,
    due: date | None = None,
    meeting_id: int | None = None,
    created: date | None = None,
) -> int:
    """A next step in the plan (or a meeting's action); returns its number for the person."""
    if not text.strip():
        raise InvalidInput("err_empty_text")
    with reg.write("meeting action" if meeting_id else "plan step"):
        history = reg.history(person_id)
        _check_alive(history, reg.today)
        no = max((s.no for s in history.steps), default=0) + 1  # read under the write lock
        row = {
            "person_id": history.person.id,
            "no": no,
            "text": text.strip(),
            "owner": owner,
            "due": _iso(due),
            "meeting_id": meeting_id,
            "created": (created or reg.today).isoformat(),
        }
        step_id = reg.db["step"].insert(row).last_pk
        reg.log("create", f"step:{step_id}", history.person.id, new=row)
    return no


def finish_step(reg: Register, person_id: str, no: int, day: date) -> None:
    _not_future(reg, day)
    with reg.write("plan done"):
        history = reg.history(person_id)
        step = next((s for s in history.steps if s.no == no), None)
        if step is None:
            raise NotFound("err_no_step", id=history.person.id, no=no)
        if step.done:
            raise InvalidInput("err_step_done", no=no)
        reg.db["step"].update(step.id, {"done": day.isoformat()})
        reg.log("update", f"step:{step.id}", history.person.id, old={"done": None},
                new={"done": day.isoformat()})


def add_application(reg: Register, person_id: str, kind: ApplicationKind, received: date) -> str:
    _not_future(reg, received)
    with reg.write("application add"):
        history = reg.history(person_id)
        _check_alive(history, received)
        app_id = reg.next_id("application", "A")
        row = {"id": app_id, "person_id": history.person.id, "kind": kind.value,
               "received": received.isoformat()}
        reg.db["application"].insert(row)
        reg.log("create", f"application:{app_id}", history.person.id, new=row)
    return app_id


def decide_application(reg: Register, app_id: str, decision: Decision, day: date) -> None:
    """Granted or refused once; withdrawn at any time before or after the decision."""
    _not_future(reg, day)
    with reg.write("application decide"):
        rows = reg.rows("SELECT * FROM application WHERE id = ?", (app_id.upper(),))
        if not rows:
            raise NotFound("err_no_application", id=app_id)
        app = rows[0]
        if day < date.fromisoformat(app["received"]) or (
            app["decided"] and day < date.fromisoformat(app["decided"])
        ):
            raise InvalidInput("err_decided_before_received")
        if app["withdrawn"]:
            raise InvalidInput("err_already_decided", id=app["id"], decision=Decision.WITHDRAWN.value)
        if decision == Decision.WITHDRAWN:
            change = {"withdrawn": day.isoformat()}
        elif app["decision"]:
            raise InvalidInput("err_already_decided", id=app["id"], decision=app["decision"])
        else:
            change = {"decision": decision.value, "decided": day.isoformat()}
        reg.db["application"].update(app["id"], change)
        reg.log("update", f"application:{app['id']}", app["person_id"],
                old={k: app[k] for k in change}, new=change)


def add_contact(
    reg: Register,
    person_id: str,
    day: date,
    kind: ContactKind = ContactKind.MET,
    by: str | None = None,
    note: str | None = None,
) -> None:
    _not_future(reg, day)
    with reg.write("contact"):
        history = reg.history(person_id)
        _check_alive(history, day)
        row = {"person_id": history.person.id, "date": day.isoformat(), "kind": kind.value,
               "by": by or reg.user, "note": note}
        contact_id = reg.db["contact"].insert(row).last_pk
        reg.log("create", f"contact:{contact_id}", history.person.id, new=row)


def set_config(reg: Register, key: str, value: str) -> str:
    """Validate and store a setting; returns the stored value."""
    from boligreg.domain.dates import parse_date

    if key not in CONFIG_KEYS:
        raise InvalidInput("err_config_key", key=key, valid=", ".join(CONFIG_KEYS))
    if key == "inactive-after-days":
        value = str(whole_number(value, 1, 3650, "err_config_days"))
    elif key == "retention-years":
        value = str(whole_number(value, 1, 100, "err_config_years"))
    elif key == "zero-vision-date":
        value = parse_date(value, reg.today).isoformat() if value else ""
    else:
        value = " ".join(value.split())
    with reg.write("config set"):
        old = reg.config().get(key)
        reg.db["config"].upsert({"key": key, "value": value}, pk="key")
        reg.log("update", f"config:{key}", old=old, new=value)
    return value


def find_persons(reg: Register, text: str) -> list[Person]:
    """By id, name, alias (case-insensitive parts) or fødselsnummer (with or without space)."""
    needle = text.strip()
    digits = needle.replace(" ", "")
    if not needle:
        raise InvalidInput("err_empty_text")
    like = f"%{needle}%"
    return reg.load(
        Person, "person",
        "WHERE id = ? COLLATE NOCASE OR name LIKE ? OR alias LIKE ? "
        "OR fnr = ? OR (length(?) = 6 AND substr(fnr, 1, 6) = ?)",
        (needle, like, like, digits, digits, digits), order="id",
    )


def log_export(reg: Register, path: str, persons: int, show_fnr: bool) -> None:
    """A by-name export leaves the register's protection: record who took what, and where."""
    with reg.write("export"):
        reg.log("export", "person-list", new={"file": path, "persons": persons, "fnr": show_fnr})
