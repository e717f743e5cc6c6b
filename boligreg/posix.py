"""What only a POSIX system (Linux, macOS) has, behind one small module.

Most coordinators' own machines run Windows; the register itself often lives on a Linux host
that several caseworkers log in to. The rest of the code asks these functions and does not care
which it is on. On Windows:
- `private_files()` sets nothing: files get the folder's access control list (the user's
  profile folder is private to the user by default);
- `make_private()` leaves the file as it is, for the same reason;
- `mode_of()` returns None: POSIX modes mean nothing there, so `doctor` does not check them;
- `mount_table()` returns None (no /proc/mounts), so the network-filesystem check passes;
- `account_name()` is the Windows login name.
"""

import os
import stat
from pathlib import Path

POSIX = os.name == "posix"
MOUNTS = Path("/proc/mounts")
PRIVATE_UMASK = 0o077
PRIVATE_FILE = 0o600


def private_files() -> None:
    """Every file this process creates is readable by its owner only."""
    if POSIX:
        os.umask(PRIVATE_UMASK)


def make_private(path: Path | str) -> None:
    """A file written before it is renamed into place: owner only, whatever the umask."""
    if POSIX:
        os.chmod(path, PRIVATE_FILE)


def mode_of(path: Path) -> int | None:
    """The permission bits of a file or folder (0o600, 0o2770 …); None where there are none."""
    if not POSIX:
        return None
    return stat.S_IMODE(path.stat().st_mode)


def others_may_replace(folder_mode: int) -> bool:
    """A folder whose group or others may write lets them delete or replace a file in it,
    unless the sticky bit (as on /tmp) limits that to the file's owner."""
    return bool(folder_mode & 0o022) and not folder_mode & stat.S_ISVTX


def mount_table() -> str | None:
    """The mounted filesystems as /proc/mounts lists them; None where there is no such file."""
    try:
        return MOUNTS.read_text()
    except OSError:
        return None


def account_name() -> str:
    """The login name of the account running the process."""
    import getpass

    return getpass.getuser()
