"""Use cases of the register's users: add one with a role, change a role, remove one, list
them; and how the table should stand according to the log (doctor compares the two)."""

import json
import re
import sqlite3

from boligreg.domain.roles import RANK, Role
from boligreg.domain.text import typed_text
from boligreg.errors import InvalidInput, NotFound
from boligreg.posix import POSIX
from boligreg.settings import TEXT_LIMIT
from boligreg.store.register import Register

ACCOUNT_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.@-]*\$?$")
"""What an operating system's account name may look like (POSIX portable names, plus the
@ and . of directory accounts); anything else cannot be an account, so cannot act."""


def check_account(reg: Register, name: str) -> str:
    typed_text(name, "col_account", TEXT_LIMIT)
    if not ACCOUNT_NAME.match(name):
        raise InvalidInput("err_account_name", name=name)
    if POSIX and not reg.training:  # a training register's users are made up
        import pwd

        try:
            pwd.getpwnam(name)
        except KeyError:
            raise InvalidInput("err_no_account", name=name) from None
    return name


def vouched_coordinators(reg: Register) -> set[str]:
    """The coordinators the log vouches for: listed as coordinator in the table and by the log's
    user events alike (a row put in with an SQLite tool, which doctor flags, does not count)."""
    by_log = users_by_log(reg.conn)
    return {name for name, role in reg.roles().items()
            if role == Role.COORDINATOR and by_log.get(name) == Role.COORDINATOR.value}


def check_coordinator_stays(reg: Register, name: str) -> None:
    """Inside a write that takes the coordinator role from `name` (a new role, or removal)
    while others stay listed: refused when no other coordinator the log vouches for remains,
    for the register would then be managed by no one but the file's owner."""
    if not vouched_coordinators(reg) - {name}:
        raise InvalidInput("err_last_coordinator", name=name)


def add_user(reg: Register, name: str, role: Role) -> bool:
    """List an account with a role (or give a listed one another role); True if it was new."""
    check_account(reg, name)
    with reg.write("user add"):
        old = reg.roles().get(name)
        if old == Role.COORDINATOR and role != Role.COORDINATOR:
            check_coordinator_stays(reg, name)
        row = {"name": name, "role": role.value, "added": reg.today.isoformat(), "added_by": reg.user}
        if old is None:
            reg.table("user").insert(row)
            reg.log("create", f"user:{name}", new={"role": role.value})
        else:
            reg.table("user").update(name, {"role": role.value})
            reg.log("update", f"user:{name}", old={"role": old.value}, new={"role": role.value})
    return old is None


def remove_user(reg: Register, name: str) -> None:
    """Take an account off the list. The last coordinator stays while others are listed
    (check_coordinator_stays)."""
    with reg.write("user remove"):
        roles = reg.roles()
        if name not in roles:
            raise NotFound("err_no_user", name=name)
        if roles[name] == Role.COORDINATOR and len(roles) > 1:
            check_coordinator_stays(reg, name)
        reg.table("user").delete(name)
        reg.log("delete", f"user:{name}", old={"role": roles[name].value})


def list_users(reg: Register) -> list[dict]:
    """The listed accounts, coordinators first."""
    rows = reg.rows("SELECT name, role, added, added_by FROM user")
    return sorted(rows, key=lambda r: (-RANK.get(Role(r["role"]), 0), r["name"]))


def users_by_log(conn: sqlite3.Connection) -> dict[str, str]:
    """The users and roles as the log's user events leave them (what the table must hold)."""
    users: dict[str, str] = {}
    for action, record, new in conn.execute(
            "SELECT action, record, new FROM event WHERE record LIKE 'user:%' ORDER BY id"):
        name = record.split(":", 1)[1]
        if action == "delete":
            users.pop(name, None)
        elif new:
            try:
                users[name] = json.loads(new)["role"]
            except (ValueError, KeyError, TypeError):
                users[name] = "?"
    return users
