"""Typer's own words around our help texts, in the user's language from the catalog, and the
examples under every command's help.

Typer 0.28 writes "Usage:", "Options", "Show this message and exit.", "[required]",
"[OPTIONS]" and "No such command" in English, from its vendored click. Each is replaced where
click asks for it: the help formatter, the usage line, the help option and the command lookup.
Every app and command gets this through `LocalTyper` (command_group and the root app).

Each command's help ends with examples from the catalog key `example_` + its path
(`example_person_show` for `boligreg person show`), and a group's list of commands shows each
command's whole first sentence (click would cut it at 45 characters)."""

import re
from collections.abc import Sequence
from typing import Any

import typer
from typer._click.core import Command, Context  # Typer's own copy of click
from typer._click.formatting import HelpFormatter
from typer.core import TyperCommand, TyperGroup, TyperOption

from boligreg.i18n import known, t

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


SENTENCE_END = re.compile(r"[.!?](?=\s+[A-ZÆØÅ«“(]|\s*$)")


def first_sentence(text: str | None) -> str:
    """The help's first sentence whole ("hver 14. dag" is not an end)."""
    text = " ".join((text or "").split())
    found = SENTENCE_END.search(text)
    return text[: found.end()] if found else text


def example_key(ctx: Context) -> str:
    """`example_person_show` for `boligreg person show`; a noun's plain form (`contact add`,
    typed as `contact ID`) shares the noun's examples."""
    words = ctx.command_path.split()[1:]
    parent = ctx.parent.command if ctx.parent else None
    if isinstance(parent, DefaultGroup) and words and words[-1] == parent.default_command:
        words = words[:-1]
    return "example_" + "_".join(words).replace("-", "_")


def write_examples(ctx: Context, formatter: HelpFormatter) -> None:
    """The command's examples, as the catalog has them (lines kept, not rewrapped)."""
    key = example_key(ctx)
    if not known(key):
        return
    formatter.write_paragraph()
    formatter.write_heading(t("help_heading_examples"))
    with formatter.indentation():
        for line in t(key).splitlines():
            formatter.write(" " * formatter.current_indent + line + "\n" if line else "\n")


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

    def get_short_help_str(self, limit: int = 45) -> str:
        return first_sentence(self.help)

    def format_epilog(self, ctx: Context, formatter: HelpFormatter) -> None:
        write_examples(ctx, formatter)


class LocalGroup(TyperGroup):
    context_class = LocalContext

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _localise(self)
        self.subcommand_metavar = t("usage_command")

    def get_help_option(self, ctx: Context) -> TyperOption | None:
        return _localised_help(super().get_help_option(ctx))

    def get_short_help_str(self, limit: int = 45) -> str:
        return first_sentence(self.help)

    def format_epilog(self, ctx: Context, formatter: HelpFormatter) -> None:
        write_examples(ctx, formatter)

    def resolve_command(self, ctx: Context, args: list[str]) -> Any:
        name = args[0] if args else ""
        if name and not name.startswith("-") and self.get_command(ctx, name) is None:
            from difflib import get_close_matches

            close = get_close_matches(name, self.list_commands(ctx))
            ctx.fail(t("err_no_such_command", name=name) + (
                " " + t("err_did_you_mean", names=", ".join(close)) if close else ""))
        return super().resolve_command(ctx, args)


class DefaultGroup(LocalGroup):
    """A noun whose plain form is one command and which has corrections beside it: `contact
    P0001 "Møtt"` runs `contact add`, `contact edit P0001 2 …` runs `contact edit`."""

    default_command = "add"

    def parse_args(self, ctx: Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ctx.help_option_names:
            args = [self.default_command, *args]
        return super().parse_args(ctx, args)

    def shell_complete(self, ctx: Context, incomplete: str) -> list[Any]:
        """Tab after `contact `: the subcommands, and the plain form's first argument (an id)."""
        found = super().shell_complete(ctx, incomplete)
        if incomplete.startswith("-"):
            return found
        plain = self.get_command(ctx, self.default_command)
        first = next((p for p in plain.params if p.param_type_name == "argument"), None) if plain else None
        return found + (first.shell_complete(ctx, incomplete) if first is not None else [])


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
