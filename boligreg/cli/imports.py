"""boligreg import: the municipality's own by-name sheet (.xlsx or .csv) into the register.

Thin, as every command: the sheet is read and checked by boligreg.importing (the plan), the
persons are registered by boligreg.store.imports (one transaction), and this module shows what
happened in the user's language. Built only when `import` is used (cli.NOUNS): its help
lists every field and code, which loads the vocabulary.
"""

import re
import shutil
import sys
import textwrap
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from boligreg.cli.help_language import LocalTyper
from boligreg.cli.options import date_option, number_option
from boligreg.cli.output import say
from boligreg.cli.session import state
from boligreg.cli.text_table import inert
from boligreg.domain.codes import Situation
from boligreg.domain.dates import show_date
from boligreg.errors import Findings, InvalidInput
from boligreg.i18n import language, t
from boligreg.importing.vocabulary import CODES, FIELDS
from boligreg.settings import IMPORT_LISTED_LINES, IMPORT_PROGRESS_ROWS

if TYPE_CHECKING:
    from boligreg.importing.model import DwellingPlan, ImportPlan, Mapping
    from boligreg.importing.vocabulary import SheetKind
    from boligreg.store.dwellings import DwellingImport
    from boligreg.store.imports import ImportResult

app = LocalTyper(rich_markup_mode=None, add_completion=False)

EXCEL_ROWS = 1_048_576  # the last row a worksheet can have


def _help() -> str:
    """The command's help: what it does, then every field and code a mapping file may name.
    A paragraph after click's \\b keeps its line breaks."""
    width = max(map(len, FIELDS))
    fields = [f"  {name:<{width}}  {t('import_field_' + name)}" for name in FIELDS]
    codes = [t("help_import_codes_situation", codes=" ".join(s.value for s in Situation))]
    codes += [t("help_import_codes_" + name, codes=" ".join(CODES[name]))
              for name in ("gender", "decision", "wants_housing")]
    return "\n\n".join([
        t("help_import_short") + " " + t("help_import"), t("help_import_steps"),
        "\b\n" + t("help_import_fields") + "\n" + "\n".join(fields),
        "\b\n" + t("help_import_codes") + "\n" + "\n".join(
            "  " + line for code in codes for line in textwrap.wrap(
                code, width=74, subsequent_indent="    ")),
    ])


@app.command("import", help=_help())
def import_sheet(
    file: Annotated[Path, typer.Argument(metavar=t("metavar_sheet"), help=t("help_import_file"),
                                         show_default=False)],
    sheet: Annotated[str | None, typer.Option("--sheet", metavar=t("metavar_name"),
                                              help=t("help_import_sheet"))] = None,
    header_row: Annotated[int | None, number_option("--header-row", low=1, high=EXCEL_ROWS,
                                                    help_key="help_import_header_row")] = None,
    as_of: Annotated[date | None, date_option("--as-of", help_key="help_import_as_of")] = None,
    write_map: Annotated[Path | None, typer.Option("--write-map", metavar=t("metavar_map"),
                                                   help=t("help_import_write_map"))] = None,
    map_file: Annotated[Path | None, typer.Option("--map", metavar=t("metavar_map"),
                                                  help=t("help_import_map"))] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help=t("help_import_dry_run"))] = False,
    rejects: Annotated[Path | None, typer.Option("--rejects", metavar=t("metavar_xlsx"),
                                                 help=t("help_import_rejects"))] = None,
    force: Annotated[bool, typer.Option("--force", help=t("help_import_force"))] = False,
) -> None:
    from boligreg.files import write_private
    from boligreg.importing.mapping import read_map
    from boligreg.importing.planning import plan_import
    from boligreg.importing.readers import read_sheet
    from boligreg.importing.rejects import rejects_workbook

    reg = state.register()  # a coordinator's (domain/roles.py), in the register's language
    day = as_of or reg.today
    if day > reg.today:
        raise InvalidInput("err_future_date", value=show_date(day))
    rejects_path, writes_rejects = check_targets(file, map_file, write_map, rejects, dry_run,
                                                 force, sheet)
    mapping = read_map(map_file) if map_file else None
    with _progress() as progress:
        progress.reading(file)
        read = read_sheet(file, sheet)
        if write_map is not None:
            _write_map(read, write_map, header_row, mapping, force)
            if not dry_run:
                return
        plan = plan_import(read, as_of=day, allow_synthetic=reg.settings.demo,
                           header_row=header_row, mapping=mapping,
                           progress=progress.rows("progress_checking"))
        data = rejects_workbook(plan, plan.headers, language()) if plan.rejects and writes_rejects \
            else None
        outcome: list[ImportResult] = []
        source = {"file": str(file.absolute()), "sheet": plan.sheet_name,
                  "header_row": plan.header_row, "rows": _row_count(plan),
                  "rejected": len(plan.rejects),
                  "rejects": str(rejects_path.absolute()) if data else None,
                  "skipped": len(_not_blank(plan)), "duplicates": len(plan.duplicates)}
        counted = progress.rows("progress_registering")

        def register() -> None:
            from boligreg.store.imports import import_persons

            outcome.append(import_persons(
                reg, plan.persons, as_of=day, source=source, dry_run=dry_run,
                progress=(lambda n: counted(n, len(plan.persons))) if counted else None))

        if data is not None and not dry_run:  # the file gets its name once the import is saved
            write_private(rejects_path, data, force=force, record=register)
        else:
            register()
            if data is not None:
                write_private(rejects_path, data, force=force)
    _show(file, plan, outcome[0], reg.settings.inactive_after_days,
          rejects_path if data is not None else None,
          rerun=_rerun(file, sheet, header_row, as_of, map_file))
    if plan.rejects:
        raise Findings("import_some_rejected_dry" if dry_run else "import_some_rejected",
                       n=len(plan.rejects),
                       path=str(rejects_path) if data is not None else "--rejects")


def check_targets(file: Path, map_file: Path | None, write_map: Path | None,
                  rejects: Path | None, dry_run: bool, force: bool,
                  sheet: str | None = None) -> tuple[Path, bool]:
    """The rejects workbook's path and whether it is written; each file to be written checked
    before any work, so a refusal is quick (the mapping file may be written over itself: it is
    read whole first, so --map kart.csv --write-map kart.csv --force adds a column's words)."""
    from boligreg.files import check_target

    suffix = t("import_rejects_name")
    # one name per sheet, so the rejects of another sheet of the workbook are not in the way
    of_sheet = "-" + re.sub(r"[^\w.-]+", "_", sheet) if sheet else ""
    rejects_path = rejects or Path(f"{file.stem}{of_sheet}-{suffix}.xlsx")
    writes_rejects = rejects is not None or not (dry_run or write_map)
    inputs = [file, *([map_file] if map_file else [])]
    for target, wanted in ((write_map, write_map is not None), (rejects_path, writes_rejects)):
        if wanted and target is not None:
            if any(_same_file(target, used) for used in inputs if used is not map_file
                   or target is not write_map):
                raise InvalidInput("import_target_is_input", path=str(target))
            if target is write_map:
                check_target(target, force)
            elif rejects is not None:  # the default name is checked only when rows are rejected
                check_target(target, force, suffix=".xlsx")
    if write_map and writes_rejects and _same_file(write_map, rejects_path):
        raise InvalidInput("import_target_is_input", path=str(rejects_path))
    return rejects_path, writes_rejects


def _same_file(one: Path, other: Path) -> bool:
    try:
        return one.resolve() == other.resolve()
    except OSError:
        return False


def _row_count(plan: "ImportPlan") -> int:
    """The rows below the header that hold anything: persons, rejects and skipped rows."""
    return sum(len(p.rows) for p in plan.persons) + len(plan.rejects) + len(_not_blank(plan))


def _not_blank(plan: "ImportPlan | DwellingPlan") -> list:
    """The rows skipped as no person (a total, a note, the header again); blank rows are no
    rows to a reader of the sheet, and are not listed."""
    return [s for s in plan.skipped if s.reason.key != "import_skip_blank"]


def _write_map(read, path: Path, header_row: int | None, given: "Mapping | None",
               force: bool, kind: "SheetKind | None" = None) -> None:
    """--write-map: the mapping an import would use, for the user to correct, and what it holds
    (`kind`: the dwellings' list; the persons' when None)."""
    from boligreg.importing.mapping import write_map
    from boligreg.importing.planning import mapping_for
    from boligreg.importing.vocabulary import PERSON

    kind = kind or PERSON
    mapping = mapping_for(read, header_row=header_row, mapping=given, kind=kind)
    write_map(path, mapping, force=force)
    ignored = [c.header for c in mapping.columns if c.field is None]
    unmapped = [v for v in mapping.values if v.target is None]
    _say(t("import_map_written", path=str(path)))
    _say("  " + t("import_map_columns", n=len(mapping.columns),
                 used=len(mapping.columns) - len(ignored)))
    if ignored:
        _say("  " + t("import_map_ignored", columns=_quoted(ignored)))
    _say("  " + t("import_map_values", n=len(mapping.values), unmapped=len(unmapped)))
    by_column: dict[str, list[str]] = {}
    for value in unmapped:
        by_column.setdefault(value.header, []).append(value.value)
    for header, values in by_column.items():
        _say("    " + t("import_map_unmapped", column=inert(header), values=_quoted(values)))
    if kind.dwelling:
        _say(t("import_dw_map_next", path=str(path)))
    else:
        _say(t("import_map_next", path=str(path)))


def _say(text: str) -> None:
    """A line of the result; in a terminal folded at its width, the rest of it indented under
    its start (in a pipe or a file each line stays whole, for grep, unless --width is given)."""
    width = state.width or (shutil.get_terminal_size().columns if sys.stdout.isatty() else None)
    if not width or len(text) < width:
        say(text)
        return
    indent = " " * (len(text) - len(text.lstrip(" ")) + 2)
    for line in textwrap.wrap(text, width=width - 1, subsequent_indent=indent,
                              break_long_words=False, break_on_hyphens=False):
        say(line)


def _quoted(texts: Sequence[str]) -> str:
    return ", ".join(f"«{inert(text)}»" for text in texts)


def _rerun(file: Path, sheet: str | None, header_row: int | None, as_of: date | None,
           map_file: Path | None) -> str:
    """The dry run of this import that shows every line of its lists, for a terminal's reader
    (a dry run: an import run again would find everyone already registered)."""
    import shlex

    words = ["boligreg", "import", str(file)]
    words += ["--sheet", sheet] if sheet else []
    words += ["--header-row", str(header_row)] if header_row else []
    words += ["--as-of", as_of.isoformat()] if as_of else []
    words += ["--map", str(map_file)] if map_file else []
    return shlex.join([*words, "--dry-run"]) + " | less"


def _show(file: Path, plan: "ImportPlan", result: "ImportResult", inactive_after: int,
          rejects_path: Path | None, rerun: str | None = None) -> None:
    """What the import did, in the reader's words: the rows it could not take first (so the
    summary ends the output, where a terminal leaves it in view), then the counts. In a pipe or
    a file every line of each list; in a terminal the first lines and how to see them all
    (`rerun`, or the rejects workbook, which holds every rejected row)."""
    sheet = t("import_head_sheet", sheet=inert(plan.sheet_name)) if plan.sheet_name else ""
    _say(t("import_head_dry" if result.dry_run else "import_head", file=str(file), sheet=sheet,
          row=plan.header_row, date=show_date(plan.as_of or date.today())))
    _section("import_section_duplicates", [_duplicate_line(plan, d) for d in plan.duplicates],
             rerun)
    _section("import_section_known", [_known_line(known) for known in result.known], rerun)
    _section("import_section_skipped", [
        t("import_row", row=s.row, text=s.reason.text(language())) for s in _not_blank(plan)],
        rerun)
    _section("import_section_warnings", _missing_columns(plan) + [
        t("import_row", row=w.row, text=w.reason.text(language())) for w in plan.warnings],
        rerun)
    _section("import_section_rejected", [
        t("import_row", row=r.row, text="; ".join(x.text(language()) for x in r.reasons))
        for r in plan.rejects], rerun, rejects_path)
    _say(t("import_section_summary"))
    created = [person_id for person_id, _ in result.created]
    if created:
        ids = created[0] if len(created) == 1 else f"{created[0]}–{created[-1]}"
        _say("  " + t("import_sum_created_dry" if result.dry_run else "import_sum_created",
                      n=len(created), ids=ids))
        if result.homeless:
            _say("  " + t("import_sum_homeless", n=len(result.homeless)))
        if result.inactive:
            _say("  " + t("import_sum_inactive", n=len(result.inactive), days=inactive_after))
    else:
        _say("  " + t("import_sum_none_dry" if result.dry_run else "import_sum_none"))
    if plan.duplicates:
        _say("  " + t("import_sum_duplicates", n=len(plan.duplicates)))
    if result.known:
        _say("  " + t("import_sum_known", n=len(result.known)))
    _summary_end(plan, rejects_path, result.dry_run, "import_sum_skipped")


def _summary_end(plan, rejects_path: Path | None, dry_run: bool, skipped_key: str) -> None:
    """The summary's last lines, the same for both imports: rejected, skipped, unused columns."""
    if plan.rejects:
        where = t("import_sum_rejected_file", path=str(rejects_path)) if rejects_path else \
            t("import_sum_rejected_nofile")
        _say("  " + t("import_sum_rejected", n=len(plan.rejects), where=where))
    if _not_blank(plan):
        _say("  " + t(skipped_key, n=len(_not_blank(plan))))
    if plan.ignored_columns:
        _say("  " + t("import_sum_ignored", columns=_quoted(plan.ignored_columns)))
    if dry_run:
        _say(t("import_dry_run_done"))


def _duplicate_line(plan: "ImportPlan", duplicate) -> str:
    """The rows that are one person, the row used, and the sheet's columns they differ in."""
    headers = {rule.field: rule.header for rule in plan.mapping.columns if rule.field}
    headers.setdefault("name", " + ".join(headers[f] for f in ("first_name", "last_name")
                                          if f in headers))
    differing = [headers[field] for field in duplicate.differing if headers.get(field)]
    text = duplicate.reason.text(language())
    return t("import_duplicate_differing", text=text, columns=_quoted(differing)) \
        if differing else text


def _known_line(known) -> str:
    rows = ", ".join(map(str, known.rows))
    reason = t("duplicate_" + known.reason)
    if known.from_row is not None:
        return t("import_known_here", rows=rows, id=known.id, row=known.from_row, reason=reason)
    line = t("import_known", rows=rows, id=known.id, reason=reason)
    if known.other_name:
        line += t("import_known_other_name", name=known.other_name)
    return line


def _in_terminal() -> bool:
    return sys.stdout.isatty()


def _missing_columns(plan: "ImportPlan | DwellingPlan") -> list[str]:
    """The warning that the mapping file names columns the sheet does not have."""
    if not plan.missing_columns:
        return []
    return [t("import_map_column_missing", columns=_quoted(plan.missing_columns))]


def _section(title_key: str, lines: list[str], rerun: str | None = None,
             in_file: Path | None = None) -> None:
    """A heading and its lines: every one in a pipe or a file (for less, grep or keeping); in a
    terminal at most IMPORT_LISTED_LINES, then how many more and where to see them all (the
    rejects workbook `in_file`, or the command `rerun`)."""
    if not lines:
        return
    _say(t(title_key, n=len(lines)))
    shown_lines = lines[:IMPORT_LISTED_LINES] if _in_terminal() else lines
    for line in shown_lines:
        _say("  " + inert(line))
    more = len(lines) - len(shown_lines)
    if more and in_file is not None:
        _say("  " + t("import_more_in_file", n=more, path=str(in_file)))
    elif more and rerun is not None:
        _say("  " + t("import_more_all", n=more, command=rerun))
    elif more:
        _say("  " + t("import_more", n=more))


class _Progress:
    """A rich progress bar on stderr, only in a terminal and only for a sheet of more than
    IMPORT_PROGRESS_ROWS rows (a small sheet is done before a bar could be read)."""

    def __init__(self, bar) -> None:
        self.bar = bar

    def reading(self, file: Path) -> None:
        if self.bar is not None:
            self.task = self.bar.add_task(t("progress_reading", file=file.name), total=None)

    def rows(self, key: str) -> Callable[[int, int], None] | None:
        if self.bar is None:
            return None
        bar, task = self.bar, None

        def update(done: int, total: int) -> None:
            nonlocal task
            if total <= IMPORT_PROGRESS_ROWS:
                return
            if task is None:
                bar.remove_task(self.task)
                task = self.task = bar.add_task(t(key), total=total)
            bar.update(task, completed=done)

        return update


@contextmanager
def _progress() -> Iterator[_Progress]:
    if not sys.stderr.isatty():
        yield _Progress(None)
        return
    from rich.progress import BarColumn, Progress, ProgressColumn, TextColumn, TimeElapsedColumn
    from rich.text import Text

    from boligreg.cli.output import console
    from boligreg.i18n import number

    class Counted(ProgressColumn):
        """«1 650/10 000» once the rows are counted; nothing while the file is read."""

        def render(self, task) -> Text:
            if task.total is None:
                return Text("")
            return Text(f"{number(int(task.completed))}/{number(int(task.total))}")

    with Progress(TextColumn("{task.description}"), BarColumn(), Counted(), TimeElapsedColumn(),
                  console=console(stderr=True), transient=True) as bar:
        yield _Progress(bar)


def import_dwelling_sheet(file: Path, *, sheet: str | None, header_row: int | None,
                          write_map: Path | None, map_file: Path | None, dry_run: bool,
                          rejects: Path | None, force: bool) -> None:
    """`boligreg dwelling import`: the municipality's list of its dwellings, through the same
    reading, mapping file and rejects workbook as the person list (cli/dwellings.py has the
    command and its options)."""
    from boligreg.files import write_private
    from boligreg.importing.mapping import read_map
    from boligreg.importing.planning import plan_dwellings
    from boligreg.importing.readers import read_sheet
    from boligreg.importing.rejects import rejects_workbook
    from boligreg.importing.vocabulary import DWELLING
    from boligreg.store.dwellings import import_dwellings

    reg = state.register()  # a caseworker's, as every dwelling command (domain/roles.py)
    rejects_path, writes_rejects = check_targets(file, map_file, write_map, rejects, dry_run,
                                                 force, sheet)
    mapping = read_map(map_file, DWELLING) if map_file else None
    with _progress() as progress:
        progress.reading(file)
        read = read_sheet(file, sheet)
        if write_map is not None:
            _write_map(read, write_map, header_row, mapping, force, DWELLING)
            if not dry_run:
                return
        plan = plan_dwellings(read, as_of=reg.today, header_row=header_row, mapping=mapping,
                              progress=progress.rows("progress_checking"))
        data = rejects_workbook(plan, plan.headers, language()) if plan.rejects and writes_rejects \
            else None
        outcome: list[DwellingImport] = []
        source = {"file": str(file.absolute()), "sheet": plan.sheet_name,
                  "header_row": plan.header_row,
                  "rows": len(plan.dwellings) + len(plan.rejects) + len(_not_blank(plan)),
                  "rejected": len(plan.rejects),
                  "rejects": str(rejects_path.absolute()) if data else None,
                  "skipped": len(_not_blank(plan))}

        def register() -> None:
            outcome.append(import_dwellings(reg, plan.dwellings, source=source, dry_run=dry_run))

        if data is not None and not dry_run:  # the file gets its name once the import is saved
            write_private(rejects_path, data, force=force, record=register)
        else:
            register()
            if data is not None:
                write_private(rejects_path, data, force=force)
    _show_dwellings(file, plan, outcome[0], rejects_path if data is not None else None)
    if plan.rejects:
        raise Findings("import_some_rejected_dry" if dry_run else "import_some_rejected",
                       n=len(plan.rejects),
                       path=str(rejects_path) if data is not None else "--rejects")


def _show_dwellings(file: Path, plan: "DwellingPlan", result: "DwellingImport",
                    rejects_path: Path | None) -> None:
    """What the dwelling import did, as _show says a person import's: the rows it could not
    take first, then the counts."""
    sheet = t("import_head_sheet", sheet=inert(plan.sheet_name)) if plan.sheet_name else ""
    _say(t("import_head_dry" if result.dry_run else "import_head", file=str(file), sheet=sheet,
          row=plan.header_row, date=show_date(plan.as_of or date.today())))
    _section("import_section_known", [
        t("import_dw_known_here", row=k.row, id=k.id, from_row=k.from_row)
        if k.from_row is not None else t("import_dw_known", row=k.row, id=k.id)
        for k in result.known])
    _section("import_dw_section_skipped", [
        t("import_row", row=s.row, text=s.reason.text(language())) for s in _not_blank(plan)])
    _section("import_section_warnings", _missing_columns(plan) + [
        t("import_row", row=w.row, text=w.reason.text(language())) for w in plan.warnings])
    _section("import_section_rejected", [
        t("import_row", row=r.row, text="; ".join(x.text(language()) for x in r.reasons))
        for r in plan.rejects], in_file=rejects_path)
    _say(t("import_section_summary"))
    created = result.created
    if created:
        ids = created[0] if len(created) == 1 else f"{created[0]}–{created[-1]}"
        _say("  " + t("import_dw_sum_created", n=len(created), ids=ids))
        if result.vacant:
            _say("  " + t("import_dw_sum_vacant", n=len(result.vacant)))
        if len(result.vacant) < len(created):
            _say("  " + t("import_dw_sum_let", n=len(created) - len(result.vacant)))
    else:
        _say("  " + t("import_dw_sum_none"))
    if result.known:
        _say("  " + t("import_dw_sum_known", n=len(result.known)))
    _summary_end(plan, rejects_path, result.dry_run, "import_dw_sum_skipped")
