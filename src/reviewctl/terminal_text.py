"""Text from reviews made safe to print on a terminal.

A review (or its file name) can hold control characters: an ESC that starts a sequence which
sets the window title, clears the screen or opens an OSC 8 hyperlink, a carriage return that
overwrites a line, a newline in a file name that forges a line of ``lint`` output. Everything
that reaches a terminal from an archive goes through :func:`escape_controls` (text) or
:func:`display_name` (file names) first; JSON output is escaped by its encoder instead.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["as_json", "display_name", "escape_controls", "has_controls", "json_text"]

# C0 (but tab and newline, which the callers that keep them pass as ``keep``), DEL and C1;
# the bidirectional embeddings, overrides and isolates, which reorder what follows them on
# the line ("Trojan Source": a title that shows "exe.png" for "gnp.exe", a cut-off override
# that scrambles the rest of a table row); and the stand-ins for bytes of a file name that
# are not UTF-8 (no terminal can print them)
_BIDI = "\u202a-\u202e\u2066-\u2069"
_CONTROLS = re.compile(f"[\x00-\x08\x0a-\x1f\x7f-\x9f{_BIDI}\udc80-\udcff]")
_CONTROLS_EXCEPT_NEWLINE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}\udc80-\udcff]")
_CONTROLS_ALL = re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI}\udc80-\udcff]")
_STANDS_IN = re.compile("[\udc80-\udcff]")
_PATTERNS = {"\t\n": _CONTROLS_EXCEPT_NEWLINE, "\t": _CONTROLS, "": _CONTROLS_ALL}
_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _escape(match: re.Match[str]) -> str:
    char = match.group(0)
    code = ord(char)
    if 0x202A <= code <= 0x2069:  # a bidirectional control
        return f"\\u{code:04x}"
    code = code - 0xDC00 if code > 0xFF else code  # the byte a stand-in stands for
    return _NAMED.get(char) or f"\\x{code:02x}"


def escape_controls(text: str, keep: str = "\t\n") -> str:
    """``text`` with each control character (C0, DEL, C1, and the bidirectional controls)
    but those in ``keep`` written as a visible escape (``\\x1b``, ``\\r``, ``\\u202e``), as
    ``repr`` writes it.

    ``keep`` is ``"\\t\\n"`` (the default, for multi-line text such as a review body),
    ``"\\t"`` or ``""`` (for one-line text: a message, a table cell). An escape always starts
    with a backslash and a letter, which Markdown leaves as it is.
    """
    pattern = _PATTERNS[keep]
    if pattern.search(text) is None:  # the usual case: one scan in C, no copy
        return text
    return pattern.sub(_escape, text)


def has_controls(text: str) -> bool:
    """Whether ``text`` holds any control character (bidirectional ones too), tab and newline
    included."""
    return _CONTROLS_ALL.search(text) is not None


def display_name(name: str) -> str:
    """A file name for the terminal: as it is when printable, else as Python's ``repr``
    (quoted, every control, format and separator character escaped), so that a name with an
    ESC, a newline or a bidirectional override cannot forge or disguise output. A byte that
    is not UTF-8 is written ``\\xNN``."""
    if not name.isascii():
        name = _STANDS_IN.sub(_escape, name)
    return name if name.isprintable() else repr(name)


def as_json(value: Any, *, indent: bool = False) -> str:
    """``value`` as JSON text, non-ASCII as it is: compact, or indented by two as
    ``json.dumps(indent=2)`` writes it, byte for byte but for a float's exponent (``1e-5``,
    not ``1e-05``). orjson writes it (14,281 lint findings of 1,640 real posts: 12 ms, where
    the standard library's indented writer takes 127); what orjson refuses (an integer
    beyond 64 bits, a file name that is not UTF-8) the standard library writes, through
    :func:`json_text`."""
    import json

    import orjson

    try:
        return orjson.dumps(value, option=orjson.OPT_INDENT_2 if indent else None).decode()
    except orjson.JSONEncodeError:
        return json_text(json.dumps(value, ensure_ascii=False, indent=2 if indent else None))


def json_text(text: str) -> str:
    """JSON text as it may be printed: a file name's byte that is not UTF-8 (a lone
    surrogate) as its ``\\udcNN`` escape, which JSON reads back, not as a raw byte."""
    return text if text.isascii() else text.encode("utf-8", "backslashreplace").decode()
