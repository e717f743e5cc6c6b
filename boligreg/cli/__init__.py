"""The boligreg command line: one Typer app per noun, errors mapped to one line in one place.

A noun's commands are built when that noun is used: Typer builds every option of every command
it is given before the first line runs, and a command's start-up should not pay for the forty
others (bench/PROFILE.md)."""

import gc
import importlib
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any

import typer
from typer._click import exceptions as click_errors  # Typer's own copy of click
from typer._click.core import Command, Context
from typer.core import TyperOption

from boligreg.cli.help_language import LocalCommand, LocalGroup, LocalTyper
from boligreg.cli.options import number_option
from boligreg.cli.session import startup_language
from boligreg.errors import Aborted, BoligregError, Internal, Interrupted, InvalidInput
from boligreg.i18n import set_language, t
from boligreg.posix import private_files
from boligreg.settings import MAX_WIDTH, MIN_WIDTH

set_language(startup_language(sys.argv[1:]))  # before any help text below is built
_SURROGATE = re.compile("[\ud800-\udfff]")

NOUNS = {
    "meeting": ("boligreg.cli.meetings", "app", "help_meeting"),
    "person": ("boligreg.cli.persons", "app", "help_person"),
    "stay": ("boligreg.cli.stays", "app", "help_stay"),
    "plan": ("boligreg.cli.plans", "app", "help_plan"),
    "application": ("boligreg.cli.applications", "app", "help_application"),
    "contact": ("boligreg.cli.contacts", "app", "help_contact"),
    "log": ("boligreg.cli.log", "app", "help_log"),
    "config": ("boligreg.cli.config", "app", "help_config"),
    "user": ("boligreg.cli.users", "app", "help_user"),
    "dwelling": ("boligreg.cli.dwellings", "app", "help_dwelling"),
    "offer": ("boligreg.cli.dwellings", "offer_app", "help_offer"),
    "rental": ("boligreg.cli.rentals", "app", "help_rental"),
    "bolighefte": ("boligreg.cli.rentals", "bolighefte", "help_bolighefte"),
    "housing-first": ("boligreg.cli.housing_first", "app", "help_housing_first_group"),
    "import": ("boligreg.cli.imports", "app", "help_import_short"),
}
"""Noun → the module and attribute that hold its Typer app (or its one command), and its help:
built only when used. Typer builds every option of every command it is given before the first
line runs, and a command's start-up should not pay for the sixty others (bench/PROFILE.md)."""


def noun_group(name: str) -> Command:
    """One noun's commands (or its one command), built from its module."""
    module_name, attribute, help_key = NOUNS[name]
    target = getattr(importlib.import_module(module_name), attribute)
    if not isinstance(target, typer.Typer):  # a single command (bolighefte)
        single = LocalTyper(rich_markup_mode=None, add_completion=False)
        single.command(name, help=t(help_key))(target)
        command = typer.main.get_command(single)
        command.name = name
        return command
    if [c.name for c in target.registered_commands] == [name] and not target.registered_groups:
        command = typer.main.get_command(target)  # one command with its own help (import)
    else:
        command = typer.main.get_group(target)
    command.name = name
    return command


class BoligregGroup(LocalGroup):
    """The root command: every error a user can cause ends here as one line and an exit code."""

    def list_commands(self, ctx: Context) -> list[str]:
        names = super().list_commands(ctx)
        return [*names, *(name for name in NOUNS if name not in names)]

    def get_command(self, ctx: Context, cmd_name: str) -> Command | None:
        found = super().get_command(ctx, cmd_name)
        if found is None and cmd_name in NOUNS:
            found = self.commands[cmd_name] = noun_group(cmd_name)
        return found

    def format_commands(self, ctx: Context, formatter: Any) -> None:
        """The root's help names each noun by its help text, without building its commands."""
        built = dict(self.commands)
        for name, (_, _, key) in NOUNS.items():
            self.commands.setdefault(name, LocalCommand(name, help=t(key)))
        try:
            super().format_commands(ctx, formatter)
        finally:
            self.commands = built

    def invoke(self, ctx: Any) -> Any:
        # Typer would turn Ctrl-C into a silent exit 130; say it, as every other stop is said
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            raise Interrupted("err_aborted") from None
        except BrokenPipeError:  # the reader (head, a pager) stopped reading: not a failure,
            _quiet_stdout()  # though Typer, seeing it first, would exit 1
            return 0

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True,
             windows_expand_args: bool = True, **extra: Any) -> Any:
        private_files()  # every file the tool writes is readable by its owner only
        for param in self.params:  # Typer adds its completion options after the group is built
            if isinstance(param, TyperOption) and param.name in ("install_completion",
                                                                  "show_completion"):
                param.help = t("help_" + param.name)
        # No shell passes a NUL, but one in a path makes os.stat raise inside Typer's own checks
        given = sys.argv[1:] if args is None else args
        if any("\0" in arg for arg in given):
            sys.exit(_fail(InvalidInput("err_nul_argument")))
        # bytes that are not UTF-8 arrive as lone surrogates, which no output can print
        if any(_SURROGATE.search(arg) for arg in given):
            sys.exit(_fail(InvalidInput("err_bad_utf8")))
        try:
            result = super().main(args=args, prog_name=prog_name or "boligreg",
                                  complete_var=complete_var, standalone_mode=False,
                                  windows_expand_args=windows_expand_args, **extra)
            code = result if isinstance(result, int) else 0
        except click_errors.NoArgsIsHelpError as error:  # a noun alone: show its commands
            try:
                print(error.ctx.get_help() if error.ctx else "")
            except BrokenPipeError:  # `boligreg person | head -3`
                pass
            code = 0
        except BrokenPipeError:  # the reader (head, a pager) stopped reading: not a failure
            code = 0
        except Exception as error:  # noqa: BLE001 — mapped to one line, never a traceback
            code = _fail(as_failure(error))
        except KeyboardInterrupt:  # one outside Typer's own try (invoke turns the rest into Interrupted)
            code = _fail(Interrupted("err_aborted"))
        sys.exit(code)


def _quiet_stdout() -> None:
    """After a broken pipe, send what is left to /dev/null, so the final flush is silent."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


def as_failure(error: Exception) -> BoligregError:
    """The one map from whatever a command raised to the register's own errors (errors.py)."""
    import sqlite3

    if isinstance(error, BoligregError):
        return error
    if isinstance(error, sqlite3.Error):
        from boligreg.cli.session import state
        from boligreg.store.connection import translate_sqlite_error

        return translate_sqlite_error(error, state.db_path)
    if isinstance(error, typer.Abort):
        return Aborted("aborted_nothing_changed")
    if isinstance(error, click_errors.UsageError):
        return InvalidInput("err_usage", detail=_usage_message(error))
    if isinstance(error, typer.TyperException):  # Typer's other errors (files we never take)
        return InvalidInput("err_usage", detail=error.format_message())
    if isinstance(error, OSError):
        from boligreg.files import os_error

        return os_error(error)
    if isinstance(error, UnicodeEncodeError) and "surrogate" in str(error.reason):
        # a stored byte that is no UTF-8 (read escaped, store.connection) written back (undo)
        from boligreg.cli.session import state
        from boligreg.errors import RegisterDamaged

        return RegisterDamaged("err_stored_text", path=str(state.db_path or ""))
    if isinstance(error, UnicodeDecodeError):  # SQLite's message about a corrupted schema text
        from boligreg.cli.session import state
        from boligreg.errors import RegisterDamaged

        return RegisterDamaged("err_damaged", path=str(state.db_path or ""))
    if os.environ.get("BOLIGREG_DEBUG"):
        raise error
    return Internal("err_internal", detail=type(error).__name__)


def _fail(error: BoligregError) -> int:
    message = t(error.key, **error.args_)
    from boligreg.domain.text import shown

    # a question answered no is the person's choice, not an error: no "Feil:" before it
    prefix = "" if isinstance(error, Aborted) else t("error_prefix") + " "
    print(prefix + shown(" ".join(message.split())), file=sys.stderr)
    return error.exit_code


def _usage_message(error: click_errors.UsageError) -> str:
    """Typer's usage errors in the user's language (Typer's own text is English)."""
    param = getattr(error, "param", None)
    hint = getattr(error, "param_hint", None) or (param.get_error_hint(error.ctx) if param and error.ctx else "")
    if isinstance(error, click_errors.MissingParameter):
        return t("err_missing_param", param=hint)
    if isinstance(error, click_errors.NoSuchOption):
        return t("err_no_such_option", name=error.option_name)
    if isinstance(error, click_errors.BadOptionUsage):  # "Option '--date' requires an argument."
        return t("err_option_needs_value", name=error.option_name)
    if error.message.startswith("Got unexpected extra argument"):  # Typer's own words
        extra = error.message.partition("(")[2].rstrip(")")
        return t("err_extra_arguments", args=extra)
    if isinstance(error, click_errors.BadParameter):
        choices = getattr(param.type, "choices", None) if param else None
        if choices:  # Typer's English "'x' is not one of ..."
            return t("err_choice", param=hint, valid=", ".join(str(c) for c in choices))
        return t("err_bad_param", param=hint, detail=error.message)
    return t("err_usage", detail=error.format_message())


app = LocalTyper(
    cls=BoligregGroup,
    help=t("help_app"),
    no_args_is_help=True,
    add_completion=True,  # Typer's own --install-completion for bash, zsh, fish (ids and codes: options.py)
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help: see command_group
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _show_version(value: bool) -> None:
    if value:
        from boligreg import __version__

        print(f"boligreg {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    db: Annotated[
        Path | None, typer.Option("--db", envvar="BOLIGREG_DB", metavar=t("metavar_file"), help=t("help_db"))
    ] = None,
    lang: Annotated[
        str | None, typer.Option("--lang", envvar="BOLIGREG_LANG", metavar="nb|nn|en", help=t("help_lang"))
    ] = None,
    width: Annotated[
        int | None, number_option("--width", low=MIN_WIDTH, high=MAX_WIDTH, help_key="help_width")
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_show_version, is_eager=True, help=t("help_version"))
    ] = False,
) -> None:
    from boligreg.cli.session import state

    state.db_path = db
    state.width = width
    state.language_chosen = lang is not None
    if lang is not None:
        from boligreg.i18n import language_named
        from boligreg.locale import LANGUAGES

        named = language_named(lang)
        if named is None:
            raise InvalidInput("err_language", value=lang[:40], valid=", ".join(LANGUAGES))
        set_language(named)


def _register_commands() -> None:
    """The commands that are no noun; the nouns (NOUNS) come when used."""
    from boligreg.cli import admin, backups, doctor, purge, reports, status, undo

    app.command("status", help=t("help_status"))(status.status)
    app.add_typer(reports.app, name="report")
    app.command("export", help=t("help_export"))(reports.export)
    app.command("init", help=t("help_init"))(admin.init)
    app.command("demo", help=t("help_demo"))(admin.demo)
    app.command("doctor", help=t("help_doctor"))(doctor.doctor)
    app.command("backup", help=t("help_backup"))(backups.backup)
    app.command("restore", help=t("help_restore"))(backups.restore)
    app.command("purge", help=t("help_purge"))(purge.purge)
    app.command("undo", help=t("help_undo"))(undo.undo)


_register_commands()


def main() -> None:
    """The installed `boligreg` command. One process runs one command and exits, and the records
    it builds hold no reference cycles, so Python's cycle collector would only walk them again
    and again as they pile up: a bulk read (report, export, status) is faster without it
    (bench/PROFILE.md). Memory is still freed as records go out of use."""
    gc.disable()
    typer.main.get_command(app).main(prog_name="boligreg")
