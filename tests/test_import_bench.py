"""bench/import_parse.py still works: its sheet imports whole, and each measurement prints its
seconds and memory (in this process, a tiny sheet, no timing assertions: timing is bench/'s)."""

import importlib.util
from pathlib import Path

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
