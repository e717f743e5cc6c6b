"""Typer's own words around our help texts, in the user's language from the catalog.

Typer 0.28 writes "Usage:", "Options", "Show this message and exit.", "[required]",
"[OPTIONS]" and "No such command" in English, from its vendored click. Each is replaced where
click asks for it: the help formatter, the usage line, the help option and the command lookup.
Every app and command gets this through `LocalTyper` (command_group and the root app)."""

from collections.abc import Sequence
from typing import Any

import typer
from typer._click.core import Command, Context  # Typer's own copy of click
from typer._click.formatting import HelpFormatter
from typer.core import TyperCommand, TyperGroup, TyperOption

from boligreg.i18n import t

HEADINGS = {"Options": "help_heading_options", "Commands": "help_heading_commands",
            "Arguments": "help_heading_arguments"}
# The bracketed notes Typer appends to an option's help: "[env var: X; default: nb]", "[required]"
NOTES = (("[required]", "help_note_required"), ("default: ", "help_note_default"),
         ("env var: ", "help_note_env_var"))


class LocalFormatter(HelpFormatter):
    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, prefix=t("help_usage") + " ")

    def write_heading(self, heading: str) -> None:
        key = HEADINGS.get(heading)
        super().write_heading(t(key) if key else heading)

    def write_dl(self, rows: Sequence[tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
        super().write_dl([(term, _notes(text)) for term, text in rows], col_max, col_spacing)


def _notes(text: str) -> str:
    for english, key in NOTES:
        text = text.replace(english, t(key))
    return text


class LocalContext(typer.Context):
    formatter_class = LocalFormatter


def _localise(command: Command) -> None:
    """The usage line's [VALG] and a text option's metavar in the user's words (Typer's own
    is "<str>")."""
    command.options_metavar = t("usage_options")
    for param in command.params:
        if param.param_type_name == "option" and param.metavar is None and param.type.name == "str":
            param.metavar = t("metavar_text")


def _localised_help(option: TyperOption | None) -> TyperOption | None:
    if option is not None:
        option.help = t("help_help_option")
    return option


class LocalCommand(TyperCommand):
    context_class = LocalContext

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _localise(self)

    def get_help_option(self, ctx: Context) -> TyperOption | None:
        return _localised_help(super().get_help_option(ctx))


class LocalGroup(TyperGroup):
    context_class = LocalContext

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _localise(self)
        self.subcommand_metavar = t("usage_command")

    def get_help_option(self, ctx: Context) -> TyperOption | None:
        return _localised_help(super().get_help_option(ctx))

    def resolve_command(self, ctx: Context, args: list[str]) -> Any:
        name = args[0] if args else ""
        if name and not name.startswith("-") and self.get_command(ctx, name) is None:
            from difflib import get_close_matches

            close = get_close_matches(name, self.list_commands(ctx))
            ctx.fail(t("err_no_such_command", name=name) + (
                " " + t("err_did_you_mean", names=", ".join(close)) if close else ""))
        return super().resolve_command(ctx, args)


class LocalTyper(typer.Typer):
    """A Typer app whose groups and commands speak the catalog's language (see above)."""

    def __init__(self, *, cls: type[TyperGroup] = LocalGroup, **settings) -> None:
        super().__init__(cls=cls, **settings)

    def command(self, name: str | None = None, *, cls: type[TyperCommand] | None = LocalCommand,
                **kwargs: Any) -> Any:
        return super().command(name, cls=cls, **kwargs)


def command_group(help_key: str, **settings: Any) -> LocalTyper:
    """A noun's group of commands. Help is plain text, not rich panels: rich's help renderer
    pulls in markdown and syntax highlighting before the first line prints (bench/PROFILE.md)."""
    return LocalTyper(help=t(help_key), rich_markup_mode=None, **settings)
