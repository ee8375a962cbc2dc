"""Rendering a review for people: :mod:`reviewctl.render.terminal` builds Rich renderables.

Nothing here prints or knows about the command line; ``reviewctl show`` does the printing.
"""

from __future__ import annotations
