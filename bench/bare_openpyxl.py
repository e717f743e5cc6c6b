"""The export's floor: write the same cells with openpyxl's write-only mode and nothing else.

    python bench/bare_openpyxl.py cells.json out.xlsx
"""

import json
import sys
from datetime import date

from openpyxl import Workbook


def main() -> None:
    with open(sys.argv[1]) as handle:
        rows = json.load(handle)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Liste")
    for row in rows:
        sheet.append([date.fromisoformat(v[:10]) if isinstance(v, str) and v[:4].isdigit() and v[4:5] == "-"
                      else v for v in row])
    book.save(sys.argv[2])


if __name__ == "__main__":
    main()
