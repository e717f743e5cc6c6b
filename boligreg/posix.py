"""What only a POSIX system (Linux, macOS) has, behind one small module.

Most coordinators' own machines run Windows; the register itself often lives on a Linux host
that several caseworkers log in to. The rest of the code asks these functions and does not care
which it is on. On Windows:
- `private_files()` and `shared_files()` set nothing: files get the folder's access control
  list (the user's profile folder is private to the user by default), and a shared group
  (`use_group`) cannot be set up: `group_id` says there is no such group;
- `make_private()` leaves the file as it is, for the same reason;
- `mode_of()` returns None: POSIX modes mean nothing there, so `doctor` does not check them;
- `mount_table()` returns None (no /proc/mounts), so the network-filesystem check passes;
- `account_name()` is the Windows login name (os.getlogin, never an environment variable);
  `owner_name()` is None, so only the users listed in the register manage it;
- `hold_temp()` takes no lock and `abandoned_temp()` is always False: doctor leaves temporary
  files alone there rather than risk removing one that a command is still writing.
"""

import os
import stat
from pathlib import Path

POSIX = os.name == "posix"
MOUNTS = Path("/proc/mounts")
PRIVATE_UMASK = 0o077
SHARED_UMASK = 0o007
PRIVATE_FILE = 0o600
SHARED_FILE = 0o660
SHARED_FOLDER = 0o2770
"""The shared set-up (`init --group`): rwx for owner and group, nothing for others, and the
setgid bit, so every file created inside belongs to the folder's group."""

_file_group: int | None = None
"""The group every file this process writes belongs to (use_group), or None: owner only."""


def private_files() -> None:
    """Every file this process creates is readable by its owner only."""
    if POSIX:
        os.umask(PRIVATE_UMASK)


def shared_files() -> None:
    """Every file this process creates is readable and writable by its owner and group only."""
    if POSIX:
        os.umask(SHARED_UMASK)


def group_id(name: str) -> int | None:
    """The id of the group called `name`, or None where there is no such group."""
    if not POSIX:
        return None
    import grp

    try:
        return grp.getgrnam(name).gr_gid
    except KeyError:
        return None


def group_name(gid: int) -> str:
    import grp

    try:
        return grp.getgrgid(gid).gr_name
    except KeyError:
        return str(gid)


def in_group(gid: int) -> bool:
    """Whether this process may give a file to the group (a member, or root)."""
    return os.geteuid() == 0 or gid == os.getegid() or gid in os.getgroups()


def use_group(gid: int | None) -> None:
    """Files this process writes from now on go to group `gid` with mode 0660 (None: owner
    only, 0600), and the umask follows."""
    global _file_group
    _file_group = gid
    if gid is None:
        private_files()
    else:
        shared_files()


def make_private(path: Path | str) -> None:
    """A file written before it is renamed into place: owner only (or owner and the shared
    group, see use_group), whatever the umask."""
    if not POSIX:
        return
    if _file_group is None:
        os.chmod(path, PRIVATE_FILE)
        return
    os.chown(path, -1, _file_group)
    os.chmod(path, SHARED_FILE)


def share(path: Path, gid: int | None, folder: bool = False) -> None:
    """Give a register file (or, with folder=True, its folder) to the shared group, or back to
    its owner alone when `gid` is None."""
    if not POSIX:
        return
    if gid is not None:
        os.chown(path, -1, gid)
        os.chmod(path, SHARED_FOLDER if folder else SHARED_FILE)
    else:
        os.chmod(path, 0o700 if folder else PRIVATE_FILE)


def mode_of(path: Path) -> int | None:
    """The permission bits of a file or folder (0o600, 0o2770 …); None where there are none."""
    if not POSIX:
        return None
    return stat.S_IMODE(path.stat().st_mode)


def gid_of(path: Path) -> int | None:
    return path.stat().st_gid if POSIX else None


def others_may_write(folder_mode: int) -> bool:
    """A folder whose group or others may create files in it, sticky bit or not: in the
    register's folder they could put a journal (register.db-journal) there before SQLite does,
    which SQLite would roll into the register on its next open."""
    return bool(folder_mode & 0o022)


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
    """The operating system's account of this process: the effective user id's name. Never an
    environment variable (LOGNAME, USER), which anyone can set to anything."""
    if not POSIX:
        try:
            return os.getlogin()
        except OSError:
            import getpass

            return getpass.getuser()
    import pwd

    uid = os.geteuid()
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:  # an id with no name (a container's arbitrary uid)
        return f"uid {uid}"


def owner_name(path: Path) -> str | None:
    """The account that owns the file; None where the system has no such notion."""
    if not POSIX:
        return None
    import pwd

    uid = path.stat().st_uid
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return f"uid {uid}"


def owned_by_me(path: Path) -> bool:
    return not POSIX or path.lstat().st_uid == os.geteuid()


def hold_temp(fd: int) -> None:
    """Lock a temporary file for as long as this process holds it open (flock: independent of
    SQLite's own POSIX locks on the same file, and released by the kernel when the process dies)."""
    if POSIX:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)


def abandoned_temp(path: Path) -> bool:
    """A temporary file of ours that no living process holds (see hold_temp), and that is
    closed to others as every file of ours is."""
    if not POSIX:
        return False
    import fcntl

    if stat.S_IMODE(path.lstat().st_mode) & 0o007:
        return False
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    finally:
        os.close(fd)
    return True
