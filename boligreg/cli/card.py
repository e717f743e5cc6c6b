"""The person card in a terminal or a pipe: reports/card.py's parts laid out by cli/text_table.py."""

from boligreg.cli.text_table import Cell, Column, Line, facts, paragraph, table
from boligreg.reports.card import Card
from boligreg.reports.status_text import OVERDUE

DATE = {"wrap": False}
NUMBER = {"right": True, "wrap": False}
# the release column gives first: only its header is wider than its dates
PART_LAYOUT: dict[str, dict[str, dict]] = {
    "timeline": {"col_no": NUMBER, "col_from": DATE, "col_to": DATE, "col_situation": {"give": 2},
                 "col_place": {"give": 1}, "col_release": {"give": 0}, "col_lease": {"give": 1, "fold": 1}},
    "episodes": {"col_from": DATE, "col_to": DATE, "col_inflow": {"give": 1}, "col_outflow": {"give": 1},
                 "col_days": NUMBER},
    "steps": {"col_no": NUMBER, "col_step": {"give": 2}, "col_owner": {"give": 1}, "col_due": DATE,
              "col_done": DATE},
    "applications": {"col_id": DATE, "col_kind": {"give": 1}, "col_received": DATE,
                     "col_decision": {"give": 1}, "col_decided": DATE},
    "contacts": {"col_no": NUMBER, "col_date": DATE, "col_kind": {"give": 2}, "col_by": {"give": 1},
                 "col_note": {"give": 1}},
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
        for sentence in part.lines:
            lines += paragraph(sentence, width)
        if part.headers:
            layout = PART_LAYOUT[part.key]
            columns = [Column(h, **layout[key]) for h, key in zip(part.headers, part.columns)]
            rows = [[_marked(c) for c in row] for row in part.rows]
            lines += table(columns, rows, width, page)
    return lines
