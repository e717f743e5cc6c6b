"""The boligreg command line: one Typer app per noun, errors mapped to one line in one place."""

import gc
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any

import typer
from typer._click import exceptions as click_errors  # Typer's own copy of click

from boligreg.cli.help_language import LocalCommand, LocalGroup, LocalTyper
from boligreg.cli.session import startup_language
from boligreg.errors import Aborted, BoligregError, Internal, Interrupted, InvalidInput
from boligreg.i18n import set_language, t
from boligreg.posix import private_files

set_language(startup_language(sys.argv[1:]))  # before any help text below is built

LAZY = {
    "dwelling": ("boligreg.cli.dwellings", "app", "help_dwelling"),
    "offer": ("boligreg.cli.dwellings", "offer_app", "help_offer"),
    "rental": ("boligreg.cli.rentals", "app", "help_rental"),
    "bolighefte": ("boligreg.cli.rentals", "bolighefte", "help_bolighefte"),
    "housing-first": ("boligreg.cli.housing_first", "app", "help_housing_first_group"),
}
"""Nouns whose commands are built only when one of them runs (name → module, attribute, help):
Typer builds every command's parameters whenever any command starts, and the housing side's
twenty-one commands would make `status`, `person show` and `--help` start slower."""


class BoligregGroup(LocalGroup):
    """The root command: every error a user can cause ends here as one line and an exit code."""

    _listing = False  # formatting --help: the lazy nouns stand in by name and help text

    def list_commands(self, ctx: Any) -> list[str]:
        return [*super().list_commands(ctx), *(name for name in LAZY if name not in self.commands)]

    def get_command(self, ctx: Any, name: str) -> Any:
        found = super().get_command(ctx, name)
        if found is not None or name not in LAZY:
            return found
        module_name, attribute, help_key = LAZY[name]
        if self._listing:  # a stand-in with the noun's help, which is all the listing reads
            return LocalCommand(name, help=t(help_key))
        import importlib

        target = getattr(importlib.import_module(module_name), attribute)
        if not isinstance(target, typer.Typer):  # a single command
            single = LocalTyper(rich_markup_mode=None, add_completion=False)
            single.command(name, help=t(help_key))(target)
            target = single
        command = typer.main.get_command(target)
        command.name = name
        self.add_command(command, name)
        return command

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        self._listing = True
        try:
            super().format_commands(ctx, formatter)
        finally:
            self._listing = False

    def invoke(self, ctx: Any) -> Any:
        # Typer would turn Ctrl-C into a silent exit 130; say it, as every other stop is said
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            raise Interrupted("err_aborted") from None

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True,
             windows_expand_args: bool = True, **extra: Any) -> Any:
        private_files()  # every file the tool writes is readable by its owner only
        # No shell passes a NUL, but one in a path makes os.stat raise inside Typer's own checks
        if any("\0" in arg for arg in (sys.argv[1:] if args is None else args)):
            sys.exit(_fail(InvalidInput("err_nul_argument")))
        try:
            result = super().main(args=args, prog_name=prog_name or "boligreg",
                                  complete_var=complete_var, standalone_mode=False,
                                  windows_expand_args=windows_expand_args, **extra)
            code = result if isinstance(result, int) else 0
        except click_errors.NoArgsIsHelpError as error:  # a noun alone: show its commands
            print(error.ctx.get_help() if error.ctx else "")
            code = 0
        except BrokenPipeError:  # the reader (head, a pager) stopped reading: not a failure
            code = 0
        except Exception as error:  # noqa: BLE001 — mapped to one line, never a traceback
            code = _fail(as_failure(error))
        except KeyboardInterrupt:  # one outside Typer's own try (invoke turns the rest into Interrupted)
            code = _fail(Interrupted("err_aborted"))
        sys.exit(code)


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
        return Aborted("err_aborted")
    if isinstance(error, click_errors.UsageError):
        return InvalidInput("err_usage", detail=_usage_message(error))
    if isinstance(error, typer.TyperException):  # Typer's other errors (files we never take)
        return InvalidInput("err_usage", detail=error.format_message())
    if isinstance(error, OSError):
        from boligreg.files import os_error

        return os_error(error)
    if os.environ.get("BOLIGREG_DEBUG"):
        raise error
    return Internal("err_internal", detail=type(error).__name__)


def _fail(error: BoligregError) -> int:
    message = t(error.key, **error.args_)
    print(t("error_prefix") + " " + " ".join(message.split()), file=sys.stderr)
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
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help: see command_group
    context_settings={"help_option_names": ["-h", "--help"]},
)


@app.callback()
def root(
    db: Annotated[
        Path | None, typer.Option("--db", envvar="BOLIGREG_DB", metavar=t("metavar_file"), help=t("help_db"))
    ] = None,
    lang: Annotated[
        str | None, typer.Option("--lang", envvar="BOLIGREG_LANG", metavar="nb|nn|en", help=t("help_lang"))
    ] = None,
) -> None:
    from boligreg.cli.session import state

    state.db_path = db
    state.language_chosen = lang is not None
    if lang is not None:
        from boligreg.i18n import language_named
        from boligreg.locale import LANGUAGES

        named = language_named(lang)
        if named is None:
            raise InvalidInput("err_language", value=lang[:40], valid=", ".join(LANGUAGES))
        set_language(named)


def _register_commands() -> None:
    from boligreg.cli import (
        admin,
        applications,
        backups,
        config,
        contacts,
        doctor,
        log,
        meetings,
        persons,
        plans,
        purge,
        reports,
        status,
        stays,
    )

    app.command("status", help=t("help_status"))(status.status)
    app.add_typer(meetings.app, name="meeting")
    app.command("report", help=t("help_report"))(reports.report)
    app.command("export", help=t("help_export"))(reports.export)
    app.command("init", help=t("help_init"))(admin.init)
    app.command("demo", help=t("help_demo"))(admin.demo)
    app.add_typer(persons.app, name="person")
    app.add_typer(stays.app, name="stay")
    app.add_typer(plans.app, name="plan")
    app.add_typer(applications.app, name="application")
    app.command("contact", help=t("help_contact"))(contacts.contact)
    app.add_typer(log.app, name="log")
    app.command("doctor", help=t("help_doctor"))(doctor.doctor)
    app.command("backup", help=t("help_backup"))(backups.backup)
    app.command("restore", help=t("help_restore"))(backups.restore)
    app.command("purge", help=t("help_purge"))(purge.purge)
    app.add_typer(config.app, name="config")  # and the nouns in LAZY, built when used


_register_commands()


def main() -> None:
    """The installed `boligreg` command. One process runs one command and exits, and the records
    it builds hold no reference cycles, so Python's cycle collector would only walk them again
    and again as they pile up: a bulk read (report, export, status) is faster without it
    (bench/PROFILE.md). Memory is still freed as records go out of use."""
    gc.disable()
    typer.main.get_command(app).main(prog_name="boligreg")
