"""Complete suppression of small counts in the Husbanken report (DESIGN.md § Personal data).

Hiding each count of 1..4 as "<5" cell by cell is not enough: a reader works a hidden count back
from a total and the other parts, from a share beside its whole, from the identity end = start +
inflow − outflow, from the median of a hidden group, or from the same figure shown openly on
another sheet. This module models a report as named integer cells with the linear relations a
reader knows hold among them, hides the small counts (primary) and as many further cells as it
takes that none of them can be worked out (secondary), and audits the result.

What a reader knows, and so what "worked out" means: every count is a non-negative integer, every
relation of the model holds, a shown cell has its value, a cell shown "<5" (primary) is 1..4 and
a cell shown "x" (secondary) is some count ≥ 0. A hidden cell is exposed when that knowledge
leaves it one possible value. A statistic (share, median, mean) is hidden with its group.

Why the engine's own reasoning is exact (it needs no solver): once the shown cells are put in as
constants, the report's relations form a forest — no two relations share two hidden cells and no
chain of relations comes back to where it started — and every hidden cell has coefficient ±1. On
such a system, narrowing each hidden cell's interval by each relation in turn (bounds
propagation) computes every cell's exact range over all integer solutions: for Σ ±x = c the
values the other cells can sum to are all integers between their least and greatest sum, so the
narrowing keeps exactly the values that have a support in that relation; and on a forest a value
with a support in every relation extends to a whole solution (root the forest at the cell, give
each relation a support that agrees with its parent cell, and go down: the subtrees share no
cell). So a hidden cell is exposed exactly when its narrowed interval is a single value. Parts of
a model that are not such a forest are decided by a search for a second solution; finding one
proves a cell safe, and a cell the search cannot prove safe is treated as exposed, so the engine
may hide more there but never less. That is a cross table, a coefficient of 2, or the report's
one cycle: in a half-year report those over 6 months at the end are among those at the start,
which closes a cycle through the stock totals and the identity when those are hidden too.

How a workbook renderer uses this: `model = report_model(figures)`, `hidden = suppress(model)`,
then for each value cell of `tables.sections(figures, produced)`, in its order,
`key = model.key_at(section.key, row_index, value_index)`; no key means the cell is no count
(a date, a text, a check) and is written as it is; otherwise `hidden.mark(key)` says `shown`,
`small` (write "<5") or `hidden` (write "x": skjult for å hindre tilbakeregning); with
`suppress(model, tell_small=False)` every hidden count is `hidden` (see suppress()). The flows
sheet's identity row carries its four numbers in its label: `model.label_keys[section, row]`
names them, and the label must be built from what each shows, not from the figures.
"""

from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the engine needs no figures; report_model imports them when called
    from boligreg.reports.figures import PeriodFigures, Snapshot

Key = tuple[str, ...]
Place = tuple[str, int, int]  # (section key of tables.py, row index, value index in the row)

LOW, HIGH = 1, 4  # the small counts: DESIGN.md's "1–4 by default"
UNBOUNDED = 10**9  # the upper bound of an "x" cell: a reader knows none; see _Problem.bounds


class Mark(StrEnum):
    """How a cell is written in the workbook."""

    SHOWN = "shown"
    SMALL = "small"  # primary suppression: "<5", the reader learns the count is 1..4
    HIDDEN = "hidden"  # secondary suppression, a statistic of a hidden group, or any hidden
    # count when the suppression does not tell small counts apart: "x"


@dataclass(frozen=True)
class Relation:
    """Σ coefficient · cell == 0, or <= 0 when `inequality`. `total` names the cell a
    total == sum(parts) adds up to, or the whole of a subset; the engine hides it last."""

    terms: tuple[tuple[Key, int], ...]
    inequality: bool = False
    total: Key | None = None


@dataclass(frozen=True)
class Statistic:
    """A figure computed from counts or from the persons behind them (share, median, mean).

    It must be hidden when any cell it depends on is hidden, or when the count of persons it is
    computed over (`over`) is small: a share beside its whole gives the part back, and the
    median of two placements nearly gives both waits. A share (`share` = (part, whole), value =
    round(part / whole, decimals)) is also a relation the audit reads, so it can prove the leak.
    """

    key: Key
    value: float | None
    depends_on: tuple[Key, ...]
    over: Key | None = None
    share: tuple[Key, Key] | None = None
    decimals: int = 3


@dataclass
class Model:
    """A report as named counts, the relations among them and the statistics drawn from them.

    `places` says where each cell and statistic stands on the sheets; one key may stand in
    several places, which makes a figure shown on two sheets one cell: hidden in both or none.
    """

    values: dict[Key, int] = field(default_factory=dict)
    relations: list[Relation] = field(default_factory=list)
    statistics: dict[Key, Statistic] = field(default_factory=dict)
    places: dict[Place, Key] = field(default_factory=dict)
    label_keys: dict[tuple[str, int], dict[str, Key]] = field(default_factory=dict)

    def cell(self, key: Key, value: int) -> Key:
        """Add a count. The same key again with the same value is the same figure in another
        place; with another value it is an error (two figures that should agree do not)."""
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValueError(f"{key}: a count is a non-negative integer, not {value!r}")
        if key in self.statistics:
            raise ValueError(f"{key} is a statistic")
        if self.values.setdefault(key, value) != value:
            raise ValueError(f"{key} is {self.values[key]} in one place and {value} in another")
        return key

    def equation(self, terms: Mapping[Key, int], *, inequality: bool = False,
                 total: Key | None = None) -> None:
        """Σ coefficient · cell == 0 (or <= 0). A relation the values break is refused: a reader
        would reason from a falsehood, and the engine starts from the true values."""
        for key in terms:
            if key not in self.values:
                raise KeyError(f"{key}: add the cell before a relation on it")
        kept = tuple((key, coeff) for key, coeff in terms.items() if coeff != 0)
        left = sum(coeff * self.values[key] for key, coeff in kept)
        if left > 0 or (left < 0 and not inequality):
            sense = "<=" if inequality else "=="
            said = " + ".join(f"{c}·{k}" for k, c in kept)
            raise ValueError(f"the values break {said} {sense} 0")
        if kept:
            self.relations.append(Relation(kept, inequality, total))

    def total(self, total: Key, parts: Iterable[Key]) -> None:
        """total == sum(parts)."""
        terms: dict[Key, int] = {total: 1}
        for part in parts:
            terms[part] = terms.get(part, 0) - 1
        self.equation(terms, total=total)

    def subset(self, part: Key, whole: Key) -> None:
        """part <= whole: "of these ..." (over 3 months of the households in MIDL)."""
        self.equation({part: 1, whole: -1}, inequality=True, total=whole)

    def statistic(self, key: Key, value: float | None, depends_on: Iterable[Key],
                  over: Key | None = None) -> Key:
        self._add_statistic(Statistic(key, value, tuple(depends_on), over))
        return key

    def share(self, key: Key, part: Key, whole: Key, value: float | None,
              decimals: int = 3) -> Key:
        self._add_statistic(Statistic(key, value, (part, whole), whole, (part, whole), decimals))
        return key

    def _add_statistic(self, stat: Statistic) -> None:
        for key in (*stat.depends_on, *([stat.over] if stat.over else [])):
            if key not in self.values:
                raise KeyError(f"{stat.key} depends on {key}, which is no cell")
        if stat.key in self.values or self.statistics.setdefault(stat.key, stat) != stat:
            raise ValueError(f"{stat.key} is already in the model as something else")

    def place(self, section: str, rows: list[list[Key | None]]) -> None:
        """Say which cell or statistic stands where on a sheet: rows of keys (None for what
        is no count), in the order the sheet has them."""
        for row, keys in enumerate(rows):
            for column, key in enumerate(keys):
                if key is not None:
                    if key not in self.values and key not in self.statistics:
                        raise KeyError(f"{section} row {row}: {key} is no cell of the model")
                    self.places[section, row, column] = key

    def key_at(self, section: str, row: int, column: int) -> Key | None:
        """The cell or statistic written at a place, or None for a date, a text or a check."""
        return self.places.get((section, row, column))


@dataclass(frozen=True)
class Suppression:
    """Which cells are hidden and how: `primary` are written "<5", `secondary` "x" (hidden so
    that no small count can be worked back), `statistics` are the statistics hidden with their
    group ("x"). A small count whose "<5" would itself give it away (four "<5" parts of a "<5"
    total are each 1) is written "x" too, so `secondary` may hold a few small counts. Without
    `tell_small`, every hidden count is written "x" and a reader learns no range from it."""

    low: int
    high: int
    primary: frozenset[Key]
    secondary: frozenset[Key]
    statistics: frozenset[Key]
    tell_small: bool = True

    @property
    def hidden(self) -> frozenset[Key]:
        return self.primary | self.secondary | self.statistics

    def mark(self, key: Key) -> Mark:
        if key in self.primary:
            return Mark.SMALL if self.tell_small else Mark.HIDDEN
        if key in self.secondary or key in self.statistics:
            return Mark.HIDDEN
        return Mark.SHOWN


# --- the engine's reasoning -----------------------------------------------------------------

SHOWN, SMALL, HIDDEN = 0, 1, 2  # a cell's mark while the engine works, as a small int


class _Problem:
    """The model compiled to indices, so that the engine's many checks stay fast."""

    def __init__(self, model: Model, low: int, high: int, tell_small: bool) -> None:
        self.low, self.high = low, high
        # what a reader learns of a cell written "<5": its range, or nothing when every hidden
        # count is written alike
        self.small_range = (low, high) if tell_small else (0, UNBOUNDED)
        self.keys = list(model.values)
        index = {key: i for i, key in enumerate(self.keys)}
        self.truth = [model.values[key] for key in self.keys]
        self.small = [low <= v <= high for v in self.truth]
        self.relations = [([(index[k], c) for k, c in r.terms], r.inequality)
                          for r in model.relations]
        self.of_cell: list[list[int]] = [[] for _ in self.keys]
        for r, (terms, _) in enumerate(self.relations):
            for i, _coeff in terms:
                self.of_cell[i].append(r)
        self.tier = self._tiers(model, index)
        self.locked: set[int] = set()  # cells whose mark was fixed beforehand (suppress)

    def _tiers(self, model: Model, index: dict[Key, int]) -> list[int]:
        """2 for a grand total (a total that is no part of another), 1 for a subtotal or the
        whole of a subset, 0 for the rest: the engine hides lower tiers first."""
        totals = {index[r.total] for r in model.relations if r.total is not None}
        parts = {index[k] for r in model.relations if r.total is not None
                 for k, _ in r.terms if k != r.total}
        return [(2 if i not in parts else 1) if i in totals else 0 for i in range(len(self.keys))]

    def bounds(self, marks: Sequence[int]) -> tuple[list[int], list[int]]:
        """Each cell's range as a reader knows it. An "x" cell has no upper bound; UNBOUNDED
        stands for it, which can only make the engine think a cell exposed that is not (the
        range it reasons on is a part of the true one), never the other way."""
        lo, hi = [], []
        for value, mark in zip(self.truth, marks):
            if mark == SHOWN:
                lo.append(value)
                hi.append(value)
            elif mark == SMALL:
                lo.append(self.small_range[0])
                hi.append(self.small_range[1])
            else:
                lo.append(0)
                hi.append(UNBOUNDED)
        return lo, hi

    def neighbours(self, i: int) -> set[int]:
        return {j for r in self.of_cell[i] for j, _ in self.relations[r][0] if j != i}


@dataclass
class _Component:
    """Hidden cells joined by relations, with the relations that touch them."""

    cells: list[int]
    relations: list[int]
    exact: bool  # a forest with unit coefficients: bounds propagation is exact (module doc)


def _components(problem: _Problem, marks: Sequence[int]) -> list[_Component]:
    """The hidden cells split into the groups a reader must reason about together."""
    n = len(problem.keys)
    parent = list(range(n + len(problem.relations)))  # cells, then relations, as nodes

    def find(node: int) -> int:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    inexact: list[int] = []
    touching: list[int] = []
    for r, (terms, _) in enumerate(problem.relations):
        hidden = [(i, c) for i, c in terms if marks[i] != SHOWN]
        if not hidden:
            continue
        touching.append(r)
        for i, coeff in hidden:
            a, b = find(i), find(n + r)
            if a == b or abs(coeff) != 1:  # a cycle, or a coefficient that breaks intervals
                inexact.append(r)
            parent[a] = b
    groups: dict[int, _Component] = {}
    for i in range(n):
        if marks[i] != SHOWN:
            groups.setdefault(find(i), _Component([], [], True)).cells.append(i)
    for r in touching:
        groups[find(n + r)].relations.append(r)
    for r in inexact:
        groups[find(n + r)].exact = False
    return list(groups.values())


def _revise(terms: list[tuple[int, int]], inequality: bool, lo: list[int],
            hi: list[int]) -> list[int] | None:
    """Narrow each cell of one relation to the values the others allow; the cells narrowed, or
    None when nothing is left (no solution)."""
    least = [c * lo[i] if c > 0 else c * hi[i] for i, c in terms]
    most = [c * hi[i] if c > 0 else c * lo[i] for i, c in terms]
    sum_least, sum_most = sum(least), sum(most)
    if sum_least > 0 or (not inequality and sum_most < 0):
        return None
    changed = []
    for (i, c), own_least, own_most in zip(terms, least, most):
        if lo[i] == hi[i]:
            continue
        upper = own_least - sum_least  # c·x <= -(least sum of the others)
        lower = own_most - sum_most  # c·x >= -(greatest sum of the others), for ==
        if c > 0:
            new_lo = lo[i] if inequality else max(lo[i], -(-lower // c))
            new_hi = min(hi[i], upper // c)
        else:
            new_lo = max(lo[i], -(-upper // c))
            new_hi = hi[i] if inequality else min(hi[i], lower // c)
        if new_lo > new_hi:
            return None
        if (new_lo, new_hi) != (lo[i], hi[i]):
            lo[i], hi[i] = new_lo, new_hi
            changed.append(i)
    return changed


def _propagate(problem: _Problem, relations: Iterable[int], lo: list[int],
               hi: list[int]) -> bool | None:
    """Narrow the ranges until no relation narrows them further: True then, None when there is
    no solution. On a cycle the ranges may creep one step at a time, so the work is capped;
    stopping early (False) leaves ranges that still hold every solution, but maybe wider than
    exact."""
    queue = deque(relations)
    queued = set(queue)
    budget = 50 * len(queue) + 100
    while queue:
        budget -= 1
        if budget < 0:
            return False
        r = queue.popleft()
        queued.discard(r)
        terms, inequality = problem.relations[r]
        changed = _revise(terms, inequality, lo, hi)
        if changed is None:
            return None
        for i in changed:
            for again in problem.of_cell[i]:
                if again not in queued:
                    queued.add(again)
                    queue.append(again)
    return True


SEARCH_NODES = 500  # per search for a second solution, in a part that is no forest
REACH = 1  # how far from its true value the search moves a cell: one, as a table's moves do


class _OutOfBudget(Exception):
    pass


def _second_solution(problem: _Problem, component: _Component, lo: list[int], hi: list[int],
                     cell: int) -> list[int] | None:
    """A solution in which `cell` differs from its true value, found by depth-first search with
    propagation, the true values tried first; None when there is none or the search gives up.
    It looks only near the true values (each cell within REACH of its own): a solution found
    there is a solution, and the small box keeps the search short."""
    nodes = 0
    lo, hi = lo[:], hi[:]
    for i in component.cells:
        lo[i] = max(lo[i], problem.truth[i] - REACH)
        hi[i] = min(hi[i], problem.truth[i] + REACH)

    def search(lo: list[int], hi: list[int]) -> list[int] | None:
        nonlocal nodes
        nodes += 1
        if nodes > SEARCH_NODES:
            raise _OutOfBudget
        if _propagate(problem, component.relations, lo, hi) is None:
            return None
        open_cells = [i for i in component.cells if lo[i] < hi[i]]
        if not open_cells:
            return lo
        i = min(open_cells, key=lambda j: hi[j] - lo[j])
        for value in _values_near(problem.truth[i], lo[i], hi[i]):
            found = search(lo[:i] + [value] + lo[i + 1:], hi[:i] + [value] + hi[i + 1:])
            if found is not None:
                return found
        return None

    true = problem.truth[cell]
    try:
        for low, high in ((true + 1, hi[cell]), (lo[cell], true - 1)):
            if low <= high:
                found = search(lo[:cell] + [low] + lo[cell + 1:],
                               hi[:cell] + [high] + hi[cell + 1:])
                if found is not None:
                    return found
    except _OutOfBudget:
        return None
    return None


def _values_near(target: int, low: int, high: int, count: int = 12) -> list[int]:
    """Up to `count` values of low..high, nearest to the target first."""
    values: list[int] = []
    step = 0
    while len(values) < count and (target - step >= low or target + step <= high):
        for value in ((target,) if step == 0 else (target - step, target + step)):
            if low <= value <= high:
                values.append(value)
        step += 1
    return values


def _determined(problem: _Problem, marks: Sequence[int],
                around: Iterable[int] | None = None) -> set[int]:
    """The hidden cells a reader can work out: in the whole model, or in the parts of it that
    hold the cells `around`."""
    components = _components(problem, marks)
    if around is not None:
        wanted = set(around)
        components = [c for c in components if wanted.intersection(c.cells)]
    lo, hi = problem.bounds(marks)
    found: set[int] = set()
    for component in components:
        settled = _propagate(problem, component.relations, lo, hi)
        if settled is None:
            raise ValueError("the model's relations have no solution with its own values")
        found.update(i for i in component.cells if lo[i] == hi[i])
        if component.exact and settled:
            continue
        safe: set[int] = set()
        for i in component.cells:
            if i in found or i in safe:
                continue
            other = _second_solution(problem, component, lo, hi, i)
            if other is None:
                found.add(i)
            else:
                safe.update(j for j in component.cells if other[j] != problem.truth[j])
    return found


# --- the engine -----------------------------------------------------------------------------


def cell_by_cell(model: Model, low: int = LOW, high: int = HIGH) -> Suppression:
    """Today's rule in xlsx.py, kept to show what it leaks: each small count "<5", nothing else."""
    small = frozenset(k for k, v in model.values.items() if low <= v <= high)
    return Suppression(low, high, small, frozenset(), frozenset())


def suppress(model: Model, low: int = LOW, high: int = HIGH, *, tell_small: bool = True,
             fixed: Mapping[Key, bool] | None = None) -> Suppression:
    """Hide the small counts and what else it takes that none of them can be worked out.

    With `tell_small` (as asked) a small count is written "<5" and a secondary cell "x"; the
    reader is assumed to take an "x" for any count ≥ 0. But an "x" is mostly not 1..4, and a
    reader who bets that it never is often pins a small count (in a third to a half of the
    reports of a small municipality: bench/suppression.py --strict). Without `tell_small`
    every hidden count is written "x", a reader learns nothing from the mark, and the
    assumption is exact: official statistics mark their suppressions alike for that reason.

    Greedy, one small count at a time, as statistical offices protect cells: while some small
    count can be worked out, take the first (in the model's order) and find its cheapest move
    (_cheapest_move): the true values with the target one up or one down, each relation it is
    in kept true by moving one more cell by one, and so on through that cell's relations. Hide
    what the move passes through: shown cells become "x", and a "<5" the move would take out of
    1..4 is written "x". A reader cannot tell the moved values from the true ones, so the
    target is protected. A move costs, per cell it hides, 10 plus the cell's value, plus 100
    for a subtotal or 1000 for a grand total; writing "<5" as "x" costs 5 (plus the same for
    totals): so few cells, small values, parts before totals. Every step hides something, so
    the loop ends; it ends clean because a part written all "x" can be scaled up and so
    protects itself. Then give back what is not needed (_give_back).

    `fixed` decides some cells beforehand (True: hidden, False: shown) and the engine leaves
    them so: the stock on a count day that two reports share is hidden alike in both
    (stock_marks). A small count cannot be fixed as shown. When the fixed cells leave a small
    count no way to be protected, RuntimeError says so (the caller then suppresses without).
    """
    if not 0 < low <= high:
        raise ValueError("the small counts are low..high with 0 < low <= high")
    problem = _Problem(model, low, high, tell_small)
    marks = [SMALL if small else SHOWN for small in problem.small]
    where = {key: i for i, key in enumerate(problem.keys)}
    for key, hide in (fixed or {}).items():
        i = where[key]
        if not hide and problem.small[i]:
            raise ValueError(f"{key} is a small count and cannot be shown")
        marks[i] = (SMALL if problem.small[i] else HIDDEN) if hide else SHOWN
        problem.locked.add(i)
    while True:
        exposed_small = [i for i in sorted(_determined(problem, marks)) if problem.small[i]]
        if not exposed_small:
            break
        _protect(problem, marks, exposed_small[0])
    _give_back(problem, marks)
    keys = problem.keys
    primary = frozenset(keys[i] for i, m in enumerate(marks) if m == SMALL)
    secondary = frozenset(keys[i] for i, m in enumerate(marks) if m == HIDDEN)
    statistics = _hidden_statistics(model, primary | secondary, low, high)
    return Suppression(low, high, primary, secondary, statistics, tell_small)


HIDE_COST = 10  # hiding one more cell costs this plus its value: few cells, then small ones
REMARK_COST = 5  # writing a "<5" as "x" hides no further cell, but tells less
TIER_COST = (0, 100, 1000)  # parts before subtotals before grand totals
MOVE_DEPTH = 30  # a move's chain of relations; only a model with cycles comes near it


def _protect(problem: _Problem, marks: list[int], target: int) -> None:
    """Hide what lets the target be one more or one less than it is (see _cheapest_move); a
    reader who cannot tell the two apart cannot work it out. When no such move is found, or it
    hides nothing new (a model with cycles can fool the move search), hide the nearest cheapest
    cell instead, so that every call hides something."""
    move = _cheapest_move(problem, marks, target)
    if move and any(marks[i] != HIDDEN for i in move):
        for i in move:
            marks[i] = HIDDEN
        return
    nearest = _nearest_cells(problem, marks, target)
    if not nearest:  # everything tied to it is "x": see suppress() for why this cannot be
        raise RuntimeError(f"{problem.keys[target]} cannot be protected")
    marks[nearest[0]] = HIDDEN


def _cheapest_move(problem: _Problem, marks: Sequence[int], target: int) -> set[int] | None:
    """The cheapest cells to hide (or "<5" to write "x") so that the true values with the
    target one up or one down, and each relation it is in kept true by changing one more cell
    by one (and so on, through the relations of that cell), are a second solution; None when
    there is no such move. On a forest each relation is met once, so the costs of its branches
    add up and the search is a walk over the tree."""
    inf = float("inf")
    memo: dict[tuple[int, int, int], tuple[float, frozenset[int]]] = {}
    nothing: tuple[float, frozenset[int]] = (inf, frozenset())

    def change(cell: int, delta: int, via: int, depth: int) -> tuple[float, frozenset[int]]:
        """Cost and cells of moving `cell` by delta and keeping its relations (but `via`)."""
        state = (cell, delta, via)
        if state in memo:
            return memo[state]
        memo[state] = nothing  # a cycle back to here finds no move
        value = problem.truth[cell] + delta
        mark = marks[cell]
        if value < 0 or depth > MOVE_DEPTH or (mark == SHOWN and cell in problem.locked):
            return nothing
        if mark == SMALL:
            least, most = problem.small_range
            own = 0.0 if least <= value <= most else (
                REMARK_COST + TIER_COST[problem.tier[cell]])
        elif mark == HIDDEN:
            own = 0.0
        else:
            own = HIDE_COST + TIER_COST[problem.tier[cell]] + problem.truth[cell]
        cost, cells = own, frozenset([cell]) if own else frozenset()
        for r in problem.of_cell[cell]:
            if r != via:
                more, also = balance(r, cell, delta, depth)
                cost, cells = cost + more, cells | also
                if cost == inf:
                    return nothing
        memo[state] = (cost, cells)
        return cost, cells

    def balance(r: int, moved: int, delta: int, depth: int) -> tuple[float, frozenset[int]]:
        """Cost and cells of keeping relation r true when `moved` moves by delta."""
        terms, inequality = problem.relations[r]
        shift = dict(terms)[moved] * delta
        if inequality and shift <= -sum(c * problem.truth[i] for i, c in terms):
            return 0.0, frozenset()  # the inequality has room for it
        best = nothing
        for other, coeff in terms:
            if other != moved and shift % coeff == 0:
                found = change(other, -shift // coeff, r, depth + 1)
                if found[0] < best[0]:
                    best = found
        return best

    cost, cells = min((change(target, delta, -1, 0) for delta in (1, -1)),
                      key=lambda found: found[0])
    return None if cost == inf else set(cells)


def _nearest_cells(problem: _Problem, marks: Sequence[int], target: int) -> list[int]:
    """The cells not yet "x" whose hiding could help protect the target, best first: those in
    its relations, then those in relations of hidden cells tied to it, and so on; then the
    lower tier, "<5" to "x" before hiding a shown cell, and the smaller value."""
    distance = {target: 1}  # the target itself ("<5" to "x") ranks with its relations' cells
    queue = deque([target])
    while queue:
        i = queue.popleft()
        for j in sorted(problem.neighbours(i)):
            if j not in distance:
                distance[j] = distance[i] + (i != target)
                if marks[j] != SHOWN:  # a reader's reasoning goes on through hidden cells
                    queue.append(j)
    ranked = sorted(
        (d, problem.tier[j], marks[j] == SHOWN, problem.truth[j], j)
        for j, d in distance.items() if marks[j] != HIDDEN and j not in problem.locked)
    return [j for *_, j in ranked]


def _give_back(problem: _Problem, marks: list[int]) -> None:
    """Undo what the protection does not need, each step kept only if no small count can then
    be worked out: write each "x" small count "<5" again; show each secondary cell again, grand
    totals and large values first; and show every secondary cell a reader can work out anyway
    (hiding it protects nothing, and the audit would rightly call it exposed)."""

    def clean_around(cells: Iterable[int]) -> bool:
        return not any(problem.small[i] for i in _determined(problem, marks, cells))

    for i in range(len(marks)):
        if marks[i] == HIDDEN and problem.small[i] and i not in problem.locked:
            marks[i] = SMALL
            if not clean_around([i]):
                marks[i] = HIDDEN
    secondary = [i for i, m in enumerate(marks)
                 if m == HIDDEN and not problem.small[i] and i not in problem.locked]
    secondary.sort(key=lambda i: (-problem.tier[i], -problem.truth[i], i))
    for i in secondary:
        marks[i] = SHOWN
        if not clean_around(j for j in problem.neighbours(i) if marks[j] != SHOWN):
            marks[i] = HIDDEN
    for i in sorted(_determined(problem, marks)):
        if marks[i] == HIDDEN and not problem.small[i] and i not in problem.locked:
            marks[i] = SHOWN
            if not clean_around(j for j in problem.neighbours(i) if marks[j] != SHOWN):
                marks[i] = HIDDEN


def _hidden_statistics(model: Model, hidden: frozenset[Key], low: int,
                       high: int) -> frozenset[Key]:
    return frozenset(
        stat.key for stat in model.statistics.values()
        if any(key in hidden for key in stat.depends_on)
        or (stat.over is not None and low <= model.values[stat.over] <= high))


# --- the audit ------------------------------------------------------------------------------


def exposed(model: Model, suppression: Suppression, *, x_never_small: bool = False) -> list[Key]:
    """Every hidden cell a reader can work out exactly, and every statistic shown of a hidden
    or small group; empty when the suppression is complete. In the model's order.

    Independent of the engine: it solves integer programs with scipy's milp (a test-only
    dependency), minimising and maximising each hidden cell over all integer solutions; each
    solution found tells values of every cell, and a cell seen with two values is safe. Shown
    shares enter as the two inequalities their rounding allows. An "x" cell is capped at a
    bound far above every count, which can only report more, never less.

    `x_never_small` audits a stricter reader, who takes every "x" count for 0 or more than
    `high` (as it is unless the engine wrote a small count "x"). Where that belief is false
    the reader may pin a wrong value; only a cell pinned to its true value is reported, and
    none where the belief leaves no solution at all.
    """
    import numpy as np
    from scipy.optimize import Bounds, LinearConstraint, milp  # type: ignore[import-untyped]

    low, high = suppression.low, suppression.high
    hidden_counts = suppression.primary | suppression.secondary
    hidden = [k for k in model.values if k in hidden_counts]
    strict = [k for k in hidden if k in suppression.secondary] if x_never_small else []
    column = {k: j for j, k in enumerate(hidden)}
    size = len(hidden) + len(strict)  # the cells, then one 0/1 per strict "x": 1 means > high
    cap = 10 * sum(model.values.values()) + 10 * high + 1000

    rows: list[np.ndarray] = []
    row_low: list[float] = []
    row_high: list[float] = []

    def add(coeffs: Mapping[Key | int, float], lower: float, upper: float) -> None:
        """A row lower <= Σ coeff · variable <= upper; shown cells move into the bounds."""
        row = np.zeros(size)
        constant = 0.0
        for key, coeff in coeffs.items():
            if isinstance(key, int):
                row[key] += coeff
            elif key in column:
                row[column[key]] += coeff
            else:
                constant += coeff * model.values[key]
        if row.any():
            rows.append(row)
            row_low.append(lower - constant)
            row_high.append(upper - constant)

    for relation in model.relations:
        add(dict(relation.terms), -np.inf if relation.inequality else 0.0, 0.0)
    for index, key in enumerate(strict, start=len(hidden)):
        add({key: 1.0, index: -cap}, -np.inf, 0.0)  # x <= cap · b
        add({key: 1.0, index: -(high + 1.0)}, 0.0, np.inf)  # x >= (high + 1) · b
    leaks: set[Key] = set()
    for stat in model.statistics.values():
        if stat.key in suppression.statistics:
            continue
        if any(k in hidden_counts for k in stat.depends_on) or (
                stat.over is not None and low <= model.values[stat.over] <= high):
            leaks.add(stat.key)
        if stat.share is not None and stat.value is not None:
            part, whole = stat.share
            half = 0.5 * 10 ** -stat.decimals + 1e-9
            add({part: 1.0, whole: -(stat.value + half)}, -np.inf, 0.0)
            add({part: -1.0, whole: stat.value - half}, -np.inf, 0.0)

    def reader_range(key: Key) -> tuple[float, float]:
        if key in suppression.primary and suppression.tell_small:
            return low, high
        return 0, cap

    if hidden:
        ranges = [reader_range(k) for k in hidden] + [(0, 1)] * len(strict)
        bounds = Bounds([r[0] for r in ranges], [r[1] for r in ranges])
        constraints = [LinearConstraint(np.array(rows), row_low, row_high)] if rows else []
        seen: dict[Key, set[int]] = {k: set() for k in hidden}
        if not any(low <= model.values[k] <= high for k in strict):  # the truth is a solution
            for key in hidden:
                seen[key].add(model.values[key])
        for key in hidden:
            for sense in (1.0, -1.0):
                if len(seen[key]) > 1:
                    break
                objective = np.zeros(size)
                objective[column[key]] = -sense  # milp minimises: -x for the maximum
                result = milp(objective, integrality=np.ones(size), bounds=bounds,
                              constraints=constraints)
                if result.x is None:
                    if x_never_small:
                        return [k for k in model.statistics if k in leaks]
                    raise ValueError(f"the audit found no solution ({result.message})")
                for k, j in column.items():
                    seen[k].add(round(result.x[j]))
            if seen[key] == {model.values[key]}:
                leaks.add(key)
    order = [*model.values, *model.statistics]
    return [key for key in order if key in leaks]


# --- the Husbanken report -------------------------------------------------------------------


def report_model(figures: "PeriodFigures") -> Model:
    """The report's cells and the relations a reader knows among them, with the place of each
    on the sheets of reports/tables.py (`places`, `label_keys`).

    One key per figure wherever it stands: the stock at the end is also the data quality's
    persons, placements on the housing sheet are the flows' housed, and the summary repeats
    keys of the other sheets. Relations: each stock total is the sum of each breakdown and of
    under + over 6 months; inflow and outflow totals are sums of their kinds, housed the sum by
    dwelling, returns after housing (all three buckets) the inflow returned from housing; the
    identity end = start + inflow − outflow where the report says it holds; "of these" and
    "herav" are subsets (children, Housing First, after target, over 3 months, known ahead,
    still housed, wanting housing, the data quality counts), as are those in MIDL at the end
    among the period's MIDL households, the flows' Housing First placements among Housing
    First's housed, and, in a period of at most six months, those over 6 months at the end
    among the homeless at the start. Statistics: median and mean days to housing over the
    placements, and each data quality share of the persons.
    """
    from boligreg.domain.codes import Inflow, Outflow
    from boligreg.domain.dates import add_months
    from boligreg.reports.figures import AGE_BANDS, RETURN_BUCKETS

    f = figures
    m = Model()

    # Bostedsløse: the stock at the start and at the end, each total with its four breakdowns
    for when, snap in (("start", f.start), ("end", f.end)):
        _add_stock(m, when, snap)
    start, end = ("start", "total"), ("end", "total")

    # Tilgang og avgang
    fl = f.flows
    inflow_total = m.cell(("flows", "inflow_total"), fl.inflow_total)
    m.total(inflow_total, [m.cell(("flows", "inflow", k), v) for k, v in fl.inflow.items()])
    outflow_total = m.cell(("flows", "outflow_total"), fl.outflow_total)
    m.total(outflow_total, [m.cell(("flows", "outflow", k), v) for k, v in fl.outflow.items()])
    housed = ("flows", "outflow", Outflow.HOUSED.value)
    m.total(housed, [m.cell(("flows", "housed_by_dwelling", k), v)
                     for k, v in fl.housed_by_dwelling.items()])
    housing_first = m.cell(("flows", "housed_housing_first"), fl.housed_housing_first)
    m.subset(housing_first, housed)
    if fl.identity_holds:  # the sheet says whether it holds; a reader relies on it only then
        m.equation({end: 1, start: -1, inflow_total: -1, outflow_total: 1})
    # in a period of at most six months (the half-year report) whoever is homeless over six
    # months at its end was homeless at its start; this one closes a cycle (module doc)
    over_6 = ("end", "over_6_months")
    if add_months(f.period_from, 6) > f.period_to and m.values[over_6] <= f.start.total:
        m.subset(over_6, start)

    # Bosetting: placements are the housed of the flows, one figure
    h = f.housing
    m.cell(housed, h.placements)
    median = m.statistic(("housing", "days_to_housing_median"), h.days_to_housing_median,
                         [housed], over=housed)
    mean = m.statistic(("housing", "days_to_housing_mean"), h.days_to_housing_mean,
                       [housed], over=housed)
    returns = [m.cell(("housing", "returns_after_housing", b), v)
               for b, v in h.returns_after_housing.items()]
    m.total(("flows", "inflow", Inflow.RETURNED_HOUSING.value), returns)
    after_target = m.cell(("housing", "placements_after_target"), h.placements_after_target)
    m.subset(after_target, housed)

    # Midlertidig botilbud, løslatelser, kommunale boliger, Housing First, nullvisjon
    temporary = {k: m.cell(("temporary", k), v) for k, v in f.temporary.model_dump().items()}
    m.subset(temporary["over_3_months"], temporary["households"])
    m.subset(temporary["with_children"], temporary["households"])
    # in MIDL at the end means a MIDL stay in the period: a fact of the counting rules, added
    # only where it holds, so that a change of those rules cannot stop a report
    midl = ("end", "by_situation", "MIDL")
    if midl in m.values and m.values[midl] <= f.temporary.households:
        m.subset(midl, temporary["households"])
    releases = {k: m.cell(("releases", k), v) for k, v in f.releases.model_dump().items()}
    m.subset(releases["known_two_months_ahead"], releases["into_homelessness"])
    municipal = {k: m.cell(("municipal", k), v) for k, v in f.municipal.model_dump().items()}
    first = {k: m.cell(("housing_first", k), v) for k, v in f.housing_first.model_dump().items()}
    m.subset(first["still_housed_12_months"], first["reached_12_months"])
    if fl.housed_housing_first <= f.housing_first.housed:  # each such placement starts an HF stay
        m.subset(housing_first, first["housed"])
    wanting = m.cell(("zero_vision", "homeless_wanting_housing"),
                     f.zero_vision.homeless_wanting_housing)
    m.subset(wanting, end)

    # Datakvalitet: persons are the stock at the end; each share is a statistic of its count
    q = f.data_quality
    m.cell(end, q.persons)
    quality_rows: list[list[Key | None]] = [[end, None]]
    unknown_age = ("end", "by_age_band", "unknown")
    for name in ("missing_plan", "missing_consent", "no_contact_90_days", "missing_birth_year"):
        # no birth year is the stock's unknown age at the end: one figure on two sheets
        same = name == "missing_birth_year" and m.values.get(unknown_age) == q.missing_birth_year
        count = m.cell(unknown_age if same else ("data_quality", name), getattr(q, name))
        value = round(getattr(q, name) / q.persons, 3) if q.persons else None
        share = m.share(("data_quality", name, "share"), count, end, value)
        m.subset(count, end)
        quality_rows.append([count, share])

    # where each stands: the rows of reports/tables.py's sections(), in their order
    situations, genders = list(f.start.by_situation), list(f.start.by_gender)
    m.place("summary", [
        [None], [None], [None], [None], [start], [end], [inflow_total], [outflow_total], [housed],
        *[_row(("flows", "housed_by_dwelling", k)) for k in fl.housed_by_dwelling],
        [housing_first], [municipal["waiting_list_end"]], [wanting], [None], [None],
    ])
    m.place("stock", [
        [start, end],
        *[_row(("start", "by_situation", k), ("end", "by_situation", k)) for k in situations],
        *[_row(("start", "by_gender", g), ("end", "by_gender", g)) for g in genders],
        *[_row(("start", "by_age_band", b), ("end", "by_age_band", b)) for b in AGE_BANDS],
        *[_row(("start", name), ("end", name))
          for name in ("households_with_children", "under_6_months", "over_6_months")],
        [None, None],
    ])
    flow_rows: list[list[Key | None]] = [
        *[_row(("flows", "inflow", k.value)) for k in Inflow],
        [inflow_total],
        *[_row(("flows", "outflow", k.value)) for k in Outflow],
        *[_row(("flows", "housed_by_dwelling", k)) for k in fl.housed_by_dwelling],
        [housing_first], [outflow_total], [None],
    ]
    m.place("flows", flow_rows)
    m.label_keys["flows", len(flow_rows) - 1] = {
        "start": start, "inflow": inflow_total, "outflow": outflow_total, "end": end}
    m.place("housing", [
        [housed], [median], [mean],
        *[_row(("housing", "returns_after_housing", b)) for b in RETURN_BUCKETS], [after_target],
    ])
    m.place("temporary", [_row(temporary[k]) for k in
                        ("households", "over_3_months", "with_children")])
    m.place("releases", [_row(releases[k]) for k in
                       ("into_homelessness", "known_two_months_ahead", "into_arranged_dwelling")])
    m.place("municipal", [_row(municipal[k]) for k in
                        ("received", "granted", "refused", "withdrawn", "waiting_list_end",
                         "pending_end")])
    m.place("housing_first", [_row(first[k]) for k in
                            ("participants", "housed", "reached_12_months",
                             "still_housed_12_months")])
    m.place("zero_vision", [[None], [None], [wanting]])
    m.place("quality", quality_rows)
    return m


def _add_stock(m: Model, when: str, snap: "Snapshot") -> None:
    """The stock on one count day: its total with each breakdown, under and over six months,
    and the households with children among them."""
    total = m.cell((when, "total"), snap.total)
    for name in ("by_situation", "by_gender", "by_age_band"):
        m.total(total, [m.cell((when, name, k), v) for k, v in getattr(snap, name).items()])
    m.total(total, [m.cell((when, "under_6_months"), snap.under_6_months),
                    m.cell((when, "over_6_months"), snap.over_6_months)])
    m.subset(m.cell((when, "households_with_children"), snap.households_with_children), total)


def stock_marks(snap: "Snapshot", when: str, *, tell_small: bool = False) -> dict[Key, bool]:
    """Which of a count day's stock cells to hide, decided from that day's stock alone (True:
    hidden). Two reports that share a count day — one half-year's end is the next one's start —
    then hide the same cells of it, and neither gives away what the other hides."""
    m = Model()
    _add_stock(m, when, snap)
    hidden = suppress(m, tell_small=tell_small).hidden
    return {key: key in hidden for key in m.values}


def _row(*keys: Key | None) -> list[Key | None]:
    return list(keys)
