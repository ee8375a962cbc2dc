"""Read a review file into a :class:`~reviewctl.model.Review`. Never raises."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import yaml
from frontmatter.default_handlers import BaseHandler, YAMLHandler

from reviewctl.config import toml_error_line
from reviewctl.model import Format, Markers, Problem, Region, Review

try:
    _BaseLoader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # PyYAML built without libyaml
    _BaseLoader = yaml.SafeLoader


class _Loader(_BaseLoader):  # type: ignore[valid-type,misc]
    """Safe YAML, except that an impossible date (``2023-02-30``) stays a string.

    PyYAML raises a bare ``ValueError`` for those, losing the whole front matter; keeping the
    string lets the file load and lets lint report the date at its own line.
    """

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> Any:
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            return self.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp)


class TOMLHandler(BaseHandler):
    """python-frontmatter's handler interface, on the standard library's ``tomllib``."""

    FM_BOUNDARY = re.compile(r"^\+{3,}\s*$", re.MULTILINE)
    START_DELIMITER = END_DELIMITER = "+++"

    def load(self, fm: str, **kwargs: object) -> Any:
        return tomllib.loads(fm)


_HANDLERS: dict[str, tuple[Format, BaseHandler]] = {
    "---": (Format.YAML, YAMLHandler()),
    "+++": (Format.TOML, TOMLHandler()),
}
_PELICAN_LINE = re.compile(r"^([A-Za-z][A-Za-z0-9_-]*):[ \t]+(.*)$")


def parse_review(path: Path, markers: Markers | None = None) -> Review:
    """Read and parse ``path``; problems are recorded on the review, not raised."""
    markers = markers or Markers()
    try:
        data = path.read_bytes()
    except OSError as exc:
        reason = exc.strerror or exc.__class__.__name__
        return Review(path, error=Problem(f"cannot read file: {reason}", kind="read"))
    return parse_bytes(data, path, markers)


def parse_bytes(data: bytes, path: Path, markers: Markers | None = None) -> Review:
    """Parse a file's bytes (see :func:`parse_review`)."""
    markers = markers or Markers()
    if b"\x00" in data[:8192]:
        return Review(path, error=Problem("binary file, not Markdown", kind="read"))
    bom = data.startswith(b"\xef\xbb\xbf")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        byte = data[exc.start]
        message = f"not valid UTF-8: byte 0x{byte:02x} at offset {exc.start}"
        return Review(path, error=Problem(message, line=line, kind="read"))
    return parse_text(text, path, markers, bom=bom)


def parse_text(text: str, path: Path, markers: Markers | None = None, *, bom: bool = False) -> Review:
    """Parse decoded text (BOM already removed)."""
    review = Review(
        path,
        text=text,
        bom=bom,
        newline="\r\n" if "\r\n" in text[:4096] else "\n",
        markers=markers or Markers(),
    )
    lines = review.lines
    first = 0
    while first < len(lines) and not lines[first].strip():
        first += 1
    if first == len(lines):
        return review
    opener = lines[first].rstrip()
    if opener in _HANDLERS:
        _parse_fenced(review, lines, first, opener)
    elif _PELICAN_LINE.match(lines[first]):
        _parse_pelican(review, lines, first)
    return review


def _parse_fenced(review: Review, lines: list[str], first: int, opener: str) -> None:
    fmt, handler = _HANDLERS[opener]
    review.format = fmt
    close = next((i for i in range(first + 1, len(lines)) if lines[i].rstrip() == opener), None)
    if close is None:
        review.error = Problem(
            f"front matter opened with {opener!r} at line {first + 1} is never closed",
            line=first + 1,
        )
        review.body_line = first + 2
        return
    review.front_matter = Region(first + 1, close + 1)
    review.body_line = close + 2
    source = "\n".join(lines[first + 1 : close])
    offset = first + 2  # file line of the first line inside the fences
    try:
        data = handler.load(source, Loader=_Loader) if fmt is Format.YAML else handler.load(source)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = offset + mark.line if mark else offset
        column = mark.column + 1 if mark else 1
        review.error = Problem(_yaml_message(exc), line=line, column=column)
        return
    except yaml.YAMLError as exc:
        review.error = Problem(f"invalid YAML: {exc}", line=offset)
        return
    except tomllib.TOMLDecodeError as exc:
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        review.error = Problem(f"invalid TOML: {message}", line=offset - 1 + toml_error_line(exc))
        return
    if data is None:
        data = {}
    if not isinstance(data, dict):
        kind = type(data).__name__
        review.error = Problem(f"front matter must be a mapping of keys, not a {kind}", offset)
        return
    review.metadata = {str(k): v for k, v in data.items()}


def _yaml_message(exc: yaml.MarkedYAMLError) -> str:
    problem = exc.problem or exc.context or "syntax error"
    message = f"invalid YAML: {problem}"
    if problem.startswith("mapping values are not allowed"):
        message += " (quote a value that contains ': ')"
    return message


def _parse_pelican(review: Review, lines: list[str], first: int) -> None:
    """Pelican/MultiMarkdown ``Key: value`` headers: lines up to the first blank line."""
    metadata: dict[str, Any] = {}
    end = first
    while end < len(lines) and lines[end].strip():
        match = _PELICAN_LINE.match(lines[end])
        if match is None:
            return  # not a header block after all: plain Markdown
        metadata[match.group(1).lower()] = match.group(2).strip()
        end += 1
    if "title" not in metadata:
        return
    if isinstance(metadata.get("tags"), str):
        metadata["tags"] = [t.strip() for t in metadata["tags"].split(",") if t.strip()]
    review.format = Format.PELICAN
    review.metadata = metadata
    review.front_matter = Region(first + 1, end)
    review.body_line = end + 1
