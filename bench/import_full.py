"""The whole `boligreg import` against its floor: a municipality's by-name list of 10,000 rows
(.xlsx) imported into an empty register, as a whole process, against a bare openpyxl read-only
read of the same file, also a whole process (Python, openpyxl, every cell read, nothing else).

    python bench/import_full.py [--rows 10000] [--runs 5]    # this entry alone
    python bench/run.py                                       # with every other entry

The sheet is bench/import_parse.py's (title rows, a merged title, date cells mixed with texts
and serial numbers, lost leading zeros, words for situations, a total row; fictitious people,
synthetic numbers), so every row imports. Each run imports into a fresh copy of an empty
training register (`cp` is part of the measured command: a few milliseconds). The issue's
target: 10,000 rows in under 10 s and 200 MiB.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from import_parse import AS_OF, write_files
from run import HEADER, compare

FLOOR = ("import sys\nfrom openpyxl import load_workbook\n"
         "book = load_workbook(sys.argv[1], read_only=True, data_only=True)\n"
         "assert sum(len(row) for row in book.worksheets[0].iter_rows(values_only=True))\n"
         "book.close()\n")


def import_entry(results: list, folder: Path, rows: int, runs: int) -> dict:
    """Measure the import of `rows` rows in `folder` and add its line to `results`."""
    sheet, _ = write_files(folder, rows)
    empty, target = folder / "import-empty.db", folder / "import.db"
    boligreg = str(Path(sys.executable).parent / "boligreg")
    env = dict(os.environ, BOLIGREG_DB=str(empty), BOLIGREG_TODAY=AS_OF.isoformat(),
               BOLIGREG_LANG="nb", BOLIGREG_USER="bench")
    env.pop("COLUMNS", None)
    subprocess.run([boligreg, "init", "--demo"], env=env, check=True, capture_output=True)
    env["BOLIGREG_DB"] = str(target)
    command = ["sh", "-c", f'cp "$1" "$2" && exec "$3" import "$4" --as-of {AS_OF.isoformat()}',
               "sh", str(empty), str(target), boligreg, str(sheet)]
    floor = [sys.executable, "-c", FLOOR, str(sheet)]
    return compare(results, f"import, {rows:,} rows (.xlsx) into an empty register", command,
                   "bare openpyxl read-only read of the same file", floor, env, runs,
                   "< 10 s, < 200 MiB", lambda r: r["median"] < 10 and r["peak"] < 200)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()
    print(HEADER, flush=True)
    folder = Path(tempfile.mkdtemp())
    try:
        import_entry([], folder, options.rows, options.runs)
    finally:
        shutil.rmtree(folder)


if __name__ == "__main__":
    main()
