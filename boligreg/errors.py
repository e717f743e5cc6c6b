"""Exceptions that domain and store raise; the CLI maps each, in one place, to a line and an exit code.

Each carries a catalog key and its arguments, so the message is rendered in the user's language
at the edge, not where the error is found.
"""


class BoligregError(Exception):
    """Base: something the user can correct; never shown as a traceback."""

    exit_code = 2

    def __init__(self, key: str, /, **args: object):
        super().__init__(key)
        self.key = key
        self.args_ = args


class InvalidInput(BoligregError):
    """Bad value: impossible date, unknown code, invalid fødselsnummer, overlapping stay."""

    exit_code = 2


class NotFound(BoligregError):
    """Unknown id (person, application, step, meeting)."""

    exit_code = 3


class RegisterMissing(BoligregError):
    """No register at the path; `boligreg init` creates one."""

    exit_code = 4


class RegisterLocked(BoligregError):
    """Another process held the write lock longer than the busy timeout."""

    exit_code = 5


class RegisterDamaged(BoligregError):
    """The file is not a boligreg register, or SQLite finds it corrupt."""

    exit_code = 6


class ReadOnly(BoligregError):
    """The register or output file cannot be written."""

    exit_code = 7


class DiskFull(BoligregError):
    """The disk filled up during a write; the transaction was rolled back."""

    exit_code = 8


class UnsafeLocation(BoligregError):
    """The register lies on a network or FUSE filesystem, where SQLite's locking is not safe."""

    exit_code = 9


class Findings(BoligregError):
    """`doctor` or `log verify` found something wrong (each finding already printed)."""

    exit_code = 1


class Interrupted(BoligregError):
    """Ctrl-C during a command; a write in progress was rolled back."""

    exit_code = 130
