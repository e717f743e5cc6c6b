"""Count a whole register's period figures a part of the persons at a time, on every core.

A report over 100,000 persons spends its time building records and episodes in pure Python,
one core's work. Tallies add up (figures.Tally), so the parts can be counted by worker
processes and summed. The parent holds a read transaction throughout: no write can commit while
the workers read, so every part sees the same register.
"""

import gc
import os
import signal
from collections.abc import Callable, Collection
from datetime import date
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from boligreg.reports.figures import Tally, tally
from boligreg.settings import REPORT_PART_SIZE
from boligreg.store.register import Register, open_register


def count_period(reg: Register, start: date, end: date, *, part_size: int = REPORT_PART_SIZE,
                 workers: int | None = None) -> Tally:
    """Everyone's tally for the period [start, end]; `workers` defaults to the machine's cores."""
    return count_in_parts(reg, tally, (start, end, reg.settings.inactive_after_days),
                          part_size=part_size, workers=workers)


def count_in_parts(reg: Register, counter: Callable[..., Any], args: tuple, *, start: Any = None,
                   ids: Collection[str] | None = None, load: dict | None = None,
                   part_size: int = REPORT_PART_SIZE, workers: int | None = None) -> Any:
    """`counter(histories, *args)` over every person (or those `ids`), a part of the persons at
    a time, the parts' results added to `start` (a Tally by default; a list adds up too). The
    counter is a module-level function (a worker finds it by name); `load` holds
    Register.histories' options for what the counter needs read."""
    start = Tally() if start is None else start
    options = dict(load or {}, steps=False)
    with reg.reading():
        parts = reg.id_parts(part_size) if ids is None else _chunks(sorted(ids), part_size)
        workers = min(len(parts), workers or os.cpu_count() or 1)
        if workers < 2:
            return sum((counter(reg.histories(part, **options), *args) for part in parts), start)
        tasks = [(reg.path, part, counter, args, options) for part in parts]
        # spawn, not fork: SQLite forbids carrying its state into a forked child. Leaving the
        # with-block terminates the workers, on an error or Ctrl-C too.
        with get_context("spawn").Pool(workers, initializer=_worker_start) as pool:
            return sum(pool.imap_unordered(_count_part, tasks), start)


def _chunks(ids: list[str], size: int) -> list[list[str]]:
    return [ids[first:first + size] for first in range(0, len(ids), size)]


def _worker_start() -> None:
    """A worker leaves Ctrl-C to the parent (which stops it) and, like the command itself,
    runs without the cycle collector (see cli.main)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    gc.disable()


def _count_part(task: tuple[Path, list[str], Callable[..., Any], tuple, dict]) -> Any:
    path, ids, counter, args, options = task
    reg = open_register(path)
    try:
        return counter(reg.histories(ids, **options), *args)
    finally:
        reg.close()
