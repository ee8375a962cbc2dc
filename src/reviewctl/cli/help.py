"""Plain ``--help``: ``PATH...`` and ``TEXT`` instead of Typer's ``<list[Path]>`` and ``<str>``,
and each command's summary its whole first sentence; a usage error is one line, as every
other error."""

from __future__ import annotations

from typing import Any

from typer._click import echo
from typer._click.exceptions import ClickException, NoArgsIsHelpError, UsageError
from typer.core import TyperArgument, TyperGroup, TyperOption

_NAMES = {"str": "TEXT", "int": "INTEGER", "int range": "INTEGER", "float": "FLOAT",
          "float range": "FLOAT", "boolean": "BOOLEAN", "path": "PATH"}  # fmt: skip


def _plain_type(param: TyperOption) -> str:
    """``TEXT``, ``INTEGER``, ``PATH`` or the choices, ``[text|json|github]``."""
    kind = param.type
    choices = getattr(kind, "choices", None)
    if choices:
        return "[" + "|".join(str(getattr(c, "value", c)) for c in choices) + "]"
    name = str(getattr(kind, "name", "") or "value")
    return _NAMES.get(name, name.upper())


class PlainArgument(TyperArgument):
    """An argument shown by its name only: ``PATH...``, never ``paths... <list[Path]>``."""

    def _plain(self) -> str:
        if self.metavar:
            return self.metavar
        name = (self.name or "arg").upper()
        return name.removesuffix("S") if self.nargs != 1 else name

    def make_metavar(self, ctx: Any, *, usage: bool = False) -> str:
        name = self._plain()
        if usage and not self.required:
            name = f"[{name}]"
        return name + ("..." if self.nargs != 1 else "")


class PlainOption(TyperOption):
    """An option's value shown as Click shows it: ``--select TEXT``, ``--jobs INTEGER``."""

    def make_metavar(self, ctx: Any) -> str:
        if self.metavar is not None:
            return self.metavar
        shown = _plain_type(self)
        return f"{shown}..." if self.nargs != 1 else shown


def first_sentence(text: str) -> str:
    """The help text's first sentence, whole (Click would cut it at 45-odd characters)."""
    paragraph = text.strip().split("\n\n", 1)[0]
    line = " ".join(paragraph.split())
    end = line.find(". ")
    return line[: end + 1] if end >= 0 else line


def make_plain(command: Any) -> None:
    """Switch a command's parameters to the plain classes and give it a one-sentence summary."""
    for param in command.params:
        if type(param) is TyperArgument:
            param.__class__ = PlainArgument
        elif type(param) is TyperOption:
            param.__class__ = PlainOption
    if command.short_help is None and command.help:
        command.short_help = first_sentence(command.help)
    for sub in getattr(command, "commands", {}).values():  # ``theme copy``, ``import wordpress``
        make_plain(sub)


class PlainGroup(TyperGroup):
    """The reviewctl group: every command gets plain metavars and a whole-sentence summary,
    and a usage error of the group's or a command's is one line (:class:`UsageLine`)."""

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        make_plain(self)

    def make_context(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().make_context(*args, **kwargs)
        except UsageError as exc:
            raise _one_line(exc) from None

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except UsageError as exc:
            # a command's option left without its value is raised with no context: the
            # command is the one the group was invoking
            named = [ctx.invoked_subcommand] if exc.ctx is None and ctx.invoked_subcommand else []
            raise _one_line(exc, " ".join(["reviewctl", *named])) from None


class UsageLine(ClickException):
    """A usage error said in one line, ``error: …`` as every other (Click prints the usage,
    a hint and ``Error: …`` on four): exit 2."""

    exit_code = 2

    def show(self, file: Any = None) -> None:
        echo(f"error: {self.format_message()}", file=file, err=True)


def _one_line(exc: UsageError, where: str = "reviewctl") -> UsageError | UsageLine:
    if isinstance(exc, NoArgsIsHelpError):  # no arguments: the help, as asked
        return exc
    message = exc.format_message().rstrip(".")
    message = message[:1].lower() + message[1:] if message[1:2].islower() else message
    if exc.ctx is not None:  # "reviewctl list", however the program was started
        below = exc.ctx.command_path[len(exc.ctx.find_root().command_path) :].strip()
        where = f"reviewctl {below}".strip()
    return UsageLine(f"{message} (see '{where} --help')")
