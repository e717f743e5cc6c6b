"""Writing output files: owner-only, atomic (temporary file, then rename), never half-written,
and never under their name before the event that records them is committed.

Every temporary file the tool makes is `.NAME.XXXXXXXX.tmp` beside its target, held under an
advisory lock (posix.hold_temp) for as long as its writer lives: a writer killed with SIGKILL
leaves the file unlocked, which is how `doctor` and `purge` know it is an orphan of ours
(`sweep_temp_files`) and not a copy another command is still writing.
"""

import errno
import os
import re
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


def check_target(path: Path, force: bool) -> Path:
    """Refuse to overwrite without --force, and say so before any work is done."""
    path = Path(path)
    if path.exists() and not force:
        raise InvalidInput("err_file_exists", path=str(path))
    if path.is_dir():
        raise ReadOnly("err_cannot_write", path=str(path), detail=Phrase("is_a_directory"))
    if not path.parent.is_dir():
        raise ReadOnly("err_cannot_write", path=str(path), detail=Phrase("no_such_directory"))
    return path


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
    file, in its own transaction) runs after the data is safely on disk and before the file
    appears under its name: if it fails, there is no file; if it succeeds, the file follows."""
    path = check_target(path, force)
    with temp_beside(path) as (fd, tmp):
        with os.fdopen(os.dup(fd), "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if record is not None:
            record()
        os.replace(tmp, path)


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
