"""Time boligreg as whole processes, each against a floor measured in the same run.

    python bench/run.py            # full run (about 6 minutes), writes bench/RESULTS.md
    python bench/run.py --smoke    # N = 1,000 and one run each: checks the script still works
    python bench/run.py --only meeting start-up   # some groups of rows, printed only

Reported per command: median, min and max wall time of several runs, the median CPU time, the
floor's median, the ratio of the two, peak memory (the process with its workers, see run_once)
and the issue's target with whether this run met it. The status list is also timed in a
terminal (a pty 120 columns wide, styled) and through rich's Table (bench/rich_table_status.py).
The machines are noisy: compare ratios, not seconds.
"""

import argparse
import fcntl
import json
import os
import platform
import pty
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
TODAY = "2026-11-01"
BIN = Path(sys.executable).parent


def tree_mib(pid: int) -> float:
    """Resident MiB of a process and all its descendants (the report's workers) right now."""
    pages, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            pages += int(Path(f"/proc/{current}/statm").read_text().split()[1])
            todo += map(int, Path(f"/proc/{current}/task/{current}/children").read_text().split())
        except (OSError, ValueError):  # gone meanwhile, or no /proc (then wait4 alone counts)
            continue
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


TTY = "BENCH_TTY_COLUMNS"
"""In a command's env: run it with stdout on a terminal (a pty) this many columns wide."""


def _terminal(columns: int) -> tuple[int, int, threading.Thread]:
    """A pty `columns` wide whose output is read (and dropped) as fast as it comes, as a
    terminal would: (the side the command writes to, our side, the reader)."""
    ours, theirs = pty.openpty()
    fcntl.ioctl(theirs, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))

    def drain() -> None:
        while True:
            try:
                if not os.read(ours, 1 << 16):
                    break
            except OSError:  # the command closed its side
                break

    reader = threading.Thread(target=drain)
    reader.start()
    return theirs, ours, reader


def run_once(cmd: list[str], env: dict) -> tuple[float, float, float]:
    """Wall seconds, peak memory (MiB) and CPU seconds of one command. Memory: the larger of
    wait4's max RSS (the largest single process) and the sum over the process and its workers,
    sampled every 20 ms. CPU: user and system time of the process and the workers it waited for,
    which another tenant on the machine inflates much less than the wall time. With TTY in
    `env`, the command writes to a terminal of that width (styled output)."""
    tty = None
    stdout: int = subprocess.DEVNULL
    if env.get(TTY):
        tty = _terminal(int(env[TTY]))
        stdout = tty[0]
    started = time.perf_counter()
    child = subprocess.Popen(cmd, env=env, stdout=stdout, stderr=subprocess.PIPE)
    if tty:
        os.close(tty[0])
    done, sampled = threading.Event(), [0.0]

    def sample() -> None:
        while not done.wait(0.02):
            sampled[0] = max(sampled[0], tree_mib(child.pid))

    sampler = threading.Thread(target=sample)
    sampler.start()
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - started
    done.set()
    sampler.join()
    child.returncode = os.waitstatus_to_exitcode(status)
    if tty:
        tty[2].join()
        os.close(tty[1])
    if child.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({child.returncode}): {child.stderr.read().decode()}")
    child.stderr.close()
    return elapsed, max(usage.ru_maxrss / 1024, sampled[0]), usage.ru_utime + usage.ru_stime


def summary(samples: list[tuple[float, float, float]]) -> dict:
    times = [s[0] for s in samples]
    return {"median": statistics.median(times), "min": min(times), "max": max(times),
            "peak": max(s[1] for s in samples), "cpu": statistics.median(s[2] for s in samples)}


def measure(cmd: list[str], env: dict, floor_cmd: list[str] | None, floor_env: dict,
            runs: int) -> tuple[dict, dict | None]:
    """Runs of a command and of its floor, taken in turns: the machine's speed drifts over a
    minute (another tenant, the clock), and turns give both the same share of that drift."""
    commands = [(cmd, env), (floor_cmd, floor_env)] if floor_cmd else [(cmd, env)]
    for command, command_env in commands:
        run_once(command, command_env)  # warm the file cache
    samples: list[list] = [[] for _ in commands]
    for _ in range(runs):
        for index, (command, command_env) in enumerate(commands):
            samples[index].append(run_once(command, command_env))
    return summary(samples[0]), summary(samples[1]) if floor_cmd else None


def compare(results: list, name: str, cmd: list[str], floor_name: str, floor_cmd: list[str] | None,
            env: dict, runs: int, target: str = "", met=None, floor_env: dict | None = None) -> dict:
    """Time a command and its floor (in `floor_env`, else the same `env`) in turns;
    `met(result)` says if the target holds."""
    measured, floor = measure(cmd, env, floor_cmd, floor_env or env, runs)
    row = dict(measured, name=name, floor=floor_name, floor_median=floor["median"] if floor else None)
    row["ratio"] = measured["median"] / floor["median"] if floor else None
    row["target"] = target
    row["met"] = None if met is None else bool(met(row))
    results.append(row)
    print(_line(row), flush=True)
    return row


def _line(r: dict) -> str:
    floor = f"{r['floor_median']:.3f}" if r["floor_median"] is not None else "–"
    ratio = f"{r['ratio']:.2f}" if r["ratio"] is not None else "–"
    verdict = {None: "", True: "yes", False: "**no**"}[r["met"]]
    return (f"| {r['name']} | {r['median']:.3f} | {r['min']:.3f} | {r['max']:.3f} | {r['cpu']:.3f} | {r['floor']} | "
            f"{floor} | {ratio} | {r['peak']:.0f} | {r['target']} | {verdict} |")


HEADER = ("| command | median s | min s | max s | cpu s | floor | floor median s | ratio | peak MiB | target | met |\n"
          "|---|---|---|---|---|---|---|---|---|---|---|")


GROUPS = ("start-up", "status", "meeting", "housing", "report", "export", "import")
"""The groups of rows, in the order they run; `--only` picks some (for a quick look)."""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="N = 1,000 and one run each")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", nargs="+", choices=GROUPS, default=list(GROUPS),
                        help="these groups of rows only (RESULTS.md is written by a full run)")
    args = parser.parse_args()
    smoke = args.smoke
    runs = 1 if smoke else args.runs
    heavy_runs = 1 if smoke else 3
    small, large = (200, 1000) if smoke else (1000, 100_000)
    export_n, status_n = (300, 1000) if smoke else (10_000, 5000)
    meeting_n = 300 if smoke else 1500  # about a fifth homeless: some 300 on the list
    dwellings, waiting = (400, 150) if smoke else (2000, 1000)  # the housing side (issue 21)
    boligreg, python = str(BIN / "boligreg"), sys.executable
    peer = BIN / "sqlite-utils"
    results: list[dict] = []
    print(HEADER, flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        sizes = {"small": (small, 0.2), "large": (large, 0.05), "export": (export_n, 0.2),
                 "status": (status_n, 0.2), "meeting": (meeting_n, 0.2)}
        needed = {"start-up": ("small", "large"), "status": ("status",), "meeting": ("meeting", "status"),
                  "housing": (), "import": (), "report": ("large",), "export": ("export",)}
        registers = {}
        for label, (n, share) in sizes.items():
            if not any(label in needed[group] for group in args.only):
                continue
            registers[label] = folder / f"{label}.db"
            # in a child process: a fork of a bench process that had just built 100,000 persons
            # would carry its memory into every measured child's peak
            subprocess.run([python, str(HERE / "make_register.py"), str(n), "--out", str(registers[label]),
                            "--homeless", str(share), "--today", TODAY], check=True)
        if "housing" in args.only:
            registers["housing"] = folder / "housing.db"
            subprocess.run([python, str(HERE / "make_register.py"), str(status_n), "--out",
                            str(registers["housing"]), "--homeless", "0.2", "--today", TODAY,
                            "--dwellings", str(dwellings), "--waiting", str(waiting)], check=True)

        def env_for(label: str, **extra: str) -> dict:
            env = dict(os.environ, BOLIGREG_DB=str(registers[label]), BOLIGREG_TODAY=TODAY,
                       BOLIGREG_LANG="nb", BOLIGREG_USER="bench", **extra)
            env.pop("COLUMNS", None)
            # an installed boligreg runs from bytecode (pip compiles it); without it every run
            # would compile every module again (about 30 ms for cli/text_table.py alone)
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            return env

        floor_pass = [python, "-c", "pass"]

        def lookup(label: str) -> list[str]:
            return [str(peer), "query", str(registers[label]), "select * from person where id = 'P0042'"]

        faster_than_peer = "< 1.0 × sqlite-utils query"
        if "start-up" in args.only:
            compare(results, "--help", [boligreg, "--help"], "python -c pass", floor_pass, env_for("small"), runs)
            compare(results, "--help", [boligreg, "--help"], "sqlite-utils query (one-row lookup)",
                    lookup("small"), env_for("small"), runs, faster_than_peer, lambda r: r["ratio"] < 1.0)
            show = [boligreg, "person", "show", "P0042"]
            # the same name on every run: --new-person, or the second run is a likely duplicate
            add = [boligreg, "person", "add", "--name", "Bench Testperson", "--situation", "UTE",
                   "--since", "2026-10-01", "--new-person"]
            for label, n in (("small", small), ("large", large)):
                env = env_for(label)
                compare(results, f"person show P0042, {n:,} persons", show, "python -c pass", floor_pass, env, runs)
                compare(results, f"person show P0042, {n:,} persons", show, "sqlite-utils query (same lookup)",
                        lookup(label), env, runs, faster_than_peer, lambda r: r["ratio"] < 1.0)
                compare(results, f"person add, {n:,} persons", add, "sqlite-utils query (one-row lookup)",
                        lookup(label), env, runs)
            for kind, cmd in (("show", show), ("add", add)):  # the large register in turns with the small
                compare(results, f"person {kind}: {large:,} against {small:,} persons", cmd,
                        f"the same on {small:,} persons", cmd, env_for("large"), runs, "≤ 1.2 ×",
                        lambda r: r["ratio"] <= 1.2, floor_env=env_for("small"))

        if "status" in args.only:
            status_env = env_for("status")
            text = subprocess.run([boligreg, "status"], env=status_env, capture_output=True, text=True,
                                  check=True).stdout
            homeless = sum(1 for line in text.splitlines() if line.startswith("P"))
            plain = folder / "status.txt"
            plain.write_text(text)
            floor_print = [python, "-c", f"import sys\nfor line in open({str(plain)!r}): sys.stdout.write(line)"]
            compare(results, f"status, {homeless:,} homeless of {status_n:,} persons", [boligreg, "status"],
                    "print loop of the same lines", floor_print, status_env, runs,
                    "< 1 s and ≤ 10 × floor", lambda r: r["median"] < 1.0 and r["ratio"] <= 10)

        if "meeting" in args.only:
            # the meeting at a terminal 120 columns wide, styled (colour and weight), as issue 18
            # promises it; and the same table through rich's Table, which the lists do not use
            for label in ("meeting", "status"):
                env = env_for(label, **{TTY: "120", "TERM": "xterm-256color"})
                env.pop("NO_COLOR", None)
                piped = subprocess.run([boligreg, "status", "--format", "json"], env=env_for(label),
                                       capture_output=True, text=True, check=True).stdout
                listed = len(json.loads(piped)["rows"])
                limit = 0.5 if listed < 600 else 1.0
                compare(results, f"status in a terminal, 120 columns, styled, {listed:,} homeless",
                        [boligreg, "status"], "python -c pass", floor_pass, env, runs, f"< {limit} s",
                        lambda r, limit=limit: r["median"] < limit)
                compare(results, f"the same table through rich's Table, {listed:,} homeless",
                        [python, str(HERE / "rich_table_status.py")], f"boligreg status (the same, {listed:,})",
                        [boligreg, "status"], env, runs, f"< {limit} s", lambda r, limit=limit: r["median"] < limit)

        if "housing" in args.only:
            housing_env = env_for("housing")
            housing = f"{dwellings:,} dwellings, {waiting:,} waiting, {status_n:,} persons"
            compare(results, f"dwelling suggest, {housing}", [boligreg, "dwelling", "suggest", f"D{dwellings:04d}"],
                    "python -c pass", floor_pass, housing_env, runs, "< 1 s", lambda r: r["median"] < 1.0)
            compare(results, f"status, {housing}", [boligreg, "status"], "python -c pass", floor_pass,
                    housing_env, runs, "< 1 s", lambda r: r["median"] < 1.0)

        if "report" in args.only:
            report = [boligreg, "report", "--from", "2025-01-01", "--to", "2025-12-31"]
            kostra = [boligreg, "report", "kostra", "--year", "2025"]
            survey = [boligreg, "report", "survey", "--week", "2025-W48"]
            large_env = env_for("large")
            for label, command, workbook in (("report", report, "rapport.xlsx"),
                                             ("report kostra", kostra, "kostra.xlsx"),
                                             ("report survey", survey, "kartlegging.xlsx")):
                for shown, cmd in (("(terminal)", command),
                                   ("--xlsx", [*command, "--xlsx", str(folder / workbook), "--force"])):
                    compare(results, f"{label} {shown}, {large:,} persons", cmd, "python -c pass",
                            floor_pass, large_env, heavy_runs, "< 5 s, < 300 MiB",
                            lambda r: r["median"] < 5 and r["peak"] < 300)

        if "export" in args.only:
            export_env = env_for("export")
            listing = folder / "liste.xlsx"
            export = [boligreg, "export", "--xlsx", str(listing), "--all", "--force"]
            subprocess.run(export, env=export_env, check=True, capture_output=True)
            cells = folder / "cells.json"
            rows = _read_cells(listing)
            cells.write_text(json.dumps(rows, default=str))
            bare = [python, str(HERE / "bare_openpyxl.py"), str(cells), str(folder / "bare.xlsx")]
            compare(results, f"export --xlsx, {len(rows) - 1:,} rows", export,
                    "bare openpyxl write of the same cells", bare, export_env, runs, "≤ 1.5 × floor",
                    lambda r: r["ratio"] <= 1.5)

        if "import" in args.only:
            from import_full import import_entry  # beside this script; it uses compare() above

            import_entry(results, folder, 300 if smoke else 10_000, heavy_runs)

    table = "\n".join([HEADER, *(_line(r) for r in results)])
    if smoke or args.only != list(GROUPS):
        return
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                            cwd=HERE, check=False).stdout.strip() or "unknown"
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    (HERE / "RESULTS.md").write_text(
        f"# Benchmark results\n\nRun {time.strftime('%Y-%m-%d %H:%M')} on {machine}, commit {commit}; "
        f"{runs} runs each ({heavy_runs} for the reports and the import): median, min, max and CPU "
        "seconds (user + system, the process and its workers); floors measured in the same run, each "
        "run of a command followed by one of its floor. Peak MiB is the process with any workers it "
        "starts, summed (sampled every 20 ms; at least wait4's max RSS).\n"
        f"Reproduce: `python bench/run.py` from the README's set-up.\n\n{table}\n")


def _read_cells(path: Path) -> list[list]:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    return [list(row) for row in book.active.iter_rows(values_only=True)]


if __name__ == "__main__":
    main()
