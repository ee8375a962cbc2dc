"""Errors the core raises; the CLI maps them to exit code 2."""

from __future__ import annotations

from pathlib import Path


class ReviewctlError(Exception):
    """An error with an optional file and line, shown to the user as one line."""

    def __init__(self, message: str, path: Path | str | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = Path(path) if path is not None else None
        self.line = line

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        return f"{where}{self.message}"


class ConfigError(ReviewctlError):
    """The configuration file cannot be read or holds an invalid value."""


class InputError(ReviewctlError):
    """A file or argument given by the user cannot be used."""


class AlreadyExists(InputError):
    """A file is there already, and nothing is replaced without ``--force``."""

    def __init__(self, path: Path | str):
        super().__init__("already exists (use --force to overwrite)", path)


class ConfigErrors(ConfigError):
    """Every problem found in one config file; reads as the first, prints all (one a line)."""

    def __init__(self, errors: list[ConfigError]):
        errors = sorted(errors, key=lambda e: e.line or 0)
        first = errors[0]
        super().__init__(first.message, first.path, first.line)
        self.errors = tuple(errors)

    def __str__(self) -> str:
        return "\n".join(ReviewctlError.__str__(e) for e in self.errors)
