"""Reading a sheet from disk into a RawSheet: one reader per file kind, nothing interpreted.

- .xlsx/.xlsm: openpyxl in read-only mode (rows streamed, not the whole workbook built) with
  data_only, so a formula cell gives the value Excel last computed, never the formula.
- .csv/.tsv/.txt: UTF-8 with or without a byte-order mark, UTF-16 with one (Excel's «Unicode
  text»), else Windows-1252 (Norwegian Excel's «CSV (semikolondelt)»); the delimiter `;`, tab
  or `,` is the one that splits the first lines most consistently (see `detect_delimiter`).

Everything a user can get wrong about the file is an InvalidInput with a message key: no such
file, an unknown extension, an old .xls or a password-protected workbook (both OLE2 files,
starting D0 CF 11 E0), a file that is no workbook, a damaged or truncated one, a sheet that does
not exist (the message lists the sheets).
"""

import csv
import io
import re
import zipfile
import zlib
from collections import Counter
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from boligreg.errors import InvalidInput
from boligreg.importing.model import RawSheet, Row

XLSX_EXTENSIONS = (".xlsx", ".xlsm")
CSV_EXTENSIONS = (".csv", ".tsv", ".txt")
DELIMITERS = (";", "\t", ",")  # in order of preference when two split equally well
EXCEL_EPOCH = datetime(1899, 12, 30)  # openpyxl's 1900 date system
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_STREAM = "EncryptionInfo".encode("utf-16-le")
_SNIFF_LINES = 50
_BINARY_PROBE = 1024


def read_sheet(path: Path | str, sheet: str | None = None) -> RawSheet:
    """Read a workbook's sheet (default: the first visible worksheet) or a CSV file, every cell
    as it is stored; InvalidInput for any file that cannot be read as one (see above)."""
    path = Path(path)
    extension = path.suffix.lower()
    if extension not in XLSX_EXTENSIONS + CSV_EXTENSIONS + (".xls",):
        raise InvalidInput("import_unknown_extension", path=str(path), extension=path.suffix or "")
    data_start = _first_bytes(path)
    if data_start.startswith(_OLE2):
        raise InvalidInput("import_encrypted" if _is_encrypted(path) else "import_old_xls",
                        path=str(path))
    if extension == ".xls":  # openpyxl refuses the extension even when the content is xlsx
        raise InvalidInput("import_old_xls", path=str(path))
    if extension in XLSX_EXTENSIONS:
        return read_xlsx(path, sheet)
    if sheet is not None:
        raise InvalidInput("import_sheet_in_csv", path=str(path))
    return read_csv(path)


def _first_bytes(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            return handle.read(8)
    except FileNotFoundError:
        raise InvalidInput("import_no_file", path=str(path)) from None
    except IsADirectoryError:
        raise InvalidInput("import_cannot_read", path=str(path), detail="is a directory") from None
    except OSError as error:
        raise InvalidInput("import_cannot_read", path=str(path), detail=error.strerror) from None


def _is_encrypted(path: Path) -> bool:
    """An encrypted .xlsx is an OLE2 container with an EncryptionInfo stream; an .xls has none."""
    return _ENCRYPTED_STREAM in path.read_bytes()


def read_xlsx(path: Path, sheet: str | None = None) -> RawSheet:
    """One worksheet of an .xlsx workbook, streamed in read-only mode. Without a name, the first
    visible worksheet: a hidden one is usually a list of choices, and a chart sheet has no rows."""
    from openpyxl import load_workbook

    _check_workbook_zip(path)
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except _broken_workbook() + (AttributeError,):  # openpyxl trips on some odd parts
        raise InvalidInput("import_damaged_workbook", path=str(path)) from None
    try:
        names = tuple(worksheet.title for worksheet in book.worksheets)
        visible = [ws.title for ws in book.worksheets if ws.sheet_state == "visible"]
        chosen = _choose_sheet(names, sheet, visible[0] if visible else None)
        worksheet = book[chosen]
        worksheet.reset_dimensions()  # some writers store a wrong size; read what is there
        rows: list[Row] = [_trim(row) for row in worksheet.iter_rows(values_only=True)]
        epoch = book.epoch
    except _broken_workbook():
        raise InvalidInput("import_damaged_workbook", path=str(path)) from None
    finally:
        book.close()
    return RawSheet(path, chosen, names, _trim_end(rows), epoch)


def _check_workbook_zip(path: Path) -> None:
    """A workbook is a zip holding an xl/ folder: tell «not a workbook» from «damaged»."""
    if not zipfile.is_zipfile(path):
        with path.open("rb") as handle:
            is_zip = handle.read(4) == b"PK\x03\x04"  # a zip whose end was cut off
        raise InvalidInput("import_damaged_workbook" if is_zip else "import_not_workbook",
                        path=str(path))
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError):
        raise InvalidInput("import_damaged_workbook", path=str(path)) from None
    if not any(name.startswith("xl/") for name in names):
        raise InvalidInput("import_not_workbook", path=str(path))


def _broken_workbook() -> tuple[type[BaseException], ...]:
    """What openpyxl raises on a workbook whose parts are missing, cut or garbled: zip and
    deflate errors while streaming, a missing part (KeyError), bad XML (a SyntaxError)."""
    from openpyxl.utils.exceptions import InvalidFileException

    return (zipfile.BadZipFile, zlib.error, EOFError, KeyError, ValueError, TypeError,
            IndexError, OSError, SyntaxError, InvalidFileException)


def _choose_sheet(names: tuple[str, ...], wanted: str | None, default: str | None) -> str:
    """The named sheet (exact, else the one whose name matches ignoring case), or the default."""
    if wanted is None and default is not None:
        return default
    if wanted is not None and wanted in names:
        return wanted
    alike = [name for name in names
             if wanted is not None and name.strip().casefold() == wanted.strip().casefold()]
    if len(alike) == 1:
        return alike[0]
    raise InvalidInput("import_no_such_sheet", sheet=wanted or "", sheets=", ".join(names))


def read_csv(path: Path) -> RawSheet:
    """A CSV file as rows of text cells (an empty cell is None), row 1 its first record."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InvalidInput("import_cannot_read", path=str(path), detail=error.strerror) from None
    text = decode_text(data, path)
    delimiter = detect_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        rows: list[Row] = [_trim(tuple(cell if cell != "" else None for cell in record))
                           for record in reader]
    except csv.Error:
        raise InvalidInput("import_not_text", path=str(path)) from None
    return RawSheet(path, None, (), _trim_end(rows), EXCEL_EPOCH)


def decode_text(data: bytes, path: Path) -> str:
    """UTF-8 (with or without BOM), UTF-16 with a BOM, else Windows-1252."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise InvalidInput("import_bad_encoding", path=str(path)) from None
    if looks_binary(data[:_BINARY_PROBE]):  # a picture or program; a stray NUL in a row
        raise InvalidInput("import_not_text", path=str(path))  # only rejects that row
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise InvalidInput("import_bad_encoding", path=str(path)) from None


_SIGNATURES = (b"\x89PNG", b"%PDF", b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"GIF8", b"\xff\xd8\xff",
               b"\x7fELF", b"SQLite format 3\x00")
_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0e-\x1f]")
_BINARY_SHARE = 0.05
"""A text file's control bytes are a stray few; a binary file's first kilobyte is full of them."""


def looks_binary(probe: bytes) -> bool:
    """Whether the start of a file is no text: a known binary format's signature, control bytes
    (NUL, bell …; not tab or line breaks) more than _BINARY_SHARE of it, or a NUL in a start
    without a single line break. A NUL in a row of a text file is that row's fault."""
    if probe.startswith(_SIGNATURES):
        return True
    controls = len(_CONTROL.findall(probe))
    return controls > len(probe) * _BINARY_SHARE or (b"\x00" in probe and b"\n" not in probe
                                                     and b"\r" not in probe)


def detect_delimiter(text: str) -> str:
    """The delimiter that gives the first lines the same number of fields most often.

    Excel pads every line of a CSV to the same number of fields, so the right delimiter splits
    nearly every line alike, while a comma inside a note splits only that line."""
    lines = [line for line in text.splitlines()[:_SNIFF_LINES] if line.strip()]
    best, best_score = DELIMITERS[0], (0, 0)
    for delimiter in DELIMITERS:
        counts = Counter(len(fields) for fields in csv.reader(lines, delimiter=delimiter))
        common = [(times, width) for width, times in counts.items() if width > 1]
        score = max(common, default=(0, 0))
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _trim(row: Sequence[Any]) -> Row:
    """A row as a tuple without its trailing empty cells (read-only mode pads rows to the
    sheet's width, and gives a list for a row missing from the file)."""
    end = len(row)
    while end and (row[end - 1] is None):
        end -= 1
    return tuple(row[:end])


def _trim_end(rows: list[Row]) -> list[Row]:
    """Rows without the empty ones after the last filled row (formatted but unused)."""
    end = len(rows)
    while end and not any(cell is not None and cell != "" for cell in rows[end - 1]):
        end -= 1
    return rows[:end]
