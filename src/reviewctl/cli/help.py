"""Plain ``--help``: ``PATH...`` and ``TEXT`` instead of Typer's ``<list[Path]>`` and ``<str>``,
and each command's summary its whole first sentence."""

from __future__ import annotations

from pathlib import Path
from typing import Any, get_args, get_origin

from typer.core import TyperArgument, TyperGroup, TyperOption

_NAMES = {str: "TEXT", int: "INTEGER", float: "FLOAT", bool: "BOOLEAN", Path: "PATH"}


def _plain_type(param: TyperOption) -> str:
    """``TEXT``, ``INTEGER``, ``PATH`` or the choices, ``[text|json|github]``."""
    desc = param.type_descriptor
    if desc.is_choice and desc.choices is not None:
        return "[" + "|".join(str(getattr(c, "value", c)) for c in desc.choices) + "]"
    if desc.is_path:
        return "PATH"
    annotation: Any = desc.annotation
    if get_origin(annotation) is list:
        annotation = get_args(annotation)[0]
    return _NAMES.get(annotation, getattr(annotation, "__name__", "VALUE").upper())


class PlainArgument(TyperArgument):
    """An argument shown by its name only: ``PATH...``, never ``paths... <list[Path]>``."""

    def _plain(self) -> str:
        if self.metavar:
            return self.metavar
        name = (self.name or "arg").upper()
        return name.removesuffix("S") if self.nargs != 1 else name

    def _rich_display_name(self) -> str:
        return self._plain() + ("..." if self.nargs != 1 else "")

    def _usage_display_name(self) -> str:
        name = self._plain() if self.required else f"[{self._plain()}]"
        return name + ("..." if self.nargs != 1 else "")

    def display_type_rich(self, ctx: Any) -> str | None:
        return None


class PlainOption(TyperOption):
    """An option's value shown as Click shows it: ``--select TEXT``, ``--jobs INTEGER``."""

    def display_type_rich(self, ctx: Any) -> str | None:
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


class PlainGroup(TyperGroup):
    """The reviewctl group: every command gets plain metavars and a whole-sentence summary."""

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        make_plain(self)
        for command in self.commands.values():
            make_plain(command)
