"""The layout rule of every list boligreg prints as text: one module, one order.

The status list, `person list` and `find`, `meeting show` and the person card are laid out
here, for a terminal or a pipe alike, to the width they are given (`--width N`, else the
terminal's, else 120 in a pipe: cli/output.screen). A table takes the first of these that fits:

1. **One line per row**, every column at its natural width.
2. **Wrap**: text columns wrap at spaces inside their cells. They give up width in the order of
   their `give` (lowest first; on a tie the widest first), each down to its longest word; or,
   tried as well, all together, the widest first, and the names (`name=True`) last. Ids,
   numbers, dates and codes (`wrap=False`) never wrap.
3. **Fold**: the columns marked `fold` 1, 2, … move, in that order, to a second line under the
   row, indented under the second column and laid out by these same rules; each row then takes
   two lines or more. Of steps 2 and 3 the layout wins that prints the table in the fewest
   lines, where a line that a name (`name=True`) wraps onto counts twice; on a tie, the one
   with fewer columns folded.
4. **Stack**: when even with every fold the first line does not fit (below about 60 columns),
   each row is its first two cells, then one line "Header: value" for every other cell.

Always: no column is dropped and no text is cut. A word longer than its column (only a hostile
or freak one) is broken across lines, never clipped. A no-break space (U+00A0, as in a masked
fødselsnummer "150286 *****") never breaks and prints as a space. No line is longer than the
width. Every character a person typed is shown inert: control characters, terminal escapes and
bidirectional overrides print as visible escapes such as "\\x1b" (see `inert`). Long tables repeat their header every
`page` lines, never inside a row, so a pager's every screen has one.

rich's Table is not used for these lists: it took 1.3 s to lay out 1,000 rows, over the
status list's whole budget, and 3.3–4.5 × the whole `status` command (bench/PROFILE.md). Styles here are names ("urgent", "warn" …);
cli/output.write turns them into colour only for a terminal.
"""

import unicodedata
from collections.abc import Sequence

from boligreg.domain.text import shown

Piece = tuple[str, str | None]
"""A run of text and the name of its style (None: plain)."""
Line = list[Piece]
Cell = str | Sequence[Piece]
"""A cell is plain text, or pieces with their styles (e.g. each flag in its colour)."""

GAP = 2
"""Spaces between two columns."""
NBSP = "\u00a0"
LONGEST_UNBROKEN = 24
"""A word up to this long keeps its column that wide; a longer one may be broken across lines."""
BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
FREE = "\u0300"
"""Every character below U+0300 (Latin, with æ, ø, å) is one column wide."""


class Column:
    """How one column behaves when the width is short (see the module's order). A plain class,
    not a dataclass: every command imports this module, and a dataclass costs its start-up
    milliseconds (bench/PROFILE.md)."""

    __slots__ = ("fold", "give", "header", "name", "right", "wrap")

    def __init__(self, header: str, *, right: bool = False, wrap: bool = True, give: int = 1,
                 fold: int = 0, name: bool = False):
        self.header = header
        self.right = right
        """Right-aligned (numbers)."""
        self.wrap = wrap
        """Text that may wrap; False for ids, numbers, dates and codes."""
        self.give = give
        """Wrapping columns give up width, lowest first (names last: they should read whole)."""
        self.fold = fold
        """0: always on the row's first line; n: the n-th column to move to the second line."""
        self.name = name
        """Names: a line a name wraps onto counts twice when layouts are compared (step 3)."""


def inert(text: str) -> str:
    """Text as it may reach a terminal: domain.text's one rule (every character that acts as a
    visible escape, ESC → \\x1b), so the list, the card and the CSV show a stored escape alike."""
    return shown(text)


def width_of(text: str) -> int:
    """Columns the text takes in a terminal: wide East Asian characters two, combining marks
    and zero-width formatting none."""
    if not text or max(text) < FREE:
        return len(text)
    total = 0
    for ch in text:
        if ch < FREE:
            total += 1
        elif unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue
        else:
            total += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return total


def _split_at(text: str, room: int) -> tuple[str, str]:
    """The longest head of `text` that fits in `room` columns (at least one character)."""
    used = 0
    for index, ch in enumerate(text):
        used += width_of(ch)
        if used > room:
            return (text[:index], text[index:]) if index else (text[:1], text[1:])
    return text, ""


Word = tuple[list[Piece], int, bool]
"""A word's pieces, its width, and whether it is glued to the one before (after a "/")."""


def _words(pieces: Sequence[Piece]) -> list[Word]:
    """The words of some pieces: split at plain spaces (not at no-break ones), and after a "/"
    ("Løslatelse/utskriving" may wrap there)."""
    if len(pieces) == 1 and "/" not in pieces[0][0] and max(pieces[0][0]) < FREE:
        text, style = pieces[0]  # the common case: one plain run of Latin text
        return [([(part, style)], len(part), False) for part in text.split(" ") if part]
    words: list[Word] = []
    current: list[Piece] = []
    glued = False

    def end_word(next_glued: bool) -> None:
        nonlocal current, glued
        if current:
            words.append((current, sum(width_of(p) for p, _ in current), glued))
        current, glued = [], next_glued and bool(current)

    for text, style in pieces:
        for index, part in enumerate(text.split(" ")):
            if index:
                end_word(False)
            while "/" in part[:-1]:
                head, part = part.split("/", 1)
                current.append((head + "/", style))
                end_word(True)
            if part:
                current.append((part, style))
    end_word(False)
    return words


def _wrap(words: list[Word], first: int, rest: int) -> list[Line]:
    """Words filled into lines of `first` columns, then `rest`; a word longer than its line is
    broken, never cut."""
    return [line for line, _ in _wrap_sized(words, first, rest)]


def _wrap_sized(words: list[Word], first: int, rest: int) -> list[tuple[Line, int]]:
    """`_wrap`, each line with its width."""
    lines: list[tuple[Line, int]] = []
    current: Line = []
    used, room = 0, max(1, first)
    for word, size, glued in words:
        space = 0 if glued else 1
        if current and used + space + size <= room:
            if space:
                current.append((" ", None))
            current.extend(word)
            used += space + size
            continue
        if current:
            lines.append((current, used))
            current, used, room = [], 0, max(1, rest)
        if size <= room:
            current, used = list(word), size
            continue
        for text, style in word:  # longer than a line: broken, character by character
            while text:
                head, tail = _split_at(text, room - used)
                size = width_of(head)
                if used and used + size > room:  # not one more character fits on this line
                    lines.append((current, used))
                    current, used, room = [], 0, max(1, rest)
                    continue
                current.append((head, style))
                used, text = used + size, tail
    if current:
        lines.append((current, used))
    return lines or [([], 0)]


def _count(words: list[Word], width: int) -> int:
    """How many lines `_wrap` makes of these words at `width` (from their widths alone)."""
    lines, used = 1, 0
    for _, size, glued in words:
        space = 0 if glued else 1
        if used and used + space + size <= width:
            used += space + size
            continue
        if used:
            lines, used = lines + 1, 0
        if size <= width:
            used = size
            continue
        full, rest = divmod(size, max(1, width))
        lines += full - (0 if rest else 1)
        used = rest or width
    return lines


class _Cell:
    """A cell prepared once: its pieces and width, and its words and wrapped lines as asked."""

    __slots__ = ("_words", "_wrapped", "pieces", "width")

    def __init__(self, cell: Cell, style: str | None = None):
        if isinstance(cell, str):
            text = inert(cell)
            self.pieces: list[Piece] = [(text, style)] if text else []
            self.width = width_of(text)
        else:
            self.pieces = [(inert(text), piece_style) for text, piece_style in cell if text]
            self.width = sum(width_of(text) for text, _ in self.pieces)
        self._words: list[Word] | None = None
        self._wrapped: tuple[int, list[tuple[Line, int]]] | None = None

    def words(self) -> list[Word]:
        if self._words is None:
            self._words = _words(self.pieces)
        return self._words

    def longest_word(self) -> int:
        if self._words is None and self.pieces:  # the common case, without building the words
            pieces = self.pieces
            text = pieces[0][0] if len(pieces) == 1 else "".join(text for text, _ in pieces)
            if "/" not in text and max(text) < FREE:
                return max(map(len, text.split(" ")))
        return max((w for _, w, _ in self.words()), default=0)

    def height(self, width: int) -> int:
        """Lines at `width`; none when empty."""
        if self.width <= width:
            return 1 if self.pieces else 0
        return _count(self.words(), width)

    def lines(self, width: int) -> list[Line]:
        """The cell wrapped into lines of at most `width` columns."""
        return [line for line, _ in self.sized_lines(width)]

    def sized_lines(self, width: int) -> list[tuple[Line, int]]:
        """`lines`, each with its width."""
        if self.width <= width:
            return [(self.pieces, self.width)]
        if self._wrapped is None or self._wrapped[0] != width:
            self._wrapped = (width, _wrap_sized(self.words(), width, width))
        return self._wrapped[1]


def _finish(line: Line) -> Line:
    """A line ready to print: no trailing spaces, no empty pieces."""
    pieces = [(text, style) for text, style in line if text]
    while pieces and not pieces[-1][0].strip():
        pieces.pop()
    if pieces:
        text, style = pieces[-1]
        pieces[-1] = (text.rstrip(), style)
    return pieces


class _Grid:
    """Columns laid side by side at chosen widths."""

    def __init__(self, indices: list[int], widths: list[int], indent: int):
        self.indices, self.widths, self.indent = indices, widths, indent

    def render(self, row: list[_Cell], columns: Sequence[Column]) -> list[Line]:
        cells = [row[i] for i in self.indices]
        if not any(c.pieces for c in cells):
            return []
        if all(c.width <= w for c, w in zip(cells, self.widths)):  # the common case: one line
            return [self._line([(c.pieces, c.width) for c in cells], columns)]
        wrapped = [c.sized_lines(w) for c, w in zip(cells, self.widths)]
        return [self._line([lines[k] if k < len(lines) else ([], 0) for lines in wrapped], columns)
                for k in range(max(len(lines) for lines in wrapped))]

    def _line(self, parts: list[tuple[Line, int]], columns: Sequence[Column]) -> Line:
        """One printed line of the grid: each part padded to its column; spaces are carried
        to the next text, so a line never ends in padding."""
        line: Line = []
        pending = self.indent
        for n, ((pieces, used), width, index) in enumerate(zip(parts, self.widths, self.indices)):
            pending += GAP if n else 0
            fill = width - used
            if columns[index].right:
                pending += fill
            if pieces:
                if pending:
                    line.append((" " * pending, None))
                line.extend(pieces)
                pending = 0
            if not columns[index].right:
                pending += fill
        return line


def _fit(indices: list[int], natural: list[int], least: list[int], columns: Sequence[Column],
         room: int, balanced: bool = False) -> list[int] | None:
    """Widths for these columns within `room`: wrapping columns give up width in `give` order
    (on a tie the widest first), each down to `least`; `balanced`: all but the names together,
    the widest first, then the names. None when they cannot fit."""
    widths = {i: natural[i] for i in indices}
    excess = sum(widths.values()) + GAP * (len(indices) - 1) - room

    def order(i: int) -> int:
        return int(columns[i].name) if balanced else columns[i].give

    for give in sorted({order(i) for i in indices if columns[i].wrap}):
        group = [i for i in indices if columns[i].wrap and order(i) == give]
        while excess > 0:
            widest = max(group, key=lambda i: (widths[i] - least[i] > 0, widths[i]))
            if widths[widest] <= least[widest]:
                break
            others = [widths[i] for i in group if i != widest and widths[i] > least[i]]
            step = max(1, min(excess, widths[widest] - least[widest],
                              widths[widest] - max(others, default=0)))
            widths[widest] -= step
            excess -= step
    return [widths[i] for i in indices] if excess <= 0 else None


def table(columns: Sequence[Column], rows: Sequence[Sequence[Cell]], width: int,
          page: int | None = None, header: bool = True, indent: int = 0) -> list[Line]:
    """The table's lines, laid out by the module's order to at most `width` columns (each line
    indented by `indent`); the header is repeated every `page` lines on a long table, or left
    out with header=False."""
    if indent:
        lines = table(columns, rows, width - indent, page, header)
        return [[(" " * indent, None), *line] if line else line for line in lines]
    cells = [[_Cell(cell) for cell in row] for row in rows]
    heads = [_Cell(column.header, "head") for column in columns]
    natural = [max([heads[i].width] + [row[i].width for row in cells]) for i in range(len(columns))]
    every = list(range(len(columns)))
    if sum(natural) + GAP * (len(columns) - 1) <= width:
        return _draw(columns, heads, cells, [_Grid(every, natural, 0)], page, header)
    least = [_least(heads[i], [row[i] for row in cells], natural[i]) if column.wrap else natural[i]
             for i, column in enumerate(columns)]
    known: dict[tuple[int, int], list[int]] = {}

    def column_heights(index: int, at: int) -> list[int]:
        """Each row's lines in one column at one width (asked again by several layouts)."""
        if (index, at) not in known:
            known[index, at] = [row[index].height(at) for row in cells]
        return known[index, at]

    folds = sorted((c.fold, i) for i, c in enumerate(columns) if c.fold)
    best: tuple[int, int, list[_Grid]] | None = None  # (cost, folds, the grids)
    for level, balanced in ((level, balanced) for level in range(len(folds) + 1)
                            for balanced in (False, True)):
        moved = {i for _, i in folds[:level]}
        first = [i for i in every if i not in moved]
        widths = _fit(first, natural, least, columns, width, balanced)
        if widths is None:
            continue
        grids = [_Grid(first, widths, 0)]
        if moved:
            indent = natural[0] + GAP if len(first) > 1 else 0
            second = sorted(moved)
            second_widths = _fit(second, natural, least, columns, width - indent, balanced)
            if second_widths is None:
                continue
            grids.append(_Grid(second, second_widths, indent))
        count, wrapped_names = 0, 0
        for grid in grids:
            heights = [column_heights(i, w) for i, w in zip(grid.indices, grid.widths)]
            count += sum(map(max, zip(*heights)))
            wrapped_names += sum(height - 1 for h, i in zip(heights, grid.indices)
                                 if columns[i].name for height in h if height > 1)
        if best is None or count + wrapped_names < best[0]:
            best = (count + wrapped_names, level, grids)
    if best is None:
        return _stack(columns, heads, cells, width)
    return _draw(columns, heads, cells, best[2], page, header)


def _least(head: _Cell, cells: list[_Cell], natural: int) -> int:
    """How narrow a wrapping column may get: its longest word (up to LONGEST_UNBROKEN)."""
    cap = min(natural, LONGEST_UNBROKEN)
    least = min(head.longest_word(), cap)
    for cell in cells:
        if cell.width > least:  # a shorter cell cannot hold a longer word
            least = max(least, min(cell.longest_word(), cap))
            if least == cap:
                break
    return least


def _draw(columns: Sequence[Column], heads: list[_Cell], cells: list[list[_Cell]],
          grids: list[_Grid], page: int | None, header: bool) -> list[Line]:
    top: list[Line] = []
    if header:
        top = [line for grid in grids for line in grid.render(heads, columns)]
        top.append([((" " * GAP).join("─" * w for w in grids[0].widths), None)])
    out = list(top)
    since = len(top)
    for row in cells:
        block = [line for grid in grids for line in grid.render(row, columns)] or [[]]
        if top and page and since + len(block) > page and since > len(top):
            out.extend(top)
            since = len(top)
        out.extend(block)
        since += len(block)
    return out


def _stack(columns: Sequence[Column], heads: list[_Cell], cells: list[list[_Cell]],
           width: int) -> list[Line]:
    """Each row as its first two cells, then "Header: value" lines (the last resort)."""
    out: list[Line] = []
    for row in cells:
        if out:
            out.append([])
        lead = [(text, style) for c in row[:2] for text, style in (*c.pieces, ("  ", None))][:-1]
        out.extend(_finish(line) for line in _Cell(lead).lines(width))
        for head, cell in zip(heads[2:], row[2:]):
            if cell.pieces:
                label = [(head.pieces[0][0] + ":", "head"), (" ", None)] if head.pieces else []
                out.extend(paragraph([*label, *cell.pieces], width, indent=2))
    return out


def paragraph(text: Cell, width: int, indent: int = 0, hanging: int = 2) -> list[Line]:
    """Prose wrapped to `width`: the first line indented by `indent`, the others by
    `indent + hanging`."""
    lines = _wrap(_Cell(text).words(), width - indent, width - indent - hanging)
    return [_finish([(" " * (indent + (hanging if n else 0)), None), *line])
            for n, line in enumerate(lines)]


def facts(pairs: Sequence[tuple[str, Cell]], width: int, label_style: str | None = None) -> list[Line]:
    """Label and value pairs: the labels in one column, each value wrapping beside its label
    (under it, when the labels would leave the values less than a third of the width)."""
    shown = [(inert(label), value) for label, value in pairs]
    if not shown:
        return []
    label_width = max(width_of(label) for label, _ in shown)
    room = width - label_width - GAP
    out: list[Line] = []
    for label, value in shown:
        words = _Cell(value).words()
        if room >= width // 3:
            lines = _wrap(words, room, room)
            pad = " " * (label_width - width_of(label) + GAP)
            out.append(_finish([(label, label_style), (pad, None), *lines[0]]))
            out.extend(_finish([(" " * (label_width + GAP), None), *line]) for line in lines[1:])
        else:
            out.extend(paragraph([(label, label_style)], width))
            out.extend(_finish([(" " * GAP, None), *line]) for line in _wrap(words, width - GAP, width - GAP))
    return out


def plain(lines: Sequence[Line]) -> str:
    """The lines as plain text (a pipe, a file, NO_COLOR); no-break spaces print as spaces."""
    return "".join("".join(text for text, _ in line) + "\n" for line in lines).replace(NBSP, " ")


def grid(headers: Sequence[str], cells: Sequence[Sequence[object]], width: int,
         flexible: Sequence[int] = (), right: Sequence[int] = ()) -> list[Line]:
    """A plain table by this module's rule: the `flexible` columns (text) wrap and give up
    width, the others (ids, dates, numbers, codes) never wrap; the `right` ones (numbers) are
    right-aligned. For the housing side's lists."""
    columns = [Column(header, wrap=index in flexible, right=index in right)
               for index, header in enumerate(headers)]
    return table(columns, [["" if c is None else str(c) for c in row] for row in cells], width)


def lines_of(text: str, width: int) -> list[Line]:
    """A line of prose wrapped to `width`; an empty one stays an empty line."""
    return paragraph(text, width) if text else [[]]
