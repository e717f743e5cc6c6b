"""Tables as plain padded lines: what the status list, the lists and the person card print.

rich's Table is much slower per row and to import (bench/PROFILE.md); these lines print at
once, read well in a terminal, a pipe or a log, and copy cleanly into a mail or a case note.
Every cell is shown inert (domain.text.shown): a stored escape is printed, never obeyed."""

from boligreg.domain.text import shown


def fit_widths(headers: list[str], cells: list[list[str]], width: int | None,
               flexible: tuple[int, ...] = ()) -> list[int]:
    """Column widths: natural widths, with the long text columns shrunk to fit the screen."""
    natural = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(headers)]
    if width is None:
        return natural
    widths = list(natural)
    spare = width - (sum(widths) + 2 * (len(widths) - 1))
    while spare < 0:
        candidates = [i for i in flexible if widths[i] > 12]
        if not candidates:
            break
        widest = max(candidates, key=lambda i: widths[i])
        cut = min(-spare, widths[widest] - 12, max(1, widths[widest] // 4))
        widths[widest] -= cut
        spare += cut
    return widths


def cell(text: str, width: int) -> str:
    return text.ljust(width) if len(text) <= width else text[: width - 1] + "…"


def line(cells: list[str], widths: list[int]) -> str:
    return "  ".join(cell(c, w) for c, w in zip(cells, widths)).rstrip()


def rule(widths: list[int]) -> str:
    return "  ".join("─" * w for w in widths)


def table_lines(headers: list[str], cells: list[list[str]], width: int | None = None,
                flexible: tuple[int, ...] = ()) -> list[str]:
    """Header, rule and one line per row; `flexible` columns shrink to fit `width`."""
    cells = [[shown(c) for c in row] for row in cells]
    widths = fit_widths(headers, cells, width, flexible)
    return [line(headers, widths), rule(widths), *(line(row, widths) for row in cells)]
