"""The person card in a terminal or a pipe: reports/card.py's parts laid out by cli/text_table.py."""

from boligreg.cli.text_table import Cell, Column, Line, facts, paragraph, table
from boligreg.reports.card import Card
from boligreg.reports.status_text import OVERDUE

DATE = {"wrap": False}
# the release column gives first: only its header is wider than its dates
PART_LAYOUT: dict[str, tuple[dict, ...]] = {
    "timeline": (DATE, DATE, {"give": 2}, {"give": 1}, {"give": 0}, {"give": 1, "fold": 1}),
    "episodes": (DATE, DATE, {"give": 1}, {"give": 1}, {"right": True, "wrap": False}),
    "steps": ({"right": True, "wrap": False}, {"give": 2}, {"give": 1}, DATE, DATE),
    "applications": (DATE, {"give": 1}, DATE, {"give": 1}, DATE),
    "contacts": (DATE, {"give": 2}, {"give": 1}, {"give": 1}),
}
"""How each of the card's tables behaves when the width is short (cli/text_table.py)."""


def _marked(text: str) -> Cell:
    """A due date with its overdue mark highlighted."""
    if text.endswith(OVERDUE):
        return [(text[: -len(OVERDUE)], None), (OVERDUE, "overdue")]
    return text


def card_lines(card: Card, width: int, page: int | None = None) -> list[Line]:
    lines = facts(card.facts, width, label_style="head")
    for part in card.parts:
        lines += [[], *paragraph([(part.title, "title")], width)]
        if part.facts:
            lines += facts([(label, [(value, "urgent")] if label in part.alert else value)
                            for label, value in part.facts], width)
        if part.headers:
            columns = [Column(h, **layout) for h, layout in zip(part.headers, PART_LAYOUT[part.key])]
            rows = [[_marked(c) for c in row] for row in part.rows]
            lines += table(columns, rows, width, page)
    return lines
