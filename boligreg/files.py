"""Writing output files: owner-only, atomic (temporary file, then rename), never half-written,
and never under their name before the event that records them is committed.

The event is committed once the empty temporary file exists and before the first byte of
personal data goes into it: a writer killed with SIGKILL mid-copy leaves its temporary file in
a folder the log names, where `doctor` and `purge` look (a folder the log does not know holds
at most an empty file). A target is always a regular file (or a new name): never a device, a
FIFO or a socket, never the register itself or the side files SQLite keeps beside it.

Every temporary file the tool makes is `.NAME.XXXXXXXX.tmp` beside its target, held under an
advisory lock (posix.hold_temp) for as long as its writer lives: a writer killed with SIGKILL
leaves the file unlocked, which is how `doctor` and `purge` know it is an orphan of ours
(`sweep_temp_files`) and not a copy another command is still writing.
"""

import errno
import os
import re
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from boligreg.errors import BoligregError, DiskFull, InvalidInput, ReadOnly
from boligreg.i18n import Phrase
from boligreg.posix import abandoned_temp, hold_temp, make_private, owned_by_me

NO_SPACE = {errno.ENOSPC, errno.EFBIG, errno.EDQUOT}
TEMP_SUFFIX = ".tmp"
TEMP_NAME = re.compile(r"^\..+\.[A-Za-z0-9_]{8}\.tmp$")
"""How tempfile.mkstemp(prefix='.NAME.', suffix='.tmp') names a temporary file of ours."""


def write_error(path: Path, error: OSError) -> BoligregError:
    """A failed write as one clear line: disk full (or over a size limit/quota), else not writable."""
    if error.errno in NO_SPACE:
        return DiskFull("err_disk_full", path=str(path))
    return ReadOnly("err_cannot_write", path=str(path), detail=error.strerror)


def os_error(error: OSError) -> BoligregError:
    """Any other failure of the operating system's, where no file of ours is known."""
    if error.errno in NO_SPACE:
        return DiskFull("err_disk_full", path=error.filename or "")
    return ReadOnly("err_os", detail=error.strerror or str(error))


SIDE_SUFFIXES = ("", "-journal", "-wal", "-shm")
"""The register's own file and the side files SQLite keeps beside it under its name: a file
written there would replace the register or vanish (or corrupt it) on the next write."""

_registers: set[str] = set()
"""The register files this process opened (store.register.open_register): never a target."""


def protect(register: Path) -> None:
    """Refuse the register at `register` (and its side files, through any symlink) as a target
    of every file this process writes."""
    for base in {os.path.abspath(register), os.path.realpath(register)}:
        _registers.update(base + suffix for suffix in SIDE_SUFFIXES)


def _is_special(path: Path) -> bool:
    """Something exists at `path` (through a symlink) that is not a regular file or a folder:
    a character or block device, a FIFO, a socket. Replacing it would turn it into a file."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False  # nothing there (or a dangling link, which the rename replaces)
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def _is_register_file(path: Path) -> bool:
    return bool(_registers) and (os.path.abspath(path) in _registers
                                 or os.path.realpath(path) in _registers)


def check_target(path: Path, force: bool, suffix: str | None = None) -> Path:
    """Refuse a target that is no regular file (a folder, a device, a FIFO), the register or one
    of its side files, an existing file without --force, and (with `suffix`, '.xlsx') a name
    that does not end so (a printout: '.html', so the browser opens it as a page); said before
    any work is done."""
    path = Path(path)
    if path.is_dir():
        raise ReadOnly("err_cannot_write", path=str(path), detail=Phrase("is_a_directory"))
    if _is_special(path):
        raise InvalidInput("err_not_regular_file", path=str(path))
    if _is_register_file(path):
        raise InvalidInput("err_register_file", path=str(path))
    if suffix is not None and not path.name.lower().endswith(suffix):  # after what matters more
        raise InvalidInput("err_html_suffix" if suffix == ".html" else "err_file_suffix",
                           path=str(path), suffix=suffix)
    if path.exists() and not force:
        raise InvalidInput("err_file_exists", path=str(path))
    if not path.parent.is_dir():
        raise ReadOnly("err_cannot_write", path=str(path), detail=Phrase("no_such_directory"))
    return path


def put_in_place(tmp: Path, path: Path) -> None:
    """Rename the finished temporary file to its name, checking once more that nothing has
    come to stand there meanwhile that must not be replaced (a FIFO made since the check)."""
    if path.is_dir() or _is_special(path):
        raise InvalidInput("err_not_regular_file", path=str(path))
    os.replace(tmp, path)


@contextmanager
def temp_beside(target: Path) -> Iterator[tuple[int, Path]]:
    """A private temporary file beside `target` (its descriptor and path), locked while this
    process lives and removed when the block ends unless the block renamed it into place."""
    import tempfile  # here, not at the top: reads (status, person show) never write a file

    try:
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=TEMP_SUFFIX, dir=target.parent)
    except OSError as error:
        raise write_error(target, error) from None
    tmp = Path(name)
    try:
        hold_temp(fd)
        make_private(tmp)
        yield fd, tmp
    except OSError as error:
        raise write_error(target, error) from None
    finally:
        tmp.unlink(missing_ok=True)  # nothing there once it was renamed into place
        os.close(fd)


def write_private(path: Path, data: bytes, force: bool = False,
                  record: Callable[[], None] | None = None) -> None:
    """Write `data` to `path`, owner-only and atomically. `record` (the event that records the
    file, in its own transaction) runs once the empty temporary file exists and before any data
    goes into it: if it fails, there is no file; if it succeeds, the file follows (unless the
    write itself then fails, a full disk say: then the event stands for a file never made)."""
    path = check_target(path, force)
    with temp_beside(path) as (fd, tmp):
        if record is not None:
            record()
        with os.fdopen(os.dup(fd), "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        put_in_place(tmp, path)


def sweep_temp_files(folders: set[Path]) -> list[Path]:
    """Remove the temporary files of ours (by name, owner and mode) that no living process
    holds: what a writer killed with SIGKILL left, some of them whole copies of the register."""
    removed = []
    for folder in sorted(folders):
        try:
            entries = list(folder.iterdir())
        except OSError:
            continue
        for item in entries:
            if TEMP_NAME.match(item.name) and item.is_file() and not item.is_symlink() \
                    and owned_by_me(item) and abandoned_temp(item):
                try:
                    item.unlink()
                except OSError:
                    continue
                removed.append(item)
    return removed
