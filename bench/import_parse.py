"""The import's parsing against its floor: read_sheet + plan_import of a 10,000-row by-name list
against a bare openpyxl read-only iteration of the same file (and csv.reader for the CSV).

    python bench/import_parse.py [--rows 10000] [--runs 5] [--keep DIR]

Each measurement runs in a fresh process (so each has its own peak memory, ru_maxrss), a run
of the import and a run of its floor in turns, as bench/run.py does: the machine's speed
drifts within a minute, and turns give both sides the same drift. Prints the median, min and
max seconds, the peak memory, and the ratio of the medians. The issue's target: 10,000 rows
in well under 10 s and 200 MiB.

The sheet is as messy as the tests' (title rows, a merged title, blank rows, date cells mixed
with texts and serial numbers, numbers that lost their leading zero, words for situations,
duplicates, a total row), with fictitious people and synthetic fødselsnummer only.
"""

import argparse
import csv
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve()
HEADERS = ["Navn", "Fødselsnummer", "Kjønn", "Bosituasjon", "Bostedsløs siden", "Løslates",
           "Søkt kommunal bolig", "Vedtak", "Vedtaksdato", "Ønsker bolig", "Saksbehandler",
           "Siste kontakt", "Barn", "Tlf", "Merknad"]
SITUATIONS = ["hospits", "Pensjonat", "camping", "natthjem", "hos venner", "sofa hos kjente",
              "ute", "bil", "krisesenter", "fengsel", "rusbehandling", "UTE", "MIDL"]
FIRST = ["Kari", "Ola", "Per", "Åse", "Lise", "Tor", "Bjørn", "Anne", "Eva", "Geir", "Ida"]
LAST = ["Nordmann", "Pedersen", "Ødegård", "Lund", "Tveit", "Berg", "Aas", "Ek", "Gran"]
AS_OF = date(2016, 6, 1)


def sheet_rows(count: int) -> list[list[object]]:
    """The by-name list: two title rows, a blank row, the header, `count` persons, a total."""
    from boligreg.domain.fnr import make_fnr

    rows: list[list[object]] = [["Løpende oversikt med navn, oppholdssted og søknadsstatus"],
                                ["Eksempelvik kommune"], [], HEADERS]
    for number in range(count):
        born = date(1950, 1, 1) + timedelta(days=(number * 37) % 20000)
        fnr = None
        for serial in range(number % 400, number % 400 + 50):
            fnr = make_fnr(born, serial, synthetic=True)
            if fnr:
                break
        since = AS_OF - timedelta(days=1 + number % 900)
        situation = SITUATIONS[number % len(SITUATIONS)]
        release = since + timedelta(days=200) if situation in ("fengsel", "rusbehandling") else None
        kind = number % 4
        rows.append([
            f"{LAST[number % len(LAST)]}, {FIRST[number % len(FIRST)]} {number}",
            int(fnr) if fnr and kind == 0 else fnr,
            "K" if number % 2 else "mann",
            situation,
            since if kind < 2 else (since.strftime("%d.%m.%Y") if kind == 2
                                    else (since - date(1899, 12, 30)).days),
            release,
            since.strftime("%d.%m.%Y") if number % 3 == 0 else None,
            "innvilget" if number % 6 == 0 else None,
            min(since + timedelta(days=10), AS_OF) if number % 6 == 0 else None,
            "ja" if number % 5 else "nei",
            "Siv Sakse",
            "mars 2016" if number % 50 == 0 else AS_OF - timedelta(days=number % 80),
            number % 3,
            90000000 + number,
            "Merknad om oppfølging og videre plan for bolig" if number % 7 == 0 else None,
        ])
        if number % 500 == 0:
            rows.append([])
    rows.append(["Totalt", count])
    return rows


def write_files(directory: Path, count: int) -> tuple[Path, Path]:
    from openpyxl import Workbook

    rows = sheet_rows(count)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Liste")
    for row in rows:
        sheet.append(row)
    xlsx = directory / "liste.xlsx"
    book.save(xlsx)
    csv_path = directory / "liste.csv"
    with csv_path.open("w", encoding="cp1252", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        for row in rows:
            writer.writerow(["" if cell is None else
                             cell.strftime("%d.%m.%Y") if isinstance(cell, date) else cell
                             for cell in row] + [""] * (len(HEADERS) - len(row)))
    return xlsx, csv_path


def measure(kind: str, path: Path, rows: int) -> None:
    """One measurement in this process: print seconds and peak memory (MiB). The modules are
    loaded before the clock starts: this times the work, not Python's start-up."""
    from openpyxl import load_workbook

    from boligreg.importing import plan_import, read_sheet

    if kind == "import":
        import stdnum.no.fodselsnummer  # noqa: F401  (loaded on the first number otherwise)
    start = time.perf_counter()
    if kind == "import":
        plan = plan_import(read_sheet(path), as_of=AS_OF, allow_synthetic=True)
        assert len(plan.persons) == rows, (len(plan.persons), plan.rejects[:3])
    elif path.suffix == ".xlsx":
        book = load_workbook(path, read_only=True, data_only=True)
        cells = sum(len(row) for row in book.worksheets[0].iter_rows(values_only=True))
        book.close()
        assert cells
    else:
        with path.open(encoding="cp1252", newline="") as handle:
            assert sum(len(row) for row in csv.reader(handle, delimiter=";"))
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(f"{seconds:.4f} {peak:.1f}")


def run_once(kind: str, path: Path, rows: int) -> tuple[float, float]:
    out = subprocess.run([sys.executable, str(HERE), "--measure", kind, str(path), str(rows)],
                         capture_output=True, text=True, check=True).stdout.split()
    return float(out[0]), float(out[1])


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--measure":
        measure(sys.argv[2], Path(sys.argv[3]), int(sys.argv[4]))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="write the sheets here and keep them")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        directory = options.keep or Path(scratch)
        directory.mkdir(parents=True, exist_ok=True)
        files = write_files(directory, options.rows)
        print(f"| {options.rows} rows | median s | min s | max s | peak MiB | ratio |")
        print("|---|---|---|---|---|---|")
        for path in files:
            results: dict[str, list[tuple[float, float]]] = {"import": [], "floor": []}
            for _ in range(options.runs):
                for kind in ("import", "floor"):
                    results[kind].append(run_once(kind, path, options.rows))
            floor = statistics.median(s for s, _ in results["floor"])
            for kind in ("import", "floor"):
                seconds = [s for s, _ in results[kind]]
                median = statistics.median(seconds)
                label = (f"read_sheet + plan_import ({path.suffix})" if kind == "import"
                         else f"bare {'openpyxl read-only' if path.suffix == '.xlsx' else 'csv.reader'}")
                print(f"| {label} | {median:.3f} | {min(seconds):.3f} | {max(seconds):.3f} "
                      f"| {max(m for _, m in results[kind]):.0f} | {median / floor:.2f} × |")


if __name__ == "__main__":
    main()
