"""Run the boligreg command line as another account: `python tests/run_as.py UID GID GROUPS ARGS…`.

It starts as root, loads every module a command may need, then becomes the account (its user
id, group id and supplementary groups, as setpriv --reuid --regid --groups does) and runs the
command. Not setpriv itself: the interpreter may live where the account cannot read it (pyenv
under /root, mode 0700), so it is loaded while still root. From the moment the account takes
over, every file access is the account's, which is what the tests are about."""

import importlib
import os
import pkgutil
import sys

PRELOAD = ("rich.console", "rich.table", "rich.text", "rich.markup", "sqlite_utils", "sqlite_utils.migrations",
           "openpyxl", "openpyxl.cell", "openpyxl.styles", "openpyxl.utils", "jinja2", "pydantic",
           "stdnum.no.fodselsnummer", "platformdirs", "csv", "json", "hashlib", "tempfile", "getpass", "pwd",
           "grp", "fcntl", "difflib", "typer.testing")


def main() -> None:
    uid, gid = int(sys.argv[1]), int(sys.argv[2])
    groups = [int(g) for g in sys.argv[3].split(",") if g]
    import boligreg

    for module in pkgutil.walk_packages(boligreg.__path__, "boligreg."):
        importlib.import_module(module.name)
    for name in PRELOAD:
        importlib.import_module(name)
    from boligreg.resources import read_resource

    read_resource("templates", "status.html")  # warm importlib.resources' own imports
    os.setgroups(groups)
    os.setgid(gid)
    os.setuid(uid)
    sys.argv = ["boligreg", *sys.argv[4:]]
    from boligreg.cli import main as boligreg_main

    boligreg_main()


if __name__ == "__main__":
    main()
