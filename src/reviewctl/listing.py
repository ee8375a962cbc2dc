"""``list``: filter, sort and format the archive as records."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from typing import Any

from reviewctl.model import Review

FIELDS = (
    "path", "title", "work", "medium", "status", "date", "rating", "tags",
    "words", "reading_minutes", "format", "error",
)  # fmt: skip
TABLE_FIELDS = ("title", "medium", "status", "date", "rating", "words", "path")


def row(review: Review) -> dict[str, Any]:
    """What ``list`` keeps of a review: its summary and front matter, JSON-ready."""
    summary = review.summary()
    summary["_metadata"] = _plain(review.metadata)
    return summary


def select(
    rows: Iterable[dict[str, Any]],
    *,
    status: str | None = None,
    medium: str | None = None,
    tags: Sequence[str] = (),
) -> list[dict[str, Any]]:
    """Rows matching every filter. A file that failed to parse is always kept."""
    wanted_tags = {t.casefold() for t in tags}
    kept = []
    for item in rows:
        if item["error"] is None:
            if status and item["status"] != status.lower():
                continue
            if medium and item["medium"] != medium.lower():
                continue
            if wanted_tags and not wanted_tags <= {t.casefold() for t in item["tags"]}:
                continue
        kept.append(item)
    return kept


def record(item: dict[str, Any], fields: Sequence[str]) -> dict[str, Any]:
    """The named fields of a row; a name that is not a standard field reads front matter."""
    metadata = item["_metadata"]
    return {name: item[name] if name in FIELDS else metadata.get(name) for name in fields}


def _plain(value: Any) -> Any:
    """JSON-ready: dates become ISO strings, anything odd its ``str``."""
    if value is None or isinstance(value, str | int | float | bool):
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

    def key(r: dict[str, Any]) -> tuple[int, Any]:
        value = r[field]
        if isinstance(value, int | float) and not isinstance(value, bool):
            return (0, value)
        if isinstance(value, list):
            value = ", ".join(map(str, value))
        return (1, str(value).casefold())

    return sorted(present, key=key, reverse=reverse) + missing


def to_json(records: list[dict[str, Any]]) -> str:
    """A compact JSON array (``indent`` would switch to the pure-Python encoder)."""
    return json.dumps(records, ensure_ascii=False)


def to_csv(records: list[dict[str, Any]], fields: Sequence[str]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(fields), lineterminator="\n")
    writer.writeheader()
    for rec in records:
        writer.writerow({k: cell(v) for k, v in rec.items()})
    return buffer.getvalue()


def cell(value: Any) -> str:
    """A value as one table or CSV cell, control characters escaped (``\\x1b``)."""
    from reviewctl.terminal_text import escape_controls

    if value is None:
        return ""
    if isinstance(value, list):
        return escape_controls(", ".join(map(str, value)), "")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return escape_controls(str(value), "")
