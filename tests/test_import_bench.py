"""bench/import_parse.py still runs (a tiny sheet, one run, no timing assertions)."""

import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent / "bench" / "import_parse.py"


def test_the_import_bench_prints_its_table():
    out = subprocess.run([sys.executable, str(BENCH), "--rows", "60", "--runs", "1"],
                         capture_output=True, text=True, timeout=120, check=True).stdout
    lines = out.splitlines()
    assert lines[0].startswith("| 60 rows | median s")
    for measured in ("| read_sheet + plan_import (.xlsx)", "| bare openpyxl read-only",
                     "| read_sheet + plan_import (.csv)", "| bare csv.reader"):
        assert any(line.startswith(measured) for line in lines), measured
