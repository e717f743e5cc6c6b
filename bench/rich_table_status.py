"""The status list laid out by rich's Table instead of cli/text_table.py, for bench/run.py.

    BOLIGREG_DB=r.db python bench/rich_table_status.py      # in a terminal 120 columns wide

The same cells and styles as `boligreg status` (cli/status.status_cells), one rich Table with
wrapping cells, printed by rich to the terminal: what the issue asked to use where it meets the
speed targets. Only the table differs; the summary and the lists below it are left out, which
favours rich.
"""

import os
import sys
from datetime import date

from rich.console import Console
from rich.table import Table
from rich.text import Text

from boligreg.cli.output import STYLES
from boligreg.cli.status import STATUS_LAYOUT, status_cells
from boligreg.reports.status import load_status
from boligreg.store import open_register


def main() -> None:
    today = date.fromisoformat(os.environ["BOLIGREG_TODAY"])
    reg = open_register(os.environ["BOLIGREG_DB"], today=today)
    headers, rows = status_cells(load_status(reg, today))
    table = Table(box=None, header_style="bold", pad_edge=False)
    for header, layout in zip(headers, STATUS_LAYOUT):
        table.add_column(header, justify="right" if layout.get("right") else "left",
                         no_wrap=not layout.get("wrap", True), overflow="fold")
    for row in rows:
        cells = []
        for cell in row:
            pieces = [(cell, None)] if isinstance(cell, str) else cell
            cells.append(Text.assemble(*((text, STYLES.get(style or "", "")) for text, style in pieces)))
        table.add_row(*cells)
    Console(highlight=False).print(table)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
