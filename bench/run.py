"""Time boligreg as whole processes, each against a floor measured in the same run.

    python bench/run.py            # writes bench/RESULTS.md
    python bench/run.py --smoke    # tiny registers, a few runs: checks the script still works

Reported: median, min and max wall time of several runs, the ratio of the median to its floor,
and peak memory (max RSS of the child). The machines are noisy: compare ratios, not seconds.
"""

import argparse
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from make_register import generate

TODAY = "2026-11-01"
BIN = Path(sys.executable).parent


def run(cmd: list[str], env: dict, stdin: str | None = None) -> tuple[float, int]:
    """Wall seconds and peak RSS (KiB) of one child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   input=stdin, text=True)
    elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return elapsed, max(peak, before)


def measure(name: str, cmd: list[str], env: dict, runs: int) -> dict:
    times, peaks = [], []
    run(cmd, env)  # warm the file cache
    for _ in range(runs):
        seconds, peak = run(cmd, env)
        times.append(seconds)
        peaks.append(peak)
    return {"name": name, "median": statistics.median(times), "min": min(times),
            "max": max(times), "peak_mib": max(peaks) / 1024}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="tiny registers, 2 runs")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    runs = 2 if args.smoke else args.runs
    persons = 60 if args.smoke else 1500
    boligreg = str(BIN / "boligreg")
    python = sys.executable
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        register = Path(tmp) / "register.db"
        generate(register, persons, 0.67, date.fromisoformat(TODAY))
        env = dict(os.environ, BOLIGREG_DB=str(register), BOLIGREG_TODAY=TODAY,
                   BOLIGREG_LANG="nb", BOLIGREG_USER="bench")
        env.pop("COLUMNS", None)
        status_text = subprocess.run([boligreg, "status"], env=env, capture_output=True,
                                     text=True, check=True).stdout
        homeless = sum(1 for line in status_text.splitlines() if line.startswith("P"))
        plain = Path(tmp) / "status.txt"
        plain.write_text(status_text)
        floor_print = [python, "-c", f"import sys\nfor line in open({str(plain)!r}): sys.stdout.write(line)"]
        floor_pass = [python, "-c", "pass"]
        peer = BIN / "sqlite-utils"
        floor_lookup = ([str(peer), "query", str(register), "select * from person where id = 'P0042'"]
                        if peer.exists() else floor_pass)

        pairs = [
            (f"status, {homeless} homeless of {persons} persons (pipe)", [boligreg, "status"],
             "print loop of the same lines", floor_print, env),
            (f"status, {homeless} homeless (terminal styling)", [boligreg, "status"],
             "print loop of the same lines", floor_print, dict(env, FORCE_COLOR="1", COLUMNS="200")),
            ("--help", [boligreg, "--help"], "python -c pass", floor_pass, env),
            ("person show P0042", [boligreg, "person", "show", "P0042"],
             "sqlite-utils query (same lookup)", floor_lookup, env),
        ]
        for name, cmd, floor_name, floor_cmd, cmd_env in pairs:
            measured = measure(name, cmd, cmd_env, runs)
            floor = measure(floor_name, floor_cmd, env, runs)
            measured["floor"] = floor_name
            measured["floor_median"] = floor["median"]
            measured["ratio"] = measured["median"] / floor["median"]
            results.append(measured)

    header = "| command | median s | min s | max s | floor | floor median s | ratio | peak MiB |"
    lines = [header, "|---|---|---|---|---|---|---|---|"]
    for r in results:
        lines.append(f"| {r['name']} | {r['median']:.3f} | {r['min']:.3f} | {r['max']:.3f} | "
                     f"{r['floor']} | {r['floor_median']:.3f} | {r['ratio']:.1f} | {r['peak_mib']:.0f} |")
    table = "\n".join(lines)
    print(table)
    if args.smoke:
        return
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                            cwd=HERE, check=False).stdout.strip() or "unknown"
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    (HERE / "RESULTS.md").write_text(
        f"# Benchmark results\n\nRun {time.strftime('%Y-%m-%d %H:%M')} on {machine}, "
        f"commit {commit}, {runs} runs each (median, min, max), floors measured in the same run.\n"
        f"Reproduce: `python bench/run.py`.\n\n{table}\n")


if __name__ == "__main__":
    main()
