"""Every message of the import, key → (bokmål, English), kept apart from boligreg/catalog.py.

The catalog is being moved while the import is written, so the import's messages live here
and are merged into the catalog later; every key starts with `import_` so none collides with
the catalog's own. Both languages carry the same {placeholders} (a test checks it).

Rejects, skipped rows, warnings and errors carry a key and its arguments, never finished text,
so the caller shows them in the user's language: `render(key, language, **args)`.
"""

from boligreg.errors import InvalidInput

MESSAGES: dict[str, tuple[str, str]] = {
    # --- the file ------------------------------------------------------------------------
    "import_no_file": ("finner ikke filen {path}.", "no such file: {path}."),
    "import_cannot_read": ("kan ikke lese {path}: {detail}", "cannot read {path}: {detail}"),
    "import_unknown_extension": (
        "kan ikke importere «{extension}»-filer ({path}); bruk .xlsx eller .csv.",
        "cannot import “{extension}” files ({path}); use .xlsx or .csv.",
    ),
    "import_old_xls": (
        "{path} er en gammel Excel-fil (.xls); åpne den i Excel og lagre som .xlsx.",
        "{path} is an old Excel file (.xls); open it in Excel and save it as .xlsx.",
    ),
    "import_encrypted": (
        "{path} er passordbeskyttet; åpne den i Excel, fjern passordet og lagre på nytt.",
        "{path} is password-protected; open it in Excel, remove the password and save again.",
    ),
    "import_not_workbook": (
        "{path} er ikke en Excel-arbeidsbok (.xlsx).",
        "{path} is not an Excel workbook (.xlsx).",
    ),
    "import_damaged_workbook": (
        "arbeidsboken {path} er skadet eller ufullstendig; lagre den på nytt fra Excel.",
        "the workbook {path} is damaged or incomplete; save it again from Excel.",
    ),
    "import_not_text": (
        "{path} er ikke en tekstfil (CSV); lagre arket som CSV eller .xlsx.",
        "{path} is not a text (CSV) file; save the sheet as CSV or .xlsx.",
    ),
    "import_bad_encoding": (
        "{path} er verken UTF-8 eller Windows-1252; lagre som «CSV UTF-8» fra Excel.",
        "{path} is neither UTF-8 nor Windows-1252; save it as “CSV UTF-8” from Excel.",
    ),
    "import_no_such_sheet": (
        "arbeidsboken har ikke noe ark «{sheet}»; arkene er: {sheets}.",
        "the workbook has no sheet “{sheet}”; its sheets are: {sheets}.",
    ),
    "import_sheet_in_csv": (
        "{path} er en CSV-fil og har ingen ark; dropp --sheet.",
        "{path} is a CSV file and has no sheets; leave out --sheet.",
    ),
    "import_no_header": (
        ("fant ingen overskriftsrad (kolonner som Navn, Fødselsnummer, Bosituasjon) blant de "
        "første {rows} radene; oppgi raden med --header-row."),
        ("found no header row (columns such as Name, National ID, Situation) in the first "
        "{rows} rows; give the row with --header-row."),
    ),
    "import_header_row_blank": (
        "rad {row} er tom (eller finnes ikke) og kan ikke være overskriftsraden.",
        "row {row} is blank (or does not exist) and cannot be the header row.",
    ),
    "import_header_row_unknown": (
        ("rad {row} har ingen kolonneoverskrift boligreg kjenner; lag en kolonnefil med "
        "--write-map og angi feltene."),
        ("row {row} has no column header boligreg knows; write a mapping with --write-map "
        "and name the fields."),
    ),
    "import_no_name_column": (
        ("arket har ingen kolonne for navn eller alias; lag en kolonnefil med --write-map og "
        "angi hvilken kolonne som er navn."),
        ("the sheet has no column for a name or alias; write a mapping with --write-map and "
        "say which column is the name."),
    ),
    "import_field_twice": (
        ("kolonnene {columns} gjelder alle feltet {field}; velg én i kolonnefilen (--write-map, "
        "så --map)."),
        ("the columns {columns} all give the field {field}; choose one in the mapping "
        "(--write-map, then --map)."),
    ),
    # --- the mapping file --------------------------------------------------------------------
    "import_map_bad_header": (
        "kolonnefilen {path} må ha kolonnene kind, column, value og target i første rad.",
        ("the mapping file {path} needs the columns kind, column, value and target in its first "
        "row."),
    ),
    "import_map_bad_kind": (
        "kolonnefilen, linje {line}: «{kind}» er verken column eller value.",
        "mapping file, line {line}: “{kind}” is neither column nor value.",
    ),
    "import_map_unknown_field": (
        "kolonnefilen, linje {line}: ukjent felt «{target}»; kjente felt: {valid}.",
        "mapping file, line {line}: unknown field “{target}”; known fields: {valid}.",
    ),
    "import_map_unknown_code": (
        ("kolonnefilen, linje {line}: «{target}» er ikke en gyldig kode for «{value}» i "
        "kolonnen «{column}»; gyldige: {valid}."),
        ("mapping file, line {line}: “{target}” is not a valid code for “{value}” in the column "
        "“{column}”; valid: {valid}."),
    ),
    "import_map_no_field": (
        ("kolonnefilen, linje {line}: kolonnen «{column}» er ikke knyttet til et felt som tar "
        "koder, så verdiene kan ikke oversettes."),
        ("mapping file, line {line}: the column “{column}” is not tied to a field that takes "
        "codes, so its values cannot be translated."),
    ),
    "import_map_contradiction": (
        ("kolonnefilen, linje {line}: «{column}» {value} er allerede oversatt annerledes lenger "
        "opp."),
        ("mapping file, line {line}: “{column}” {value} is already translated differently "
        "further up."),
    ),
    "import_map_field_twice": (
        "kolonnefilen knytter feltet {field} til flere kolonner: {columns}.",
        "the mapping file ties the field {field} to several columns: {columns}.",
    ),
    # --- rows not imported ---------------------------------------------------------------------
    "import_skip_blank": ("tom rad", "blank row"),
    "import_skip_total": ("sumrad («{text}»)", "total row (“{text}”)"),
    "import_skip_note": ("merknadsrad («{text}»)", "note row (“{text}”)"),
    "import_skip_header_again": ("overskriftsraden en gang til", "the header row again"),
    "import_reject_no_name": ("verken navn eller alias", "neither name nor alias"),
    "import_reject_missing_situation": (
        "bosituasjon mangler", "the situation is missing",
    ),
    "import_reject_missing_since": (
        "datoen personen ble bostedsløs (bostedsløs siden) mangler",
        "the date the person became homeless (homeless since) is missing",
    ),
    "import_reject_unmapped": (
        ("«{value}» i kolonnen «{column}» er ikke et kjent ord; oversett det i kolonnefilen "
        "(--write-map, så --map)"),
        ("“{value}” in the column “{column}” is not a known word; translate it in the mapping "
        "file (--write-map, then --map)"),
    ),
    "import_reject_bad_date": (
        "«{value}» i kolonnen «{column}» er ikke en gyldig dato",
        "“{value}” in the column “{column}” is not a valid date",
    ),
    "import_reject_year_only": (
        "«{value}» i kolonnen «{column}» er bare et årstall; skriv hele datoen",
        "“{value}” in the column “{column}” is a year alone; write the whole date",
    ),
    "import_reject_date_range": (
        "datoen {value} i kolonnen «{column}» ligger utenfor {earliest}–{latest}",
        "the date {value} in the column “{column}” is outside {earliest}–{latest}",
    ),
    "import_reject_bad_fnr": (
        "fødselsnummeret {value} i kolonnen «{column}» er ikke gyldig",
        "the national id number {value} in the column “{column}” is not valid",
    ),
    "import_reject_synthetic_fnr": (
        ("fødselsnummeret {value} i kolonnen «{column}» er et syntetisk testnummer, som bare et "
        "demoregister godtar"),
        ("the national id number {value} in the column “{column}” is a synthetic test number, "
        "which only a demo register accepts"),
    ),
    "import_reject_born_mismatch": (
        "fødselsdatoen {born} stemmer ikke med fødselsnummeret ({from_fnr})",
        "the birth date {born} does not match the national id number ({from_fnr})",
    ),
    "import_reject_born_future": (
        "fødselsdatoen {value} er etter {as_of}", "the birth date {value} is after {as_of}",
    ),
    "import_reject_children": (
        "«{value}» i kolonnen «{column}» er ikke et antall barn (et helt tall fra 0 til {limit})",
        ("“{value}” in the column “{column}” is not a number of children (a whole number from 0 "
        "to {limit})"),
    ),
    "import_reject_control_chars": (
        "kolonnen «{column}» inneholder kontrolltegn eller usynlige tegn",
        "the column “{column}” contains control characters or invisible marks",
    ),
    "import_reject_too_long": (
        "kolonnen «{column}» har {length} tegn; høyst {limit} er tillatt",
        "the column “{column}” has {length} characters; at most {limit} are allowed",
    ),
    "import_reject_release_only": (
        "løslatelses-/utskrivingsdato gjelder bare INST og KRIM, ikke {code}",
        "a release/discharge date applies to INST and KRIM only, not {code}",
    ),
    "import_reject_release_needed": (
        "{code} krever forventet løslatelses-/utskrivingsdato",
        "{code} needs the expected release/discharge date",
    ),
    "import_reject_release_before_since": (
        "løslatelsesdatoen {release} er før {since}, da oppholdet startet",
        "the release date {release} is before {since}, when the stay began",
    ),
    "import_reject_since_future": (
        "bostedsløs siden {value} er etter {as_of}", "homeless since {value} is after {as_of}",
    ),
    "import_reject_since_before_born": (
        "bostedsløs siden {since} er før fødselsdatoen {born}",
        "homeless since {since} is before the birth date {born}",
    ),
    "import_reject_decided_before_applied": (
        "vedtaksdatoen {decided} er før søknadsdatoen {applied}",
        "the decision date {decided} is before the application date {applied}",
    ),
    "import_reject_decision_without_applied": (
        "vedtak ({decision}) uten søknadsdato", "a decision ({decision}) without an application date",
    ),
    "import_reject_decided_without_decision": (
        "vedtaksdato {decided} uten vedtak", "a decision date {decided} without a decision",
    ),
    # --- warnings and duplicates -------------------------------------------------------------
    "import_warn_month_only": (
        "«{value}» i kolonnen «{column}» er bare en måned; lest som {date}",
        "“{value}” in the column “{column}” is a month alone; read as {date}",
    ),
    "import_duplicate": (
        "rad {rows} er samme person; rad {kept} er brukt",
        "rows {rows} are the same person; row {kept} is used",
    ),
    # --- the rejects workbook ------------------------------------------------------------------
    "import_rejects_sheet": ("Avviste rader", "Rejected rows"),
    "import_rejects_row": ("Rad i arket", "Sheet row"),
    "import_rejects_reason": ("Årsak", "Reason"),
}


def render(key: str, language: str, /, **args: object) -> str:
    """The message for `key` in `language` ("nb" or "en"; anything else is bokmål)."""
    bokmal, english = MESSAGES[key]
    text = english if language == "en" else bokmal
    return text.format(**args) if args else text


def bad_input(key: str, /, **args: object) -> InvalidInput:
    """The InvalidInput for one of the import's keys; fails at once on a key not listed above,
    since the catalog's own key check does not look at the import's messages yet."""
    if key not in MESSAGES:
        raise KeyError(key)
    return InvalidInput(key, **args)
