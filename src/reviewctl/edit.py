"""Line-preserving front matter edits: change a key's value, touch no other byte."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

from reviewctl.errors import InputError
from reviewctl.model import Format, Review

# key, separator, value, then an optional trailing comment ("  # …")
_LINE = {
    Format.YAML: r"^(?P<key>{key})(?P<sep>[ \t]*:[ \t]*)(?P<value>.*?)(?P<rest>[ \t]+#.*)?$",
    Format.TOML: r"^(?P<key>{key})(?P<sep>[ \t]*=[ \t]*)(?P<value>.*?)(?P<rest>[ \t]+#.*)?$",
    Format.PELICAN: r"^(?P<key>{key})(?P<sep>:[ \t]+)(?P<value>.*?)(?P<rest>)$",
}


def render_value(fmt: Format, key: str, value: Any) -> str:
    """``value`` as the format writes it on one line (no key)."""
    if fmt is Format.TOML:
        import tomli_w

        if isinstance(value, dict):
            raise InputError(f"{key}: nested tables cannot be set on one line in TOML")
        if isinstance(value, list):  # tomli_w writes arrays over several lines
            return "[" + ", ".join(render_value(fmt, key, item) for item in value) + "]"
        return tomli_w.dumps({"x": value}).split("=", 1)[1].strip()
    if fmt is Format.PELICAN:
        return ", ".join(map(str, value)) if isinstance(value, list) else str(value)
    if isinstance(value, dt.datetime):
        # flow style would quote it and tag it ``!!timestamp``; written plain, as PyYAML's
        # block style writes it, it reads back as the same datetime
        return value.isoformat(" ")
    if isinstance(value, list) and any(isinstance(item, dt.datetime) for item in value):
        return "[" + ", ".join(render_value(fmt, key, item) for item in value) + "]"
    import yaml

    text = yaml.safe_dump(
        {"x": value}, allow_unicode=True, default_flow_style=True, width=10**9, sort_keys=False
    )
    # flow style wraps the mapping in braces: "{x: value}\n"
    return text.strip()[1:-1].split(":", 1)[1].strip()


def render_line(fmt: Format, key: str, value: Any) -> str:
    sep = " = " if fmt is Format.TOML else ": "
    return f"{key}{sep}{render_value(fmt, key, value)}"


def _requote(original: str, rendered: str, value: Any) -> str:
    """Keep the author's quote style for string values, and the ``T`` and ``Z`` of a time."""
    if isinstance(value, dt.datetime):
        if original[10:11] == "T" and rendered[10:11] == " ":
            rendered = f"{rendered[:10]}T{rendered[11:]}"
        if original.rstrip().endswith(("Z", "z")) and rendered.endswith("+00:00"):
            rendered = rendered[:-6] + original.rstrip()[-1]  # UTC as it was written
        return rendered
    if not isinstance(value, str) or original[:1] not in ("'", '"'):
        return rendered
    if original[0] == '"':
        return json.dumps(value, ensure_ascii=False)
    return "'" + value.replace("'", "''") + "'"


def set_fields(review: Review, values: dict[str, Any]) -> str:
    """The review's text with ``values`` set in its front matter.

    An existing top-level key keeps its line, spelling, separator and trailing comment; only
    the value changes. Missing keys are inserted right after the opening fence, in order.
    Line endings and a BOM-less text are preserved (the caller re-adds a BOM).
    """
    if review.front_matter is None or review.format is Format.NONE:
        raise InputError("has no front matter to edit", review.path)
    if review.error is not None:
        raise InputError(review.error.message, review.path, review.error.line)
    fm = review.front_matter
    lines = review.text.split("\n")  # keeps any "\r" at line ends
    fenced = review.format is not Format.PELICAN
    first = fm.start if fenced else fm.start - 1  # index of the first key line
    last = fm.end - 1 if fenced else fm.end  # index after the last key line
    missing: list[str] = []
    toml = review.format is Format.TOML
    for key, value in values.items():
        pattern = re.compile(_LINE[review.format].format(key=re.escape(key)), re.I)
        # a TOML table's keys ([extra] status = …) are not the review's
        top = _first_table(lines, first, last) if toml else last
        for index in range(first, top):
            line = lines[index]
            cr = "\r" if line.endswith("\r") else ""
            match = pattern.match(line.removesuffix("\r"))
            if match:
                rendered = _requote(match["value"], render_value(review.format, key, value), value)
                sep = match["sep"]
                if review.format is Format.YAML and not sep.endswith((" ", "\t")):
                    sep += " "  # ``key:`` with its value on the next lines
                lines[index] = f"{match['key']}{sep}{rendered}{match['rest'] or ''}{cr}"
                end = _value_end(lines, index, last, review.format, match["value"])
                del lines[index + 1 : end]  # the old value's continuation lines
                last -= end - index - 1
                break
        else:
            missing.append(key)
    if missing:
        cr = "\r" if review.newline == "\r\n" else ""
        new = [render_line(review.format, k, values[k]) + cr for k in missing]
        lines[first:first] = new
    return "\n".join(lines)


_TABLE_HEADER = re.compile(r"^\[")  # indented, a line of a nested array more likely


def _first_table(lines: list[str], first: int, last: int) -> int:
    """Index of the first TOML table header in ``lines[first:last]`` (``last`` if none); a
    line inside a multi-line string (a summary between triple quotes that starts a line
    with ``[Updated]``) is text."""
    quote = ""
    for index in range(first, last):
        line = lines[index]
        if not quote and _TABLE_HEADER.match(line):
            return index
        for mark in ('"""', "'''"):
            if (not quote or quote == mark) and line.count(mark) % 2:
                quote = "" if quote else mark
    return last


def _value_end(lines: list[str], index: int, last: int, fmt: Format, value: str) -> int:
    """Index after the last line of the value that starts on ``lines[index]``.

    A YAML block (``tags:`` then ``- a`` lines, or ``|``) or a TOML array over several
    lines continues past its key's line; a one-line value ends there.
    """
    value = value.strip()
    end = index + 1
    if fmt is Format.YAML and (value == "" or value[:1] in "|>"):
        while end < last:
            text = lines[end].removesuffix("\r")
            if text and not text[0].isspace() and not text.startswith("- "):
                break
            end += 1
        while end > index + 1 and not lines[end - 1].strip():  # keep trailing blank lines
            end -= 1
        return end
    if fmt is Format.TOML and value[:1] in "[{":
        depth = _depth(value)
        while depth > 0 and end < last:
            depth += _depth(lines[end])
            end += 1
    return end


def _depth(text: str) -> int:
    """Opened minus closed brackets outside quoted strings and comments (TOML)."""
    depth, quote = 0, ""
    for ch in text:
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "\"'":
            quote = ch
        elif ch == "#":
            break
        elif ch in "[{":
            depth += 1
        elif ch in "]}":
            depth -= 1
    return depth


def parse_assignment(text: str) -> tuple[str, Any]:
    """``key=value`` from the command line; the value is read as YAML (``12``, ``[a, b]``)."""
    import yaml

    key, sep, raw = text.partition("=")
    key = key.strip()
    if not sep or not re.fullmatch(r"[A-Za-z_][\w-]*", key):
        raise InputError(f"expected key=value, got {text!r}")
    try:
        value = yaml.safe_load(raw) if raw.strip() else ""
    except (yaml.YAMLError, ValueError):  # ValueError: a date like 2026-02-30
        value = raw
    return key, value
