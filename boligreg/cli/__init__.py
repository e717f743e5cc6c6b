"""The boligreg command line: one Typer app per noun, errors mapped to one line in one place."""

import gc
import os
import sqlite3
import sys
from pathlib import Path
from typing import Annotated

import typer

from boligreg.cli.framing import LocalGroup, LocalTyper
from boligreg.errors import BoligregError, Interrupted
from boligreg.i18n import set_language, t


class BoligregGroup(LocalGroup):
    """The root command: every error a user can cause ends here as one line and an exit code."""

    def invoke(self, ctx):
        # Typer would turn Ctrl-C into a silent exit 130; say it, as every other stop is said
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            raise Interrupted("err_aborted") from None

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        os.umask(0o077)  # every file the tool writes is readable by its owner only
        # No shell passes a NUL, but one in a path makes os.stat raise inside Typer's own checks
        if any("\0" in arg for arg in (sys.argv[1:] if args is None else args)):
            sys.exit(_fail(t("err_nul_argument"), 2))
        try:
            result = super().main(args=args, prog_name=prog_name or "boligreg",
                                  complete_var=complete_var, standalone_mode=False, **extra)
            code = result if isinstance(result, int) else 0
        except BoligregError as error:
            code = _fail(t(error.key, **error.args_), error.exit_code)
        except sqlite3.Error as error:
            from boligreg.cli.common import state
            from boligreg.store.register import translate_sqlite_error

            mapped = translate_sqlite_error(error, state.db_path)
            code = _fail(t(mapped.key, **mapped.args_), mapped.exit_code)
        except typer.Abort:
            code = _fail(t("err_aborted"), 1)
        except typer.TyperException as error:  # Typer's own click: usage errors
            if type(error).__name__ == "NoArgsIsHelpError":  # a noun alone: show its commands
                print(error.ctx.get_help())
                code = 0
            else:
                code = _fail(_usage_message(error), getattr(error, "exit_code", 2))
        except KeyboardInterrupt:  # one outside Typer's own try (invoke turns the rest into Interrupted)
            code = _fail(t("err_aborted"), 130)
        except BrokenPipeError:
            code = 0
        except OSError as error:
            from boligreg.files import NO_SPACE

            if error.errno in NO_SPACE:
                code = _fail(t("err_disk_full", path=error.filename or ""), 8)
            else:
                code = _fail(t("err_os", detail=error.strerror or str(error)), 7)
        except Exception as error:  # a bug of ours: still one line, never personal data
            if os.environ.get("BOLIGREG_DEBUG"):
                raise
            code = _fail(t("err_internal", detail=type(error).__name__), 70)
        sys.exit(code)


def _fail(message: str, code: int) -> int:
    print(t("error_prefix") + " " + " ".join(message.split()), file=sys.stderr)
    return code


def _usage_message(error) -> str:
    kind = type(error).__name__
    param = getattr(error, "param", None)
    hint = getattr(error, "param_hint", None) or (param.get_error_hint(error.ctx) if param else "")
    if kind == "MissingParameter":
        return t("err_missing_param", param=hint)
    if kind == "NoSuchOption":
        return t("err_no_such_option", name=error.option_name)
    if kind == "BadParameter":
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
        str, typer.Option("--lang", envvar="BOLIGREG_LANG", metavar="nb|en", help=t("help_lang"))
    ] = "nb",
) -> None:
    from boligreg.cli.common import state

    state.db_path = db
    set_language(lang)


def _register_commands() -> None:
    from boligreg.cli import (
        admin,
        applications,
        contacts,
        meetings,
        persons,
        plans,
        reports,
        status,
        stays,
        trust,
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
    app.add_typer(trust.log_app, name="log")
    app.command("doctor", help=t("help_doctor"))(trust.doctor)
    app.command("backup", help=t("help_backup"))(trust.backup)
    app.command("restore", help=t("help_restore"))(trust.restore)
    app.command("purge", help=t("help_purge"))(trust.purge)
    app.add_typer(admin.config_app, name="config")


_register_commands()


def main() -> None:
    """The installed `boligreg` command. One process runs one command and exits, and the records
    it builds hold no reference cycles, so Python's cycle collector would only walk them again
    and again as they pile up: without it a bulk read (report, export, status) is 10–40 % faster
    (bench/PROFILE.md). Memory is still freed as records go out of use."""
    gc.disable()
    typer.main.get_command(app).main(prog_name="boligreg")
