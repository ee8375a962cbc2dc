"""The rule families; importing this package registers every rule."""

from reviewctl.lint.rules import (
    editor,
    front_matter,
    markdown,
    spelling,
    spoilers,
    support,
    system,
    text,
)

__all__ = [
    "editor",
    "front_matter",
    "markdown",
    "spelling",
    "spoilers",
    "support",
    "system",
    "text",
]
