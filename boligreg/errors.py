"""Every way a command can fail, as a class with its exit code: the one map from failure to code.

Domain and store raise these; the CLI (cli/__init__.py) turns whatever else escapes (SQLite's
errors, the operating system's, Typer's usage errors, Ctrl-C) into one of them and prints one
line. Each carries a catalog key and its arguments, so the message is rendered in the user's
language at the edge, not where the error is found. The README's exit-code table lists these
codes; tests/test_exit_codes.py holds the two together.
"""


class Word(str):
    """An error argument that is a catalog key: shown in the user's words ('innvilget'), since
    the message is rendered at the edge, not where the error is found."""


class BoligregError(Exception):
    """Base: something the user can correct; never shown as a traceback."""

    exit_code = 2

    def __init__(self, key: str, /, **args: object):
        super().__init__(key)
        self.key = key
        self.args_ = args


class Findings(BoligregError):
    """`doctor` or `log verify` found something wrong, or `import` rejected rows (each finding
    or row already printed)."""

    exit_code = 1


class Aborted(BoligregError):
    """The user answered no, or closed the input, at a question the command asked."""

    exit_code = 1


class InvalidInput(BoligregError):
    """Bad value or usage: impossible date, unknown code, invalid fødselsnummer, overlapping stay."""

    exit_code = 2


class LikelyDuplicate(InvalidInput):
    """A new person looks like one already registered (domain.duplicates); `person add` asks in
    a terminal and needs --new-person in a script. `found` holds (person, reason) pairs."""

    def __init__(self, key: str = "err_likely_duplicate", /, found: tuple = (), **args: object):
        super().__init__(key, **{"candidates": ", ".join(p.id for p, _ in found), **args})
        self.found = list(found)


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
    """The disk filled up during a write (or a size limit, a quota, an I/O error); rolled back."""

    exit_code = 8


class UnsafeLocation(BoligregError):
    """The register lies on a network or FUSE filesystem, where SQLite's locking is not safe."""

    exit_code = 9


class NotAllowed(BoligregError):
    """Not allowed: the acting account has no role that permits this (or is not listed among
    the register's users, or the operating system does not let it open the register)."""

    exit_code = 10


class Internal(BoligregError):
    """A bug of ours: still one line, naming only the exception's type (never personal data)."""

    exit_code = 70


class Interrupted(BoligregError):
    """Ctrl-C during a command; a write in progress was rolled back."""

    exit_code = 130


EXIT_CODES = {cls.exit_code: cls for cls in (
    Findings, InvalidInput, NotFound, RegisterMissing, RegisterLocked, RegisterDamaged, ReadOnly,
    DiskFull, UnsafeLocation, NotAllowed, Internal, Interrupted)}
"""Exit code → the class that owns it (Aborted shares 1 with Findings: both 'not done')."""
