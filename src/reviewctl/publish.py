"""``publish``: flip a draft to published, changing only the status and date lines."""

from __future__ import annotations

import datetime as dt
from typing import Any

from reviewctl.edit import set_fields
from reviewctl.errors import InputError
from reviewctl.fs import edit_target, write_atomic
from reviewctl.model import Review
from reviewctl.parse import parse_text


def published_text(review: Review, date: dt.date) -> str:
    """The review's text with status published and ``date`` set; nothing else changes.

    Files that use Hugo/Jekyll ``draft`` or ``published`` flags instead of ``status`` keep
    their own convention.
    """
    meta = review.metadata
    values: dict[str, Any] = {}
    if "status" in meta or not ({"draft", "published"} & meta.keys()):
        values["status"] = "published"
    if "draft" in meta:
        values["draft"] = False
    if isinstance(meta.get("published"), bool):
        values["published"] = True
    values["date"] = date
    text = set_fields(review, values)
    check = parse_text(text, review.path, review.markers)
    if check.error is not None or check.status != "published" or check.date != date:
        raise InputError("could not publish without breaking the front matter", review.path)
    return text


def publish(review: Review, date: dt.date) -> None:
    """Publish ``review`` in place, atomically."""
    if not review.readable and review.error is not None:
        raise InputError(review.error.message, review.path, review.error.line)
    text = published_text(review, date)
    data = ("\ufeff" if review.bom else "") + text
    write_atomic(edit_target(review.path), data.encode("utf-8"), force=True)
