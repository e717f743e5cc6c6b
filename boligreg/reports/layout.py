"""Long texts in a workbook: a definition as lines of a readable width, one row each.

The workbook writer (reports/xlsx.py) sets no wrapping, so a definition of a few hundred
characters would run far past its column and shrink the printed page to fit it. Split into
lines, it reads as a paragraph in its column, on screen and on paper.
"""

from textwrap import wrap

from boligreg.reports.tables import Row

LINE_WIDTH = 70
"""Characters per line of a definition in a workbook (the writer's widest column)."""


def paragraph_rows(label: str, before: list, text: str, kind: str = "text",
                   width: int = LINE_WIDTH) -> list[Row]:
    """`label` and the `before` values on the first row, then `text` a line at a time in the
    last column; the following rows have an empty label and empty values before it."""
    lines = wrap(text, width) or [""]
    first = Row(label, [*before, lines[0]], kind)
    return [first, *(Row("", [*([""] * len(before)), line], "text") for line in lines[1:])]
