"""Writing output files: owner-only, atomic (temporary file, then rename), never half-written."""

import errno
import os
from pathlib import Path

from boligreg.errors import DiskFull, InvalidInput, ReadOnly

NO_SPACE = {errno.ENOSPC, errno.EFBIG, errno.EDQUOT}


def write_error(path: Path, error: OSError) -> Exception:
    """A failed write as one clear line: disk full (or over a size limit/quota), else not writable."""
    if error.errno in NO_SPACE:
        return DiskFull("err_disk_full", path=str(path))
    return ReadOnly("err_cannot_write", path=str(path), detail=error.strerror)


def check_target(path: Path, force: bool) -> Path:
    """Refuse to overwrite without --force, and say so before any work is done."""
    path = Path(path)
    if path.exists() and not force:
        raise InvalidInput("err_file_exists", path=str(path))
    if path.is_dir():
        raise ReadOnly("err_cannot_write", path=str(path), detail="is a directory")
    if not path.parent.is_dir():
        raise ReadOnly("err_cannot_write", path=str(path), detail="no such directory")
    return path


def write_private(path: Path, data: bytes, force: bool = False) -> None:
    """Write `data` to `path` with mode 0600, atomically."""
    path = check_target(path, force)
    import tempfile  # here, not at the top: reads (status, person show) skip its 2 ms

    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    except OSError as error:
        raise write_error(path, error) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except OSError as error:
        Path(tmp).unlink(missing_ok=True)
        raise write_error(path, error) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
