"""bench/import_parse.py and bench/import_full.py still work: the sheet imports whole, and each
measurement prints its seconds and memory (tiny sheets, no timing assertions: timing is bench/'s)."""

import importlib.util
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench" / "import_parse.py"


def _bench_module():
    spec = importlib.util.spec_from_file_location("import_parse", BENCH)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_bench_sheet_imports_whole_and_each_measurement_reports(tmp_path, capsys):
    bench = _bench_module()
    xlsx, csv_path = bench.write_files(tmp_path, 60)
    for path in (xlsx, csv_path):
        for kind in ("import", "floor"):
            bench.measure(kind, path, 60)  # the import asserts that all 60 persons came through
            seconds, peak = capsys.readouterr().out.split()
            assert float(seconds) >= 0 and float(peak) > 0


@pytest.mark.slow
def test_the_full_import_entry_measures_the_command_against_its_floor(tmp_path, capsys):
    """bench/import_full.py (also run by bench/run.py): a tiny sheet, one run, its table line."""
    import sys

    sys.path.insert(0, str(BENCH.parent))
    from import_full import import_entry

    results: list = []
    row = import_entry(results, tmp_path, 40, 1)
    assert results == [row] and row["ratio"] > 0 and row["peak"] > 0
    assert "| import, 40 rows (.xlsx) into an empty register |" in capsys.readouterr().out
    from boligreg.store.register import open_register

    reg = open_register(tmp_path / "import.db")
    assert len(reg.histories()) == 40  # every row came in
    reg.close()
