"""Where a register may live: a local disk, never a network or FUSE filesystem."""

import os
from pathlib import Path

from boligreg.errors import UnsafeLocation
from boligreg.posix import mount_table

# SQLite's locking relies on POSIX advisory locks that these filesystems do not honour reliably:
# two caseworkers on one network share can corrupt the file. https://sqlite.org/useovernet.html
NETWORK_FILESYSTEMS = {
    "nfs", "nfs4", "cifs", "smb3", "smbfs", "ncpfs", "afs", "coda", "ceph", "glusterfs",
    "lustre", "gpfs", "davfs", "9p", "fuse", "fuseblk", "sshfs", "virtiofs", "gfs2", "ocfs2",
}


def _unescape(field_: str) -> str:
    """/proc/mounts writes a space in a mount point as \\040 (and tab, newline, backslash alike)."""
    for code, char in (("\\040", " "), ("\\011", "\t"), ("\\012", "\n"), ("\\134", "\\")):
        field_ = field_.replace(code, char)
    return field_


def filesystem_of(path: Path, mounts: str) -> str | None:
    """The type of the filesystem that holds `path`: the mount with the longest matching point."""
    target = str(path)
    best, kind = "", None
    for line in mounts.splitlines():
        parts = line.split()
        if len(parts) < 3:
            continue
        point = _unescape(parts[1])
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and len(point) >= len(best):
            best, kind = point, parts[2]
    return kind


def is_network(kind: str | None) -> bool:
    return bool(kind) and (kind in NETWORK_FILESYSTEMS or str(kind).startswith("fuse."))


def location_kind(path: Path) -> str | None:
    """The filesystem type holding `path` (or its folder, before it exists); None where the
    system lists no mounts (posix.mount_table): nothing to read, nothing to refuse."""
    mounts = mount_table()
    if mounts is None:
        return None
    return filesystem_of(Path(os.path.realpath(path if path.exists() else path.parent)), mounts)


def check_location(path: Path) -> None:
    """Refuse a register on a network or FUSE filesystem, before SQLite touches it."""
    kind = location_kind(path)
    if is_network(kind):
        raise UnsafeLocation("err_network_fs", path=str(path), kind=kind)
