"""Who may do what: the roles of the accounts listed in a register, and the lowest role each
command needs. A pure table; the register asks it (Register.require) before a command starts.

A caseworker changes persons and records contacts; only a coordinator takes a by-name list, the
survey's forms or a copy of the register out (export, report survey, backup), shows sensitive details, purges, restores, and
changes the settings or the users; a reader reads the status list and the meeting. A register
with no users listed behaves as before roles existed: whoever can open the file may do all.
"""

from enum import StrEnum


class Role(StrEnum):
    COORDINATOR = "coordinator"
    CASEWORKER = "caseworker"
    READER = "reader"


RANK = {Role.READER: 1, Role.CASEWORKER: 2, Role.COORDINATOR: 3}

READER_MAY = ("status", "meeting show", "report", "report kostra", "log verify", "doctor", "config show",
              "user list")
CASEWORKER_MAY = (
    "person add", "person update", "person show", "person list", "person find", "person exit",
    "person duplicates", "person delete",
    "stay add", "stay release", "stay undo", "stay edit", "stay delete",
    "plan set", "plan done", "plan undone", "plan step add", "plan step edit", "plan step delete",
    "application add", "application decide", "application edit",
    "contact add", "contact edit", "contact delete",
    "meeting start", "meeting action add", "meeting action edit", "meeting action delete",
    "meeting close", "log", "undo",
    # the housing side: the boligkontor's dwellings, offers from the waiting list, the private
    # rentals NAV can fund and their booklet, Housing First (the lists name tenants and applicants)
    "dwelling add", "dwelling update", "dwelling show", "dwelling list", "dwelling vacant",
    "dwelling let", "dwelling leases", "dwelling suggest", "dwelling offer", "dwelling import",
    "offer accept", "offer decline", "offer list", "rental add", "rental update", "rental list",
    "bolighefte", "housing-first invite", "housing-first accept", "housing-first decline",
    "housing-first end", "housing-first list",
)
"""A caseworker corrects what they and others typed (each correction with its reason, logged);
`undo` reverses only the acting account's own latest change."""
COORDINATOR_MAY = ("export", "backup", "restore", "purge", "config set", "user add", "user remove",
                   "sensitive", "person merge", "force-delete", "report survey", "import")
"""`report survey` writes a form per person out of the register, as an export does; `import` adds a whole sheet of persons at once. `sensitive`: person show --sensitive and log --sensitive (health needs, prison, birth date).
`person merge` joins two persons' records for good; `force-delete`: person delete --force, of
a person a meeting has listed. `import` registers a whole list at once, which `undo` does not
take back, and its dry run tells who of a sheet is in the register: the coordinator's."""

LOWEST_ROLE: dict[str, Role] = {
    **dict.fromkeys(READER_MAY, Role.READER),
    **dict.fromkeys(CASEWORKER_MAY, Role.CASEWORKER),
    **dict.fromkeys(COORDINATOR_MAY, Role.COORDINATOR),
}
"""Every command that opens a register → the lowest role that may run it (`init` and `demo`
make a new register, where nobody is listed yet)."""

OWNER_MAY = ("user add", "user remove", "user list", "doctor", "log verify")
"""Also allowed to the account that owns the register file, whatever the list says: the owner
can always check the file and repair the list (and could edit the file anyway), even after a
row was put in the users table with an SQLite tool."""

PERMISSION_WORDS = {"sensitive": "permission_sensitive", "force-delete": "permission_force_delete"}
"""The permissions that are part of a command, not a command, in words (a refusal names them)."""

TYPED_AS = {"contact add": "contact", "plan step add": "plan step", "meeting action add": "meeting action"}
"""Commands a person types without their `add` (contact P0001, plan step P0001 TEXT)."""


def typed_command(permission: str) -> str:
    """The command as a person types it (`contact`, not `contact add`)."""
    return TYPED_AS.get(permission, permission)


def allows(role: Role, permission: str) -> bool:
    """Whether `role` may do `permission`; a permission the table does not know needs a
    coordinator (a new command must be placed in the table to be open to others)."""
    return RANK[role] >= RANK[LOWEST_ROLE.get(permission, Role.COORDINATOR)]


def needed(permission: str) -> Role:
    return LOWEST_ROLE.get(permission, Role.COORDINATOR)
