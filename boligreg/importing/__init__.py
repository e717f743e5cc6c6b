"""The parsing half of `boligreg import`: a municipality's by-name sheet → an import plan.

Every municipality keeps its list in an Excel sheet mailed around for years, each with its own
columns and words. This package reads such a sheet (.xlsx or .csv), finds its header row,
recognises the columns and the words coordinators write (vocabulary.py), reads and checks every
row, and returns a typed plan: the persons to register, and every row not taken with its sheet
row number and the reason as a catalog key (shown in the user's language by the caller). It
writes nothing to the register and never guesses: a word or column it does not know is listed,
and the user says what it means in a mapping file.

    sheet = read_sheet("liste.xlsx", sheet="2016")           # InvalidInput on a bad file
    write_map("kart.csv", mapping_for(sheet))                 # --write-map
    plan = plan_import(sheet, as_of=day, mapping=read_map("kart.csv"))   # --map
    write_rejects("avviste.xlsx", plan, plan.headers, "nb")   # --rejects

The register's side (who is already registered, the records each person gets) is
boligreg.store.imports; the command is boligreg.cli.imports.

The municipality's list of its dwellings goes through the same steps with its own kind of sheet
(vocabulary.DWELLING: its fields, headers and words) and row reader (dwelling_rows.py):
`plan_dwellings(sheet, as_of=day)`, registered by boligreg.store.dwellings.import_dwellings
(`boligreg dwelling import`).

Modules: readers (one reader per file kind), layout (header row, rows that are no persons),
vocabulary (the words), mapping (the mapping and its file), cells and datecells (one cell
each), rows (one row, the rules between fields), duplicates, planning (the whole), rejects (the
workbook). Every text is in the catalog (boligreg/locale), its keys prefixed `import_`.
"""

from boligreg.importing.mapping import read_map, write_map
from boligreg.importing.model import (
    ColumnRule,
    Duplicate,
    ImportedPerson,
    ImportPlan,
    ImportWarning,
    Mapping,
    RawSheet,
    Reason,
    Reject,
    Skipped,
    ValueRule,
)
from boligreg.importing.planning import mapping_for, plan_import
from boligreg.importing.readers import read_sheet
from boligreg.importing.rejects import write_rejects

__all__ = [
    "ColumnRule", "Duplicate", "ImportPlan", "ImportWarning", "ImportedPerson",
    "Mapping", "RawSheet", "Reason", "Reject", "Skipped", "ValueRule", "mapping_for",
    "plan_import", "read_map", "read_sheet", "write_map", "write_rejects",
]
