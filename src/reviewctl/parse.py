"""Read a review file into a :class:`~reviewctl.model.Review`. Never raises."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from pathlib import Path
from typing import Any

import yaml
from frontmatter.default_handlers import BaseHandler, YAMLHandler

from reviewctl.config import toml_error_column, toml_error_line
from reviewctl.fs import MAX_FILE_SIZE, read_limited, stamp
from reviewctl.model import Format, Markers, Problem, Region, Review

try:
    _BaseLoader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # PyYAML built without libyaml
    _BaseLoader = yaml.SafeLoader


_STR_TAG = "tag:yaml.org,2002:str"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MAP_TAG = "tag:yaml.org,2002:map"
_SCALAR_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "timestamp")
)
# Implicit tags already resolved: (plain scalar value, implicit flags) -> tag. Keys, media,
# statuses and tags repeat from file to file; bounded so odd archives cannot grow it forever.
_RESOLVED: dict[tuple[str, tuple[bool, bool]], str] = {}
_RESOLVED_MAX = 4096


class _Slow(Exception):
    """The document needs PyYAML's general constructor (anchors, merge keys, odd tags)."""


class _Loader(_BaseLoader):  # type: ignore[valid-type,misc]
    """Safe YAML, except that an impossible date (``2023-02-30``) stays a string.

    PyYAML raises a bare ``ValueError`` for those, losing the whole front matter; keeping the
    string lets the file load and lets lint report the date at its own line.

    Two shortcuts keep the same results for less: implicit tag resolution (a regex chain per
    scalar) is memoised, and the usual front matter (a mapping of scalars and lists of
    scalars with the standard tags, no shared nodes) is built directly instead of through
    PyYAML's generic, generator-based constructor; anything else takes the general path.
    bench_instructions ``--against`` a tree without each: parsing a review costs 29 % fewer
    instructions with the builder, 3 % fewer with the memo (bench_parse times them).
    """

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> Any:
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            return self.construct_scalar(node)

    def resolve(self, kind: type, value: Any, implicit: Any) -> Any:
        if kind is yaml.ScalarNode and type(implicit) is tuple and not self.yaml_path_resolvers:
            # PyYAML's own rule, in short: a quoted scalar, or a plain one whose first
            # character starts no implicit type (``A``…, not digits, ``y``/``n``/``~``…), is text
            resolvers = self.yaml_implicit_resolvers
            if not implicit[0] or (value[:1] not in resolvers and None not in resolvers):
                return self.DEFAULT_SCALAR_TAG
            key = (value, implicit)
            tag = _RESOLVED.get(key)
            if tag is None:
                tag = super().resolve(kind, value, implicit)
                if len(_RESOLVED) < _RESOLVED_MAX:
                    _RESOLVED[key] = tag
            return tag
        return super().resolve(kind, value, implicit)

    def construct_document(self, node: yaml.Node) -> Any:
        if node.tag == _MAP_TAG and type(node) is yaml.MappingNode:
            try:
                return self._fast(node, set())
            except _Slow:
                pass
        return super().construct_document(node)

    def _fast(self, node: yaml.Node, seen: set[int]) -> Any:
        tag = node.tag
        kind = type(node)
        if kind is yaml.ScalarNode:
            if tag == _STR_TAG:
                return node.value
            if tag in _SCALAR_TAGS:
                return self.yaml_constructors[tag](self, node)
            raise _Slow
        if id(node) in seen:  # an alias: the general path shares the object
            raise _Slow
        seen.add(id(node))
        if kind is yaml.SequenceNode and tag == _SEQ_TAG:
            return [self._fast(child, seen) for child in node.value]
        if kind is yaml.MappingNode and tag == _MAP_TAG:
            mapping: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                if type(key_node) is not yaml.ScalarNode:
                    raise _Slow
                # plain text inline: most keys and values are
                key = key_node.value if key_node.tag == _STR_TAG else self._fast(key_node, seen)
                if type(value_node) is yaml.ScalarNode and value_node.tag == _STR_TAG:
                    mapping[key] = value_node.value
                else:
                    mapping[key] = self._fast(value_node, seen)
            return mapping
        raise _Slow


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp)


class TOMLHandler(BaseHandler):
    """python-frontmatter's handler interface, on the standard library's ``tomllib``."""

    FM_BOUNDARY = re.compile(r"^\+{3,}\s*$", re.MULTILINE)
    START_DELIMITER = END_DELIMITER = "+++"

    def load(self, fm: str, **kwargs: object) -> Any:
        return tomllib.loads(fm)


_YAML = YAMLHandler()
_HANDLERS: dict[str, tuple[Format, BaseHandler]] = {
    "---": (Format.YAML, _YAML),
    "+++": (Format.TOML, TOMLHandler()),
}
_PELICAN_LINE = re.compile(r"^([A-Za-z][A-Za-z0-9_-]*):[ \t]+(.*)$")


def parse_review(path: Path, markers: Markers | None = None, *, limit: int = 0) -> Review:
    """Read and parse ``path``; problems are recorded on the review, not raised.

    Only a regular file of at most ``limit`` bytes (default :data:`~reviewctl.fs.MAX_FILE_SIZE`)
    is read.
    """
    markers = markers or Markers()
    try:
        data, info = read_limited(path, limit or MAX_FILE_SIZE)
    except OSError as exc:
        return Review(path, error=read_problem(exc))
    review = parse_bytes(data, path, markers)
    review.stamp = stamp(info)
    return review


def read_problem(exc: OSError) -> Problem:
    """The one-line reason a file could not be read."""
    reason = exc.strerror or exc.__class__.__name__
    return Problem(f"cannot read file: {reason}", kind="read")


def parse_bytes(data: bytes, path: Path, markers: Markers | None = None) -> Review:
    """Parse a file's bytes (see :func:`parse_review`)."""
    markers = markers or Markers()
    if data.find(b"\x00", 0, 8192) != -1:
        utf16 = data.startswith((b"\xff\xfe", b"\xfe\xff"))  # Notepad's "Unicode"
        why = "UTF-16 text: save it as UTF-8" if utf16 else "binary file, not Markdown"
        return Review(path, error=Problem(why, kind="read"))
    bom = data.startswith(b"\xef\xbb\xbf")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        at = exc.start + 3 if bom else exc.start  # "utf-8-sig" counts from after the BOM
        line = data.count(b"\n", 0, at) + 1
        message = f"not valid UTF-8: byte 0x{data[at]:02x} at offset {at}"
        return Review(path, error=Problem(message, line=line, kind="read"))
    return parse_text(text, path, markers, bom=bom)


def _newline(text: str) -> str:
    """The file's line ending, as its first line ends (a fix writes new lines with it)."""
    eol = text.find("\n")
    return "\r\n" if eol > 0 and text[eol - 1] == "\r" else "\n"


_LEADING_BLANKS = re.compile(r"(?:[ \t]*\r?\n)*")
_CLOSERS = {opener: re.compile(rf"^{re.escape(opener)}[ \t]*\r?$", re.M) for opener in _HANDLERS}


def parse_text(
    text: str, path: Path, markers: Markers | None = None, *, bom: bool = False
) -> Review:
    """Parse decoded text (BOM already removed).

    Works on offsets into the text rather than on its lines: ``list`` parses every file of
    the archive and needs only the front matter and the body.
    """
    review = Review(
        path,
        text=text,
        bom=bom,
        newline=_newline(text),
        markers=markers or Markers(),
    )
    start = _LEADING_BLANKS.match(text).end()  # type: ignore[union-attr]
    if start == len(text):
        return review
    first_line = text.count("\n", 0, start) + 1
    eol = text.find("\n", start)
    if eol < 0 and ("\r" in text or "\u2028" in text):
        # read as one line, its front matter would go unseen and a draft pass as published
        message = "no line breaks but CR or U+2028: save the file with LF or CRLF line endings"
        review.error = Problem(message, line=1, kind="read")
        return review
    opener = text[start : eol if eol >= 0 else len(text)].rstrip()
    if opener in _HANDLERS:
        _parse_fenced(review, start, first_line, opener)
    elif _PELICAN_LINE.match(opener):
        _parse_pelican(review, start, first_line)
    elif fence := _near_fence(opener):
        message = f"front matter not recognised: line {first_line} must be exactly {fence!r}"
        review.error = Problem(message, line=first_line)
    return review


#: Characters that hide before or after a fence: spaces, a second BOM, zero-width ones.
_INVISIBLE = " \t\u00a0\u00ad\u200b\u200c\u200d\u2060\ufeff"


def _near_fence(line: str) -> str:
    """The fence ``line`` nearly is (``---`` or ``+++``): indented, with an invisible
    character, or longer; "" when it is none."""
    bare = line.strip(_INVISIBLE)
    if len(bare) >= 3 and bare[0] in "-+" and bare == bare[0] * len(bare):
        return bare[0] * 3
    return ""


def _parse_fenced(review: Review, start: int, first_line: int, opener: str) -> None:
    fmt, handler = _HANDLERS[opener]
    review.format = fmt
    text = review.text
    inner = text.find("\n", start) + 1
    close = _CLOSERS[opener].search(text, inner) if inner else None
    if close is None:
        review.error = Problem(
            f"front matter opened with {opener!r} at line {first_line} is never closed",
            line=first_line,
        )
        review.body_line = first_line + 1
        return
    close_line = first_line + 1 + text.count("\n", inner, close.start())
    review.front_matter = Region(first_line, close_line)
    review.body_line = close_line + 1
    after = text.find("\n", close.end())
    review.body_offset = len(text) if after < 0 else after + 1
    source = text[inner : close.start()].replace("\r\n", "\n")
    offset = first_line + 1  # file line of the first line inside the fences
    try:
        data = _YAML.load(source, Loader=_Loader) if fmt is Format.YAML else handler.load(source)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = offset, 1
        if mark is not None and 0 <= mark.index <= len(source):
            # counted in the file's own lines: YAML also breaks lines at a lone CR, NEL and
            # U+2028, which no editor shows as one
            line = offset + source.count("\n", 0, mark.index)
            column = mark.index - source.rfind("\n", 0, mark.index)
        elif mark is not None:
            line, column = offset + mark.line, mark.column + 1
        review.error = Problem(_yaml_message(exc), line=line, column=column)
        return
    except yaml.reader.ReaderError as exc:  # a control character: at its line and column
        at = exc.position
        line = offset + source.count("\n", 0, at)
        column = at - source.rfind("\n", 0, at)
        character = exc.character if isinstance(exc.character, str) else chr(exc.character)
        message = f"invalid YAML: control character U+{ord(character):04X} is not allowed"
        review.error = Problem(message, line=line, column=column)
        return
    except yaml.YAMLError as exc:
        review.error = Problem(f"invalid YAML: {exc}", line=offset)
        return
    except tomllib.TOMLDecodeError as exc:
        message = re.sub(r"\s*\((?:at line \d+, column \d+|at end of document)\)", "", str(exc))
        review.error = Problem(
            f"invalid TOML: {message}",
            line=offset - 1 + toml_error_line(exc, source),
            column=toml_error_column(exc),
        )
        return
    except RecursionError:
        review.error = Problem(f"front matter nested deeper than {MAX_DEPTH} levels", offset)
        return
    except (ValueError, OverflowError) as exc:
        digits = _HUGE_NUMBER.search(source)  # Python reads no integer of 4,300 digits
        if digits is not None and "digits" in str(exc):
            line = offset + source.count("\n", 0, digits.start())
            review.error = Problem("front matter holds an integer too large to use", line)
        else:
            review.error = Problem(f"invalid front matter value: {_first_line(exc)}", offset)
        return
    if data is None:
        data = {}
    if not isinstance(data, dict):
        kind = type(data).__name__
        review.error = Problem(f"front matter must be a mapping of keys, not a {kind}", offset)
        return
    problem, key = check_values(data)
    if problem:
        review.error = Problem(problem, (review.key_line(key) if key else None) or offset)
        return
    review.metadata = {str(k): v for k, v in data.items()}


_HUGE_NUMBER = re.compile(r"\d{4300}")

#: Limits on front matter values, enforced by :func:`check_values`.
MAX_DEPTH = 32
MAX_NODES = 20_000
MAX_INT_BITS = 64


def check_values(data: Any) -> tuple[str, str | None]:
    """Why ``data`` is refused, or ``""``: nested too deep, too many values (a YAML alias bomb
    expands to billions while it costs a kilobyte), an integer too large to use; and the
    top-level key whose value it is, when there is one."""
    if type(data) is dict and _plainly_fine(data):
        return "", None
    return _walk(data)


def _walk(data: Any) -> tuple[str, str | None]:
    """:func:`check_values` for front matter of any shape: every value visited."""
    budget = MAX_NODES
    stack: list[tuple[Any, int, str | None]] = [(data, 0, None)]
    while stack:
        value, depth, key = stack.pop()
        budget -= 1
        if budget < 0:
            return f"front matter has more than {MAX_NODES:,} values (YAML aliases?)", None
        if depth > MAX_DEPTH:
            return f"front matter nested deeper than {MAX_DEPTH} levels", key
        if isinstance(value, dict):
            top = depth == 0
            stack.extend((v, depth + 1, str(k) if top else key) for k, v in value.items())
            stack.extend((k, depth + 1, key) for k in value if not isinstance(k, str))
        elif isinstance(value, list | tuple | set):
            stack.extend((v, depth + 1, key) for v in value)
        elif (
            isinstance(value, int)
            and not isinstance(value, bool)
            and value.bit_length() > MAX_INT_BITS
        ):
            return "front matter holds an integer too large to use", key
    return "", None


#: values that hold no others and are no integer: nothing in them to check
_LEAVES = frozenset((str, float, bool, type(None), dt.date, dt.datetime, dt.time))


def _plainly_fine(data: dict[Any, Any]) -> bool:
    """Whether front matter of the usual shape passes :func:`check_values`, told without its
    walk: text keys whose values are text, dates, small numbers or lists of text (anything
    else: the walk decides). bench_instructions: parsing a review 11 % fewer instructions."""
    nodes = 1 + len(data)
    for key, value in data.items():
        kind = type(value)
        if type(key) is not str:
            return False
        if kind in _LEAVES:
            continue
        if kind is int:
            if value.bit_length() > MAX_INT_BITS:
                return False
            continue
        if kind is not list or not all(type(item) is str for item in value):
            return False
        nodes += len(value)
    return nodes <= MAX_NODES


def _first_line(exc: BaseException) -> str:
    return str(exc).splitlines()[0] if str(exc) else exc.__class__.__name__


def _yaml_message(exc: yaml.MarkedYAMLError) -> str:
    problem = exc.problem or exc.context or "syntax error"
    message = f"invalid YAML: {problem}"
    if problem.startswith("mapping values are not allowed"):
        message += " (quote a value that contains ': ')"
    return message


def _parse_pelican(review: Review, start: int, first_line: int) -> None:
    """Pelican/MultiMarkdown ``Key: value`` headers: lines up to the first blank line."""
    metadata: dict[str, Any] = {}
    lines = review.lines
    index = first_line - 1
    while index < len(lines) and lines[index].strip():
        match = _PELICAN_LINE.match(lines[index])
        if match is None:
            return  # not a header block after all: plain Markdown
        metadata[match.group(1).lower()] = match.group(2).strip()
        index += 1
    if "title" not in metadata:
        return
    if isinstance(metadata.get("tags"), str):
        metadata["tags"] = [t.strip() for t in metadata["tags"].split(",") if t.strip()]
    review.format = Format.PELICAN
    review.metadata = metadata
    review.front_matter = Region(first_line, index)
    review.body_line = index + 1
    review.body_offset = -1
