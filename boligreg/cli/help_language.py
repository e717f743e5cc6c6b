"""Typer's own words around our help texts, in the user's language from the catalog.

Typer 0.28 writes "Usage:", "Options", "Show this message and exit.", "[required]",
"[OPTIONS]" and "No such command" in English, from its vendored click. Each is replaced where
click asks for it: the help formatter, the usage line, the help option and the command lookup.
Every app and command gets this through `LocalTyper` (command_group and the root app)."""

from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup

from boligreg.i18n import t

HEADINGS = {"Options": "help_heading_options", "Commands": "help_heading_commands",
            "Arguments": "help_heading_arguments"}
# The bracketed notes Typer appends to an option's help: "[env var: X; default: nb]", "[required]"
NOTES = (("[required]", "help_note_required"), ("default: ", "help_note_default"),
         ("env var: ", "help_note_env_var"))


class LocalFormatter(typer.Context.formatter_class):
    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, prefix=t("help_usage") + " ")

    def write_heading(self, heading: str) -> None:
        key = HEADINGS.get(heading)
        super().write_heading(t(key) if key else heading)

    def write_dl(self, rows, col_max: int = 30, col_spacing: int = 2) -> None:
        super().write_dl([(term, _notes(text)) for term, text in rows], col_max, col_spacing)


def _notes(text: str) -> str:
    for english, key in NOTES:
        text = text.replace(english, t(key))
    return text


class LocalContext(typer.Context):
    formatter_class = LocalFormatter


class LocalHelp:
    """Mixed into Typer's command and group classes."""

    context_class = LocalContext

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.options_metavar = t("usage_options")
        for param in self.params:  # a text option without a metavar shows Typer's "<str>"
            if param.param_type_name == "option" and param.metavar is None and param.type.name == "str":
                param.metavar = t("metavar_text")

    def get_help_option(self, ctx):
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = t("help_help_option")
        return option


class LocalCommand(LocalHelp, TyperCommand):
    pass


class LocalGroup(LocalHelp, TyperGroup):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.subcommand_metavar = t("usage_command")

    def resolve_command(self, ctx, args):
        name = args[0] if args else ""
        if name and not name.startswith("-") and self.get_command(ctx, name) is None:
            from difflib import get_close_matches

            close = get_close_matches(name, list(self.commands))
            ctx.fail(t("err_no_such_command", name=name) + (
                " " + t("err_did_you_mean", names=", ".join(close)) if close else ""))
        return super().resolve_command(ctx, args)


class LocalTyper(typer.Typer):
    """A Typer app whose groups and commands speak the catalog's language (see above)."""

    def __init__(self, *, cls: type[TyperGroup] = LocalGroup, **settings) -> None:
        super().__init__(cls=cls, **settings)

    def command(self, *args, cls: type[TyperCommand] = LocalCommand, **kwargs):
        return super().command(*args, cls=cls, **kwargs)


def command_group(help_key: str, **settings: Any) -> LocalTyper:
    """A noun's group of commands. Help is plain text, not rich panels: rich's help renderer
    pulls in markdown and syntax highlighting before the first line prints (bench/PROFILE.md)."""
    return LocalTyper(help=t(help_key), rich_markup_mode=None, **settings)
