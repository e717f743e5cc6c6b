"""Time two builds of boligreg against each other, in turns, on the same registers.

    python bench/compare_builds.py --base 6cea230 [--runs 15]

A refactoring promises that start-up does not grow. This checks out `--base` (any git revision)
beside the working tree and runs each command with both builds in turns — base, current, base,
current … — so the machine's drift hits both alike; the ratio current/base is what to read.
Both builds run as `python -m boligreg.cli` with their own tree first on sys.path, in this
virtualenv (so the same libraries), each against registers made by its own bench/make_register.py
(the same persons, the same seed), so a build that changed the schema reads a register of its own.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
TODAY = "2026-11-01"


def timed(cmd: list[str], env: dict) -> float:
    started = time.perf_counter()
    subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", required=True, help="the git revision to compare with")
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        base = folder / "base"
        subprocess.run(["git", "worktree", "add", "--detach", str(base), args.base], cwd=ROOT,
                       check=True, capture_output=True)
        try:
            registers = {}
            for build, tree in (("base", base), ("current", ROOT)):
                for label, n in (("show", 1000), ("status", 5000)):
                    registers[build, label] = folder / f"{build}-{label}.db"
                    subprocess.run([sys.executable, str(tree / "bench" / "make_register.py"), str(n),
                                    "--out", str(registers[build, label]), "--homeless", "0.2",
                                    "--today", TODAY], check=True, capture_output=True,
                                   env=dict(os.environ, PYTHONPATH=str(tree)))
            commands = [("--help", ["--help"], "show"), ("person show P0042, 1,000 persons",
                        ["person", "show", "P0042"], "show"), ("status, 5,000 persons", ["status"], "status")]
            print(f"| command | base {args.base} median s | current median s | current / base |")
            print("|---|---|---|---|")
            for name, argv, register in commands:
                envs = {}
                for build, tree in (("base", base), ("current", ROOT)):
                    envs[build] = dict(os.environ, PYTHONPATH=str(tree),
                                       BOLIGREG_DB=str(registers[build, register]),
                                       BOLIGREG_TODAY=TODAY, BOLIGREG_LANG="nb", BOLIGREG_USER="bench")
                    envs[build].pop("PYTHONDONTWRITEBYTECODE", None)  # both run from bytecode
                cmd = [sys.executable, "-m", "boligreg.cli", *argv]
                samples: dict[str, list[float]] = {"base": [], "current": []}
                for build in samples:
                    timed(cmd, envs[build])  # warm the file cache
                for _ in range(args.runs):
                    for build, times in samples.items():
                        times.append(timed(cmd, envs[build]))
                old, new = (statistics.median(samples[b]) for b in ("base", "current"))
                print(f"| {name} | {old:.3f} | {new:.3f} | {new / old:.3f} |", flush=True)
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(base)], cwd=ROOT,
                           check=False, capture_output=True)


if __name__ == "__main__":
    main()
