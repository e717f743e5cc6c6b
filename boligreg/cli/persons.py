"""boligreg person …: register, change, show, list and find persons; record an exit; find
duplicates, merge two records of one person, delete one registered by mistake."""

import os
import sys
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from boligreg.cli import output
from boligreg.cli.help_language import command_group
from boligreg.cli.options import (
    CsvDialect,
    CsvDialectOpt,
    DateOpt,
    Format,
    FormatOpt,
    PersonId,
    ReasonOpt,
    code_list,
    code_option,
    date_option,
    number_option,
    words_for,
)
from boligreg.cli.output import done
from boligreg.cli.session import state
from boligreg.domain import codes
from boligreg.i18n import language, t

if TYPE_CHECKING:
    from boligreg.domain.models import Person
    from boligreg.reports.lists import PersonRow
    from boligreg.store.persons import Deletion
    from boligreg.store.register import Register

app = command_group("help_person", no_args_is_help=True)

Name = Annotated[str | None, typer.Option("--name", help=t("help_name"))]
Alias = Annotated[str | None, typer.Option("--alias", help=t("help_alias"))]
Fnr = Annotated[str | None, typer.Option("--fnr", help=t("help_fnr"))]
Born = Annotated[date | None, date_option("--born", help_key="help_born")]
GenderOpt = Annotated[codes.Gender | None, code_option(codes.Gender, "--gender", help_key="help_gender")]
Children = Annotated[int | None, number_option("--children", low=0, high=30, help_key="help_children")]
Needs = Annotated[
    list | None,
    typer.Option("--needs", parser=code_list(codes.Need), metavar="rus,psykisk,…",
                 help=t("help_needs", choices=", ".join(words_for(n, language())[0] for n in codes.Need))),
]
Caseworker = Annotated[str | None, typer.Option("--caseworker", help=t("help_caseworker"))]
Phone = Annotated[str | None, typer.Option("--phone", help=t("help_phone"))]
Consent = Annotated[date | None, date_option("--consent", help_key="help_consent")]
KnownSince = Annotated[date | None, date_option("--known-since", help_key="help_known_since")]
# What the national homelessness survey asks (report survey); not given is unknown
BornAbroad = Annotated[
    bool | None, typer.Option("--born-abroad/--born-in-norway", help=t("help_born_abroad"))
]
ChildrenLivingWith = Annotated[
    bool | None,
    typer.Option("--children-living-with/--children-living-apart", help=t("help_children_living_with")),
]
IncomeOpt = Annotated[codes.Income | None, code_option(codes.Income, "--income", help_key="help_income")]
Evicted = Annotated[date | None, date_option("--evicted", help_key="help_evicted")]


class SurveyField(StrEnum):
    """The survey's fields by their option names, for `person update --unknown`."""

    BORN_ABROAD = "born-abroad"
    CHILDREN_LIVING_WITH = "children-living-with"
    INCOME = "income"
    EVICTED = "evicted"


Unknown = Annotated[
    list | None,
    typer.Option("--unknown", parser=code_list(SurveyField), metavar="born-abroad,income,…",
                 help=t("help_unknown_fields", fields=", ".join(f.value for f in SurveyField))),
]


@app.command("add", help=t("help_person_add"))
def add(
    situation: Annotated[
        codes.Situation, code_option(codes.Situation, "--situation", help_key="help_situation")
    ],
    since: Annotated[date, date_option("--since", help_key="help_since")],
    name: Name = None,
    alias: Alias = None,
    fnr: Fnr = None,
    born: Born = None,
    gender: GenderOpt = None,
    children: Children = None,
    needs: Needs = None,
    caseworker: Caseworker = None,
    phone: Phone = None,
    consent: Consent = None,
    wants_housing: Annotated[
        bool, typer.Option("--wants-housing/--no-wants-housing", help=t("help_wants_housing"),
                           show_default=False)
    ] = True,
    release: Annotated[date | None, date_option("--release", help_key="help_release", far=True)] = None,
    place: Annotated[str | None, typer.Option("--place", help=t("help_place"))] = None,
    known_since: KnownSince = None,
    born_abroad: BornAbroad = None,
    children_living_with: ChildrenLivingWith = None,
    income: IncomeOpt = None,
    evicted: Evicted = None,
    new_person: Annotated[bool, typer.Option("--new-person", help=t("help_new_person"))] = False,
) -> None:
    from boligreg.errors import Aborted, InvalidInput, LikelyDuplicate
    from boligreg.store.persons import add_person, needs_from

    reg = state.register()

    def register(sure: bool) -> str:
        return add_person(
            reg, situation=situation, since=since, name=name, alias=alias, fnr=fnr, born=born,
            gender=gender, children=children, caseworker=caseworker, phone=phone, consent=consent,
            wants_housing=wants_housing, release=release, place=place, known_since=known_since,
            born_abroad=born_abroad, children_living_with=children_living_with, income=income,
            evicted=evicted,
            new_person=sure, **needs_from(needs),
        )

    try:
        person_id = register(new_person)
    except LikelyDuplicate as found:
        listed = "; ".join(duplicate_text(p, reason) for p, reason in found.found)
        if not output.interactive():  # a script says what it means: --new-person
            raise InvalidInput("err_likely_duplicate", candidates=listed) from None
        print(t("duplicate_warning"), file=sys.stderr)
        for person, reason in found.found:
            print(f"  {duplicate_text(person, reason)}", file=sys.stderr)
        if not output.confirm(t("duplicate_question")):
            raise Aborted("aborted_nothing_changed") from None
        person_id = register(True)
    done(t("done_person_added", id=person_id))


def duplicate_text(person: "Person", reason: str) -> str:
    """One candidate as the warning names it: id, name (shown inert), why."""
    from boligreg.domain.text import shown as inert

    return f"{person.id} {inert(person.display_name)} ({t('duplicate_' + reason)})"


@app.command("update", help=t("help_person_update"))
def update(
    person_id: PersonId,
    name: Name = None,
    alias: Alias = None,
    fnr: Fnr = None,
    born: Born = None,
    gender: GenderOpt = None,
    children: Children = None,
    needs: Needs = None,
    caseworker: Caseworker = None,
    phone: Phone = None,
    consent: Consent = None,
    wants_housing: Annotated[
        bool | None,
        typer.Option("--wants-housing/--no-wants-housing", help=t("help_wants_housing")),
    ] = None,
    known_since: KnownSince = None,
    born_abroad: BornAbroad = None,
    children_living_with: ChildrenLivingWith = None,
    income: IncomeOpt = None,
    evicted: Evicted = None,
    unknown: Unknown = None,
) -> None:
    from boligreg.store.persons import needs_from, update_person

    reg = state.register()
    changes = update_person(
        reg, person_id, name=name, alias=alias, fnr=fnr, born=born, gender=gender,
        children=children, caseworker=caseworker, phone=phone, consent=consent,
        wants_housing=wants_housing, known_since=known_since, born_abroad=born_abroad,
        children_living_with=children_living_with, income=income, evicted=evicted,
        unknown=[field.value.replace("-", "_") for field in unknown or []], **needs_from(needs),
    )
    if not changes:
        done(t("done_nothing_changed", id=person_id.upper()))
        return
    done(t("done_person_updated", id=person_id.upper(), fields=field_names(changes)))


FIELD_LABELS = {"name": "col_name", "alias": "col_alias", "fnr": "col_fnr", "born": "col_born",
                "gender": "col_gender", "children": "col_children", "caseworker": "col_caseworker",
                "phone": "col_phone", "consent": "col_consent", "wants_housing": "col_wants_housing",
                "born_abroad": "col_born_abroad", "children_living_with": "col_children_living_with",
                "income": "col_income", "evicted": "col_evicted", "known_since": "col_known_since",
                **{f"need_{need.value}": "col_needs_lower" for need in codes.Need}}
"""The person's fields in the reader's words; the four needs are one answer, "needs", and
birth_year follows born and is not named."""


def field_names(changes: dict) -> str:
    labels = dict.fromkeys(t(FIELD_LABELS[field]) for field in changes if field in FIELD_LABELS)
    return ", ".join(label[:1].lower() + label[1:] for label in labels)


def _known_id(reg: "Register", person_id: str) -> str | None:
    """The id of a person the register holds (a merged or deleted record's too), else None."""
    from boligreg.errors import NotFound

    try:
        return reg.person(person_id, pointer_ok=True).id
    except NotFound:
        return None


@app.command("show", help=t("help_person_show"))
def show(
    person_id: PersonId,
    sensitive: Annotated[bool, typer.Option("--sensitive", help=t("help_sensitive"))] = False,
    print_to: Annotated[
        Path | None, typer.Option("--print", metavar=t("metavar_html"), help=t("help_person_print"))
    ] = None,
    force: Annotated[bool, typer.Option("--force", help=t("help_force"))] = False,
) -> None:
    from boligreg.domain.text import shown
    from boligreg.reports.card import person_card
    from boligreg.store.persons import merged_from, read_person

    reg = state.register()
    if sensitive:  # a refusal is logged with the person asked about (log --person shows it)
        reg.require("sensitive", "person show", person_id=_known_id(reg, person_id))
    if print_to is not None:
        from boligreg.files import check_target

        check_target(print_to, force, suffix=".html")  # before the read is logged
    history, pointer = read_person(reg, person_id, sensitive=sensitive,
                                   file=None if print_to is None else os.path.abspath(print_to))
    from boligreg.store.housing_reads import addresses, participations

    homes = addresses(reg, (s.dwelling_id for s in history.stays if s.dwelling_id))
    card = person_card(history, reg.today, reg.settings.inactive_after_days, sensitive,
                       participations(reg, [history.person.id]).get(history.person.id, []), homes,
                       merged_from(reg, history.person.id))
    if print_to is not None:
        from boligreg.reports.printout import write_card_html

        write_card_html(card, reg.settings.municipality, reg.today, print_to, force=force)
        done(t("done_print", path=shown(str(print_to))))
        return
    from boligreg.cli.card import card_lines
    from boligreg.cli.output import screen, write
    from boligreg.cli.text_table import paragraph

    where = screen()
    lines = card_lines(card, where.width, where.page)
    if pointer is not None:  # an id from old minutes: it leads to the person it now is
        lines = [*paragraph(t("merged_pointer", id=pointer.id, into=history.person.id), where.width), [], *lines]
    write(lines, where)


LIST_KEYS = ("id", "name", "fnr", "age", "state", "situation", "since", "caseworker")
"""The columns of `person list` and `find`, and the keys of their CSV and JSON."""


@app.command("list", help=t("help_person_list"))
def list_(
    homeless: Annotated[bool, typer.Option("--homeless", help=t("help_list_homeless"))] = False,
    housed: Annotated[bool, typer.Option("--housed", help=t("help_list_housed"))] = False,
    inactive: Annotated[bool, typer.Option("--inactive", help=t("help_list_inactive"))] = False,
    all_: Annotated[bool, typer.Option("--all", help=t("help_list_all"))] = False,
    fmt: FormatOpt = Format.TABLE,
    dialect: CsvDialectOpt = None,
) -> None:
    from boligreg.reports.lists import list_persons
    from boligreg.store.reads import log_read

    wanted = {"homeless"} if not (housed or inactive or all_) or homeless else set()
    if housed:
        wanted.add("housed")
    if inactive:
        wanted.add("inactive")
    reg = state.register()
    rows = list_persons(reg, None if all_ else wanted)
    log_read(reg, "person list", "person-list", persons=len(rows),
             states="all" if all_ else ",".join(sorted(wanted)), format=fmt.value)
    print_persons(rows, fmt, dialect)


LIST_LAYOUT: dict[str, dict] = {
    "id": {"wrap": False},
    "name": {"give": 9, "name": True},  # gives up width last, and wraps rather than being cut
    "fnr": {"wrap": False},  # masked, never broken
    "age": {"right": True, "wrap": False},
    "state": {"give": 3},  # "i institusjon/fengsel" wraps
    "situation": {"give": 4},  # the code and the date since
    "caseworker": {"give": 1, "fold": 1},  # first to wrap, and onto a second line if need be
}
"""The columns of `person list` and `find` in a terminal, and how each behaves when the width
is short (cli/text_table.py)."""


def print_persons(rows: list["PersonRow"], fmt: Format = Format.TABLE,
                  dialect: CsvDialect | None = None) -> None:
    """The persons laid out to the screen's width by cli/text_table.py, as status is: a
    thousand persons print at once. The situation shows its date as on the status list; when
    every person is in one state, the count line says it once instead of a column. JSON keeps
    English keys; CSV is in the reader's words (cli/output.write_csv)."""
    from dataclasses import asdict

    from boligreg.cli.output import screen, write, write_csv, write_json
    from boligreg.cli.text_table import Column, paragraph, table
    from boligreg.domain.dates import show_date
    from boligreg.reports.status_text import unbroken

    if fmt == Format.JSON:
        write_json(asdict(row) for row in rows)
        return
    headers = [t("col_" + key) for key in LIST_KEYS]
    if fmt == Format.CSV:
        write_csv(headers, ([row.id, row.name, row.fnr, row.age, t("state_" + row.state),
                             row.situation, row.since, row.caseworker] for row in rows),
                  CsvDialect.for_language(dialect))
        return
    states = {row.state for row in rows}
    one_state = len(rows) > 1 and len(states) == 1
    keys = [k for k in LIST_LAYOUT if k != "state" or not one_state]
    cells = []
    for row in rows:
        values = {"id": row.id, "name": row.name, "fnr": unbroken(row.fnr or ""),
                  "age": "" if row.age is None else str(row.age), "state": t("state_" + row.state),
                  "situation": f"{row.situation or ''} {show_date(row.since)}".strip(),
                  "caseworker": row.caseworker or ""}
        cells.append([values[k] for k in keys])
    columns = [Column(t("col_" + key), **LIST_LAYOUT[key]) for key in keys]
    count = t("count_persons", n=len(rows))
    if one_state:
        count = t("count_persons_state", n=len(rows), state=t("state_" + states.pop()))
    where = screen()
    write([*table(columns, cells, where.width, where.page), *paragraph(count, where.width)], where)


@app.command("find", help=t("help_person_find"))
def find(text: Annotated[str, typer.Argument(metavar=t("metavar_text"), help=t("help_find_text"))]) -> None:
    from boligreg.errors import Findings
    from boligreg.reports.lists import person_rows
    from boligreg.store.persons import find_persons
    from boligreg.store.reads import log_read

    reg = state.register()
    found = find_persons(reg, text)
    # a merged record's id or old name leads to the person it now is: "P0007 → P0001"
    pointers = reg.pointers() if any(p.merged_into for p in found) else {}
    direct = {p.id for p in found if not p.merged_into}
    via: dict[str, str] = {}
    for person in found:
        into = pointers.get(person.id) if person.merged_into else None
        if into and into not in direct:
            via.setdefault(into, person.id)
    ids = direct | set(via)
    log_read(reg, "person find", "person-list", persons=len(ids))  # the count, not the search
    if not ids:
        from boligreg.cli.output import say

        say(t("none_found", text=text))
        raise typer.Exit(Findings.exit_code)
    rows = person_rows(reg.histories(sorted(ids)), reg.today, reg.settings.inactive_after_days)
    for row in rows:
        if row.id in via:
            row.id = f"{via[row.id]} → {row.id}"
    print_persons(rows)

@app.command("exit", help=t("help_person_exit"))
def exit_(
    person_id: PersonId,
    reason: Annotated[
        codes.ExitReason, code_option(codes.ExitReason, "--reason", help_key="help_exit_reason")
    ],
    day: DateOpt = None,
) -> None:
    from boligreg.store.persons import exit_person

    reg = state.register()
    exit_person(reg, person_id, reason, day or reg.today)
    done(t("done_exit", id=person_id.upper(), reason=t("exit_" + reason.value)))



@app.command("duplicates", help=t("help_person_duplicates"))
def duplicates() -> None:
    from boligreg.cli.output import say, write_table
    from boligreg.store.persons import all_duplicates
    from boligreg.store.reads import log_read

    reg = state.register()
    pairs = all_duplicates(reg)
    # names are shown: a read of the person list, logged with its counts before anything shows
    log_read(reg, "person duplicates", "person-list",
             persons=len({p.id for pair in pairs for p in pair[:2]}))
    if pairs:
        write_table([t("col_id"), t("col_name"), t("col_id"), t("col_name"), t("col_duplicate_why")],
                    [[a.id, a.display_name, b.id, b.display_name, t("duplicate_" + reason)]
                     for a, b, reason in pairs], fixed=(0, 2))
    say(t("count_pairs", n=len(pairs)))


Yes = Annotated[bool, typer.Option("--yes", help=t("help_yes"))]


@app.command("merge", help=t("help_person_merge"))
def merge(
    person_id: PersonId,
    into: Annotated[str, typer.Option("--into", metavar="ID", help=t("help_merge_into"))],
    reason: ReasonOpt,
    yes: Yes = False,
) -> None:
    from boligreg.store.guards import reason_text
    from boligreg.store.merge import merge_pair, merge_persons

    reg = state.register()
    histories = merge_pair(reg, person_id, into)  # refused before anything is asked
    source, target = (history.person for history in histories)
    reason_text(reason)
    if not yes and output.interactive():
        from boligreg.domain.dates import show_date
        from boligreg.domain.fnr import mask_fnr
        from boligreg.store.reads import log_read

        log_read(reg, "person merge", f"person:{source.id}", source.id, sensitive=True)
        log_read(reg, "person merge", f"person:{target.id}", target.id, sensitive=True)
        rows = []
        for history in histories:
            person = history.person
            born = show_date(person.born) if person.born else str(person.birth_year or "")
            rows.append([person.id, person.display_name, mask_fnr(person.fnr), born,
                         str(len(history.stays))])
        output.warn(t("merge_preview", id=source.id, into=target.id))
        output.warn_table([t(k) for k in ("col_id", "col_name", "col_fnr", "col_born", "col_stays")],
                          rows, fixed=(0, 2, 3, 4))
    output.confirmed(t("merge_question", id=source.id, into=target.id), yes, "err_merge_confirm",
                     id=source.id, into=target.id)
    merged = merge_persons(reg, source.id, target.id, reason)
    done(t("done_merged", id=merged.source, into=merged.target,
           stays=merged.moved.get("stay", 0), twice=len(merged.twice),
           others=sum(n for k, n in merged.moved.items() if k != "stay")))


@app.command("delete", help=t("help_person_delete"))
def delete(
    person_id: PersonId,
    reason: ReasonOpt,
    force: Annotated[bool, typer.Option("--force", help=t("help_delete_force"))] = False,
    yes: Yes = False,
) -> None:
    from boligreg.store.persons import delete_person

    reg = state.register()
    if force:
        reg.require("force-delete", "person delete")
    from boligreg.store.guards import reason_text
    from boligreg.store.persons import deletion

    going = deletion(reg, person_id, force)  # refused before anything is asked
    reason_text(reason)
    person = going.history.person
    if not yes and output.interactive():
        from boligreg.store.reads import log_read

        log_read(reg, "person delete", f"person:{person.id}", person.id)
        for number, line in enumerate(deletion_text(going)):  # each line inert, none escaped
            output.warn(("  " if number else "") + line)
    output.confirmed(t("delete_question", id=person.id), yes, "err_delete_confirm", id=person.id)
    delete_person(reg, person.id, reason, force=force)
    done(t("done_person_deleted", id=person.id))


def deletion_text(going: "Deletion") -> list[str]:
    """What a deletion takes, as the question shows it: who, their records, the contacts others
    recorded, the meeting that listed them, the moves into housing a report has counted."""
    from boligreg.domain.dates import show_date
    from boligreg.domain.fnr import mask_fnr

    history = going.history
    person = history.person
    who = person.display_name + (f" ({mask_fnr(person.fnr)})" if person.fnr else "")
    records = [t(key, n=n) for key, n in (
        ("count_stays", len(history.stays)), ("count_applications", len(history.applications)),
        ("count_contacts", len(history.contacts)), ("count_steps", len(history.steps))) if n]
    lines = [t("delete_preview", id=person.id, who=who, records=", ".join(records) or "–")]
    if going.contacts_by_others:
        lines.append(t("delete_others", n=sum(going.contacts_by_others.values()),
                       names=", ".join(sorted(going.contacts_by_others))))
    if going.listed:
        lines.append(t("delete_listed", date=show_date(going.listed)))
    for day, code in going.housed:
        lines.append(t("delete_housed", date=show_date(day), code=code))
    return lines
