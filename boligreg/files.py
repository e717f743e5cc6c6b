"""Writing output files: owner-only, atomic (temporary file, then rename), never half-written."""

import errno
import os
from pathlib import Path

from boligreg.errors import BoligregError, DiskFull, InvalidInput, ReadOnly
from boligreg.i18n import Phrase
from boligreg.posix import make_private

NO_SPACE = {errno.ENOSPC, errno.EFBIG, errno.EDQUOT}


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


def write_private(path: Path, data: bytes, force: bool = False) -> None:
    """Write `data` to `path` with mode 0600, atomically."""
    path = check_target(path, force)
    import tempfile  # here, not at the top: reads (status, person show) never write a file

    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    except OSError as error:
        raise write_error(path, error) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        make_private(tmp)
        os.replace(tmp, path)
    except OSError as error:
        Path(tmp).unlink(missing_ok=True)
        raise write_error(path, error) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
