"""The rule families; importing this package registers every rule."""

from reviewctl.lint.rules import front_matter, markdown, spoilers, support, system, text

__all__ = ["front_matter", "markdown", "spoilers", "support", "system", "text"]
