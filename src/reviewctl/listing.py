"""``list``: filter, sort and format the archive as records."""

from __future__ import annotations

import csv
import io
import json
import math
import os
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reviewctl.errors import InputError

if TYPE_CHECKING:
    from reviewctl.config import Config
    from reviewctl.model import Review

FIELDS = (
    "path", "title", "work", "medium", "status", "date", "rating", "tags",
    "words", "reading_minutes", "format", "error",
)  # fmt: skip
TABLE_FIELDS = ("title", "medium", "status", "date", "rating", "words", "path")


def row(review: Review) -> dict[str, Any]:
    """What ``list`` keeps of a review: its summary, and its front matter as JSON text
    (decoded by :func:`metadata` only when a query reads a front matter key: bench_index's
    warm ``list`` of 10,000 reviews decodes its remembered rows in half the time). Not the path: the
    rows' reader puts the walker's spelling of it back."""
    from reviewctl.terminal_text import as_json

    summary = review.summary()
    del summary["path"]
    summary["_metadata"] = as_json(_plain(review.metadata))
    return summary


_ROW_KEYS = frozenset(FIELDS) - {"path"} | {"_metadata"}
_TEXT_KEYS = ("title", "work", "medium", "status", "format")


def is_row(value: Any) -> bool:
    """Whether a row the archive index gave back has the shape :func:`row` makes: one of
    another shape (damaged, or edited by hand) is made again from its file."""
    return (
        isinstance(value, dict)
        and value.keys() >= _ROW_KEYS
        and all(type(value[key]) is str for key in _TEXT_KEYS)
        and (value["error"] is None or type(value["error"]) is str)
        and type(value["tags"]) is list
        and all(type(tag) is str for tag in value["tags"])
    )


def metadata(item: dict[str, Any]) -> dict[str, Any]:
    """A row's front matter."""
    value = item.get("_metadata") or {}
    if isinstance(value, str):
        import orjson

        try:
            value = orjson.loads(value)
        except orjson.JSONDecodeError:  # a damaged remembered row: no front matter to show
            value = {}
        item["_metadata"] = value
    return value if isinstance(value, dict) else {}


def query_fields(config: Config | None, rows: Iterable[dict[str, Any]] = ()) -> list[str]:
    """Names ``--fields`` and ``--sort`` accept: the standard fields, the front matter keys
    the config knows, and any key found in ``rows``."""
    from reviewctl import schema
    from reviewctl.config import DEFAULT_MEDIA

    names = dict.fromkeys(FIELDS)
    if config is not None:
        names.update(dict.fromkeys(schema.known_fields(config)))
    else:
        names.update(dict.fromkeys(schema.fields_for(DEFAULT_MEDIA.values(), ())))
    for item in rows:
        names.update(dict.fromkeys(metadata(item)))
    return list(names)


def _unknown(option: str, value: str, valid: Sequence[str], *, show: bool = True) -> InputError:
    from reviewctl.suggest import did_you_mean

    guess = did_you_mean(value.casefold(), valid)
    hint = f" (did you mean {guess!r}?)" if guess else ""
    listed = f"; valid: {', '.join(valid)}" if show else ""
    return InputError(f"{option}: unknown value {value!r}{hint}{listed}")


def check_query(
    config: Config,
    rows: Sequence[dict[str, Any]],
    *,
    status: str | None = None,
    medium: str | None = None,
    fields: Sequence[str] = (),
    sort: str | None = None,
) -> None:
    """Refuse filter values that can match nothing, naming the valid ones (did you mean …?)."""
    if status is not None:
        from reviewctl.schema import STATUSES

        if status.lower() not in STATUSES:
            raise _unknown("--status", status, STATUSES)
    if medium is not None and medium.lower() not in config.media:
        from reviewctl.suggest import suggest_medium

        guess = suggest_medium(medium, config.media)
        hint = f" (did you mean {guess!r}?)" if guess else ""
        valid = ", ".join(sorted(config.media))
        raise InputError(f"--medium: unknown value {medium!r}{hint}; valid: {valid}")
    wanted = [*fields, *([sort] if sort is not None else [])]
    if all(name in FIELDS for name in wanted):
        return  # the common case: no need to collect every front matter key of the archive
    names = query_fields(config, rows)
    # the valid fields are many: list the standard ones, suggest the closest of all
    names += [n for n in wanted if "." in n and n.split(".", 1)[0] in names]  # in a table
    for field in fields:
        if field not in names:
            error = _unknown("--fields", field, names, show=False)
            raise InputError(f"{error.message}; fields: {', '.join(FIELDS)} or a front matter key")
    if sort is not None and sort not in names:
        error = _unknown("--sort", sort, names, show=False)
        raise InputError(f"{error.message}; fields: {', '.join(FIELDS)} or a front matter key")


def display_path(path: str, root: Path, cwd: Path | None = None) -> str:
    """A path as the table shows it: relative to the current folder (``../game/x.md`` from
    a folder of the archive, so that it can be used from there), else to the archive."""
    candidate = Path(path)
    if not candidate.is_absolute():
        return path
    here = cwd or Path.cwd()
    try:
        return str(candidate.relative_to(here))
    except ValueError:
        pass
    if here.is_relative_to(root):
        return os.path.relpath(candidate, here)
    try:
        return str(candidate.relative_to(root))
    except ValueError:
        return path


def to_tsv(records: list[dict[str, Any]], fields: Sequence[str]) -> str:
    """One tab-separated line per record, no header (for grep, cut and sort)."""
    lines = []
    for rec in records:
        cells = (cell(rec.get(n)).replace("\t", " ").replace("\n", " ") for n in fields)
        lines.append("\t".join(cells) + "\n")
    return "".join(lines)


def select(
    rows: Iterable[dict[str, Any]],
    *,
    status: str | None = None,
    medium: str | None = None,
    tags: Sequence[str] = (),
) -> list[dict[str, Any]]:
    """Rows matching every filter. A file that failed to parse is always kept."""
    tagged = _tagged(tags) if tags else None
    kept = []
    for item in rows:
        if item["error"] is None:
            if status and item["status"] != status.lower():
                continue
            if medium and item["medium"] != medium.lower():
                continue
            if tagged is not None and not tagged(item["tags"]):
                continue
        kept.append(item)
    return kept


def _tagged(tags: Sequence[str]) -> Callable[[list[str]], bool]:
    """Whether a review's tags hold every one of ``tags``, however each is written (as the
    site's tag pages group them: Café, cafe and CAFÉ are one tag)."""
    from reviewctl.slug import tag_slug

    wanted = {tag_slug(t) for t in tags}
    return lambda have: wanted <= {tag_slug(t) for t in have}


def record(item: dict[str, Any], fields: Sequence[str]) -> dict[str, Any]:
    """The named fields of a row; a name that is not a standard field reads front matter."""
    front = metadata(item) if any(name not in FIELDS for name in fields) else {}
    if any("." in name for name in fields):  # a key in a table: Zola's extra.book_author
        from reviewctl.model import lookup

        return {name: item[name] if name in FIELDS else lookup(front, name) for name in fields}
    return {name: item[name] if name in FIELDS else front.get(name) for name in fields}


#: the values that are JSON as they are, told by their type: no ``X | Y`` union built per
#: ``isinstance`` call (bench_instructions: a list row 9.7 % fewer instructions)
_JSON_LEAVES = frozenset((str, int, bool, type(None)))


def _plain(value: Any) -> Any:
    """JSON-ready: dates become ISO strings, anything odd its ``str``."""
    if type(value) in _JSON_LEAVES:  # most values
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None  # JSON has no NaN or Infinity
    if isinstance(value, (str, int)):
        return value
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    iso = getattr(value, "isoformat", None)
    return iso() if callable(iso) else str(value)


def sort_records(
    records: list[dict[str, Any]], field: str, reverse: bool = False
) -> list[dict[str, Any]]:
    """Sort by ``field``; records without a value always come last."""
    present = [r for r in records if r.get(field) not in (None, "", [])]
    missing = [r for r in records if r.get(field) in (None, "", [])]
    values = [r[field] for r in present]
    if all(type(v) is str for v in values):  # dates, titles: keys made in C (10 → 5 ms)
        keys = list(map(str.casefold, values))
        order = sorted(range(len(present)), key=keys.__getitem__, reverse=reverse)
        return [present[i] for i in order] + missing

    def key(r: dict[str, Any]) -> tuple[int, Any]:
        value = r[field]
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return (0, value)
        if isinstance(value, list):
            value = ", ".join(map(str, value))
        return (1, str(value).casefold())

    return sorted(present, key=key, reverse=reverse) + missing


def from_here(records: list[dict[str, Any]], root: Path) -> list[dict[str, Any]]:
    """``records`` with each path relative to the current folder when that is in the archive
    at ``root`` (``../game/x.md`` from ``reviews/anime``), as the table gives it: a script run
    here opens it as it is; run from elsewhere, paths stay absolute."""
    cwd = os.getcwd()
    here = cwd + os.sep
    inside = os.path.join(os.path.realpath(cwd), "").startswith(
        os.path.join(os.path.realpath(root), "")
    )
    for rec in records:
        path = rec.get("path")
        if not isinstance(path, str):
            continue
        if path.startswith(here):
            rec["path"] = path[len(here) :]
        elif inside and os.path.isabs(path):
            rec["path"] = os.path.relpath(path, cwd)
    return records


def to_json(records: list[dict[str, Any]]) -> str:
    """A compact JSON array (orjson: 10,000 rows in 13 ms, the standard library's 36)."""
    from reviewctl.terminal_text import as_json

    return as_json(records)


def to_csv(records: list[dict[str, Any]], fields: Sequence[str]) -> str:
    """CSV: a tab or a line break in a value is written as it is, in the quoted field that
    carries it (a table's cell escapes them)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(fields), lineterminator="\n")
    writer.writeheader()
    for rec in records:
        writer.writerow({k: cell(v, keep="\t\n") for k, v in rec.items()})
    return buffer.getvalue()


def cell(value: Any, *, keep: str = "") -> str:
    """A value as one table or CSV cell, control characters but ``keep`` escaped (``\\x1b``)."""
    from reviewctl.terminal_text import escape_controls

    if value is None:
        return ""
    if isinstance(value, dict):  # a front matter table: as JSON writes it, not as Python
        return escape_controls(_json(value), keep)
    if isinstance(value, list):
        items = (_json(v) if isinstance(v, dict | list) else str(v) for v in value)
        return escape_controls(", ".join(items), keep)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return escape_controls(str(value), keep)


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


def query(
    config: Config,
    rows: list[dict[str, Any]],
    *,
    status: str | None = None,
    medium: str | None = None,
    tags: Sequence[str] = (),
    fields: Sequence[str] = FIELDS,
    sort: str = "date",
    reverse: bool = False,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """``list``'s whole query: the rows kept by the filters, and their records (``fields``
    only) sorted by ``sort``. Unknown filter values raise :class:`InputError`."""
    check_query(config, rows, status=status, medium=medium, fields=fields, sort=sort)
    chosen = select(rows, status=status, medium=medium, tags=tags)
    wanted = tuple(fields) if sort in fields else (*fields, sort)
    if all(name in FIELDS for name in wanted):  # no front matter key: copy the fields alone
        records = [{name: r[name] for name in wanted} for r in chosen]
    else:
        records = [record(r, wanted) for r in chosen]
    records = sort_records(records, sort, reverse)
    if sort not in fields:
        for rec in records:
            del rec[sort]
    return chosen, records
