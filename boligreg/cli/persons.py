"""boligreg person …: register, change, show, list and find persons; record an exit."""

import sys
from datetime import date
from typing import TYPE_CHECKING, Annotated

import typer

from boligreg.cli.help_language import command_group
from boligreg.cli.options import (
    CsvDialect,
    CsvDialectOpt,
    DateOpt,
    Format,
    FormatOpt,
    PersonId,
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
    from boligreg.reports.lists import PersonRow

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
    release: Annotated[date | None, date_option("--release", help_key="help_release")] = None,
    place: Annotated[str | None, typer.Option("--place", help=t("help_place"))] = None,
) -> None:
    from boligreg.store.persons import add_person, needs_from

    reg = state.register()
    person_id = add_person(
        reg, situation=situation, since=since, name=name, alias=alias, fnr=fnr, born=born,
        gender=gender, children=children, caseworker=caseworker, phone=phone, consent=consent,
        wants_housing=wants_housing, release=release, place=place, **needs_from(needs),
    )
    done(t("done_person_added", id=person_id))


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
) -> None:
    from boligreg.store.persons import needs_from, update_person

    reg = state.register()
    changes = update_person(
        reg, person_id, name=name, alias=alias, fnr=fnr, born=born, gender=gender,
        children=children, caseworker=caseworker, phone=phone, consent=consent,
        wants_housing=wants_housing, **needs_from(needs),
    )
    if not changes:
        done(t("done_nothing_changed", id=person_id.upper()))
        return
    done(t("done_person_updated", id=person_id.upper(), fields=field_names(changes)))


FIELD_LABELS = {"name": "col_name", "alias": "col_alias", "fnr": "col_fnr", "born": "col_born",
                "gender": "col_gender", "children": "col_children", "caseworker": "col_caseworker",
                "phone": "col_phone", "consent": "col_consent", "wants_housing": "col_wants_housing",
                **{f"need_{need.value}": "col_needs_lower" for need in codes.Need}}
"""The person's fields in the reader's words; the four needs are one answer, "needs", and
birth_year follows born and is not named."""


def field_names(changes: dict) -> str:
    labels = dict.fromkeys(t(FIELD_LABELS[field]) for field in changes if field in FIELD_LABELS)
    return ", ".join(label[:1].lower() + label[1:] for label in labels)


@app.command("show", help=t("help_person_show"))
def show(
    person_id: PersonId,
    sensitive: Annotated[bool, typer.Option("--sensitive", help=t("help_sensitive"))] = False,
) -> None:
    from boligreg.cli.card import person_card
    from boligreg.cli.output import terminal_width
    from boligreg.store.persons import read_person

    reg = state.register()
    history = read_person(reg, person_id, sensitive=sensitive)
    lines = person_card(history, reg.today, reg.settings.inactive_after_days, sensitive,
                        terminal_width())
    from boligreg.cli.card import housing_lines
    from boligreg.store.housing_reads import addresses, participations

    homes = addresses(reg, (s.dwelling_id for s in history.stays if s.dwelling_id))
    lines += housing_lines(history, participations(reg, [history.person.id]).get(history.person.id, []),
                           homes, reg.today)
    sys.stdout.write("\n".join(lines) + "\n")


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

    wanted = {"homeless"} if not (housed or inactive or all_) or homeless else set()
    if housed:
        wanted.add("housed")
    if inactive:
        wanted.add("inactive")
    rows = list_persons(state.register(), None if all_ else wanted)
    print_persons(rows, fmt, dialect)


def print_persons(rows: list["PersonRow"], fmt: Format = Format.TABLE,
                  dialect: CsvDialect | None = None) -> None:
    """Plain padded lines (cli/text_table.py), as status prints, so a thousand persons print
    at once; the name column shrinks to fit a narrow terminal. JSON keeps English keys; CSV is
    in the reader's words (cli/output.write_csv)."""
    from dataclasses import asdict

    from boligreg.cli.output import terminal_width, write_csv, write_json
    from boligreg.cli.text_table import table_lines
    from boligreg.domain.dates import show_date

    if fmt == Format.JSON:
        write_json(asdict(row) for row in rows)
        return
    headers = [t("col_" + key) for key in LIST_KEYS]
    if fmt == Format.CSV:
        write_csv(headers, ([row.id, row.name, row.fnr, row.age, t("state_" + row.state),
                             row.situation, row.since, row.caseworker] for row in rows),
                  CsvDialect.for_language(dialect))
        return
    cells = [
        [row.id, row.name, row.fnr, "" if row.age is None else str(row.age),
         t("state_" + row.state), row.situation or "", show_date(row.since), row.caseworker or ""]
        for row in rows
    ]
    lines = table_lines(headers, cells, terminal_width(), flexible=(1, 7))
    sys.stdout.write("\n".join([*lines, t("count_persons", n=len(rows))]) + "\n")


@app.command("find", help=t("help_person_find"))
def find(text: Annotated[str, typer.Argument(metavar=t("metavar_text"), help=t("help_find_text"))]) -> None:
    from boligreg.errors import Findings
    from boligreg.reports.lists import person_rows
    from boligreg.store.persons import find_persons

    reg = state.register()
    persons = find_persons(reg, text)
    if not persons:
        print(t("none_found", text=text))
        raise typer.Exit(Findings.exit_code)
    histories = reg.histories([p.id for p in persons])
    print_persons(person_rows(histories, reg.today, reg.settings.inactive_after_days))

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

