"""Messy sheets for the import tests, built in code: fictitious people, synthetic numbers only."""

import csv
import io
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from openpyxl import Workbook

from boligreg.domain.fnr import make_fnr

AS_OF = date(2016, 6, 1)


def synthetic_fnr(born: date, serial: int = 100) -> str:
    """A valid synthetic fødselsnummer (month + 80) for the birth date: the first serial from
    `serial` up whose check digits work out."""
    for individual in range(serial, serial + 100):
        number = make_fnr(born, individual, synthetic=True)
        if number:
            return number
    raise AssertionError("no serial fits")


def real_fnr(born: date, serial: int = 100) -> str:
    """A number of the real form (no +80), for the tests of a wrong check digit only."""
    for individual in range(serial, serial + 100):
        number = make_fnr(born, individual)
        if number:
            return number
    raise AssertionError("no serial fits")


def write_xlsx(path: Path, rows: Sequence[Sequence[object]], *, title: str = "Liste",
               merge: Sequence[str] = (), more_sheets: Sequence[str] = ()) -> Path:
    """A workbook whose first sheet holds `rows` from A1 (None = an empty cell)."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title
    for row in rows:
        sheet.append(list(row))
    for cells in merge:
        sheet.merge_cells(cells)
    for name in more_sheets:
        book.create_sheet(name)
    book.save(path)
    return path


def write_csv(path: Path, rows: Sequence[Sequence[object]], *, delimiter: str = ";",
              encoding: str = "utf-8") -> Path:
    """A CSV file as Excel writes one (every line the same number of fields)."""
    width = max(len(row) for row in rows)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    for row in rows:
        writer.writerow([("" if cell is None else cell) for cell in row]
                        + [""] * (width - len(row)))
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path
