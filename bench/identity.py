"""Write what a user sees from boligreg on two registers, so two builds can be compared.

    python bench/identity.py OUT_DIR [--persons 10000]
    diff -r BEFORE_DIR AFTER_DIR        # no output: the two builds show the same

A refactoring promises that users see no change: this runs the demo and a bench register
(bench/make_register.py, same seed) through every read command and output format (text, CSV,
JSON, the HTML printout, both workbooks) and writes each output to a file. What differs from
run to run by nature is blanked: clock times in the log and the printout, the log's hashes
(they cover those times), and a workbook's zip timestamps (each workbook is written out as its
cells, formats, widths and print settings instead).
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
TODAY = "2026-12-01"
BOLIGREG = [sys.executable, "-m", "boligreg.cli"]
CLOCK = re.compile(r"\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d|\d\d\.\d\d\.\d{4} \d\d:\d\d|[0-9a-f]{16,64}")


def run(env: dict, *args: str) -> str:
    done = subprocess.run([*BOLIGREG, *args], env=env, capture_output=True, text=True, check=False)
    return f"exit {done.returncode}\n--- stdout\n{done.stdout}--- stderr\n{done.stderr}"


def workbook_text(path: Path) -> str:
    """A workbook as text: per sheet, every cell's value, type and format, widths, print setup."""
    from openpyxl import load_workbook

    book = load_workbook(path)
    lines = [f"title={book.properties.title!r} creator={book.properties.creator!r}"]
    for sheet in book.worksheets:
        setup = sheet.page_setup
        lines.append(f"## {sheet.title} freeze={sheet.freeze_panes} filter={sheet.auto_filter.ref} "
                     f"orientation={setup.orientation} paper={setup.paperSize} "
                     f"fit={sheet.sheet_properties.pageSetUpPr.fitToPage if sheet.sheet_properties.pageSetUpPr else None} "
                     f"w={setup.fitToWidth} h={setup.fitToHeight} titles={sheet.print_title_rows}")
        lines.append("widths " + json.dumps({k: v.width for k, v in sorted(sheet.column_dimensions.items())}))
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is None:
                    continue
                lines.append(f"{cell.coordinate} {cell.data_type} {cell.number_format!r} "
                             f"b={bool(cell.font and cell.font.b)} q={cell.quotePrefix} "
                             f"h={cell.alignment.horizontal} {cell.value!r}")
    return "\n".join(lines) + "\n"


def capture(env: dict, out: Path, folder: Path, persons: list[str], past: list[str],
            period: tuple[str, str]) -> None:
    out.mkdir(parents=True, exist_ok=True)

    def save(name: str, text: str) -> None:
        (out / name).write_text(CLOCK.sub("<clock>", text.replace(str(folder), "<dir>")))

    for fmt in ("table", "json", "csv"):
        save(f"status.{fmt}", run(env, "status", "--format", fmt))
        for kind in ("--homeless", "--housed", "--inactive", "--all"):
            save(f"person-list{kind}.{fmt}", run(env, "person", "list", kind, "--format", fmt))
    for day in past:
        save(f"status-{day}.json", run(env, "status", "--date", day, "--format", "json"))
        save(f"status-{day}.table", run(env, "status", "--date", day))
    html = folder / "status.html"
    save("status-print.out", run(env, "status", "--print", str(html), "--force"))
    save("status-print.html", html.read_text())
    for pid in persons:
        save(f"show-{pid}", run(env, "person", "show", pid))
        save(f"show-{pid}-sensitive", run(env, "person", "show", pid, "--sensitive"))
    for text in ("a", "P0003", "nordmann", "zzz"):
        save(f"find-{text}", run(env, "person", "find", text))
    save("meeting-show", run(env, "meeting", "show"))
    save("config-show", run(env, "config", "show"))
    start, end = period
    save("report.json", run(env, "report", "--from", start, "--to", end, "--format", "json"))
    save("report.table", run(env, "report", "--from", start, "--to", end))
    for flag in ("", "--no-suppress"):
        book = folder / "report.xlsx"
        args = ["report", "--from", start, "--to", end, "--xlsx", str(book), "--force"]
        save(f"report-xlsx{flag}.out", run(env, *args, *([flag] if flag else [])))
        save(f"report-xlsx{flag}.txt", workbook_text(book))
    for flags in (["--homeless"], ["--all"], ["--all", "--show-fnr"]):
        book = folder / "export.xlsx"
        name = "export" + "".join(flags)
        save(name + ".out", run(env, "export", "--xlsx", str(book), "--force", *flags))
        save(name + ".txt", workbook_text(book))
    save("log", run(env, "log", "--limit", "400"))
    save("log-person", run(env, "log", "--person", persons[0]))
    save("log-verify", run(env, "log", "verify"))
    save("doctor", run(env, "doctor"))
    save("purge-dry", run(env, "purge", "--dry-run", "--housed-before", past[-1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--persons", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        base = dict(os.environ, BOLIGREG_TODAY=TODAY, BOLIGREG_LANG="nb", BOLIGREG_USER="identity",
                    HOME=str(folder))
        base.pop("COLUMNS", None)
        demo = dict(base, BOLIGREG_DB=str(folder / "demo.db"))
        (args.out / "demo").mkdir(parents=True, exist_ok=True)
        (args.out / "demo" / "demo.out").write_text(
            CLOCK.sub("<clock>", run(demo, "demo").replace(str(folder), "<dir>")))
        capture(demo, args.out / "demo", folder, ["P0001", "P0007", "P0014", "P0020", "P0041"],
                ["2026-06-01", "2026-11-10", "2026-11-20"], ("2026-01-01", "2026-11-30"))
        bench = folder / "bench.db"
        subprocess.run([sys.executable, str(HERE / "make_register.py"), str(args.persons),
                        "--out", str(bench), "--today", TODAY], check=True, capture_output=True)
        capture(dict(base, BOLIGREG_DB=str(bench)), args.out / "bench", folder,
                ["P0001", "P0042", "P0777", "P4711"], ["2023-03-01", "2025-06-30"],
                ("2025-01-01", "2025-12-31"))


if __name__ == "__main__":
    main()
