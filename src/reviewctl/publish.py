"""``publish`` and ``unpublish``: flip a review's status, changing only those front matter lines."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from reviewctl.config import draft_fields
from reviewctl.edit import set_fields
from reviewctl.errors import InputError
from reviewctl.fs import clean_stale_temps, edit_target, write_atomic
from reviewctl.model import Review, as_date, truth
from reviewctl.parse import parse_text

if TYPE_CHECKING:
    from reviewctl.config import Config
    from reviewctl.lint.registry import Finding


@dataclass(frozen=True, slots=True)
class Outcome:
    """What ``publish``/``unpublish`` did to one file: ``changed`` is False for a no-op."""

    changed: bool
    date: dt.date | None
    note: str = ""


#: Findings that stop ``publish`` whatever their severity: a placeholder (``TODO``) left in
#: the text means the review is unfinished.
UNFINISHED = frozenset({"TX002"})


def blocking_findings(review: Review, config: Config) -> list[Finding]:
    """The lint findings that stop ``publish`` (``--force`` overrides).

    Error-severity findings, and placeholders left from the template.
    """
    from reviewctl.lint.engine import Linter
    from reviewctl.lint.registry import Severity

    return [
        f
        for f in Linter(config).lint(review)
        if f.severity is Severity.ERROR or f.code in UNFINISHED
    ]


def _status_values(review: Review, published: bool, draft_key: str = "status") -> dict[str, Any]:
    """The status keys to set; Hugo/Jekyll ``draft``/``published`` flags keep their convention,
    and a file that says nothing gets the blog's own (``draft_key``): ``status: draft`` is
    nothing to Hugo, Jekyll or Zola, which would keep the post online."""
    meta = review.metadata
    values: dict[str, Any] = {}
    if draft_key in meta and draft_key != "status" and truth(meta[draft_key]) is None:
        # remysharp.com's books: ``published: 1932`` is the book's year, no draft flag
        raise InputError(
            f"its {draft_key!r} is {meta[draft_key]!r}, not true or false, so it cannot say"
            f" whether the review is a draft (the blog's draft_key): edit it by hand",
            review.path,
            review.key_line(draft_key),
        )
    if not review.states_status and draft_key != "status":
        return draft_fields(draft_key, draft=not published)
    flags = {k for k in ("draft", "published") if truth(review.get(k)) is not None}
    if "status" in meta or not flags:
        values["status"] = "published" if published else "draft"
    # the generator's own flags, however their keys are capitalised (Hugo's Draft = true)
    if review.holds("draft"):
        values["draft"] = not published
    if isinstance(review.get("published"), bool):
        values["published"] = published
    return values


#: Why the status line could not be changed in place (``set_fields`` edits lines, and
#: these front matters have no line of their own to edit).
_NOT_IN_PLACE = (
    "its status or date cannot be changed in place without breaking the front matter (a "
    "front matter written as {…}, the key inside a table, or set twice): edit it by hand"
)


def _first(review: Review) -> int | None:
    """The front matter's first line, where the by-hand edit starts."""
    return review.front_matter.start if review.front_matter else None


def published_text(
    review: Review, date: dt.date | None, draft_key: str = "status", *, now: bool = False
) -> tuple[str, dt.date | None]:
    """The review's text with status published and ``date`` set (``None``: the date it has
    stays; ``now``: it is today's, and a time of day it keeps is never still to come), and
    the date it now has; nothing else changes."""
    values = _status_values(review, True, draft_key)
    if date is not None:
        key, value = _dated(review, date, now=now)
        values[key] = value
        date = as_date(value) or date  # "now" where the review's time is: perhaps yesterday
    date = date or review.date
    text = set_fields(review, values)
    check = parse_text(text, review.path, review.markers)
    if check.error is not None or check.status != "published" or check.date != date:
        raise InputError(f"could not publish: {_NOT_IN_PLACE}", review.path, _first(review))
    return text, date


def draft_text(review: Review, draft_key: str = "status") -> str:
    """The review's text back to a draft; the date stays as it was. A status the import kept
    from WordPress (``wp_status: future``, ``private``) becomes ``draft``: the author made it
    one, and a push must not schedule or publish it."""
    values = _status_values(review, False, draft_key)
    if review.metadata.get("wp_status") not in (None, "draft"):
        values["wp_status"] = "draft"
    text = set_fields(review, values)
    check = parse_text(text, review.path, review.markers)
    if check.error is not None or check.status != "draft":
        raise InputError(f"could not unpublish: {_NOT_IN_PLACE}", review.path, _first(review))
    return text


def _dated(review: Review, date: dt.date, *, now: bool = False) -> tuple[str, Any]:
    """The front matter key and value that give the review ``date``: the key it is dated by
    already (``date``, an alias such as ``read``, another generator's ``pubDatetime``),
    written as it is written there (a string stays a string, a time of day stays); else the
    blog's own date key."""
    keys = review.keys_for("date")
    key = review.date_key or keys[-1]
    old = review.metadata.get(key)
    if isinstance(old, dt.datetime):
        return key, _moment(date, old, now=now)
    if isinstance(old, str):
        old = old.strip()
        timed = len(old) > 10 and old[10] in "T " and as_date(old) is not None
        if timed:
            try:
                written = dt.datetime.fromisoformat(old)
            except ValueError:  # a time written some other way: the day alone changes
                return key, date.isoformat() + old[10:]
            moment = _moment(date, written, now=now)
            if moment.time() == written.time():
                return key, date.isoformat() + old[10:]  # as written, to the character
            # as precise as written ("23:39", no seconds), and UTC as "Z" where it was so
            text = moment.isoformat(old[10], "seconds" if old[16:17] == ":" else "minutes")
            return key, _zulu(old, text)
        if _UNQUOTED_DATE.match(review.lines[(review.key_line(key) or 1) - 1]):
            return key, date  # an unquoted "2025-9-1": a date, written as a date is
        return key, date.isoformat()
    return key, date


_UNQUOTED_DATE = re.compile(r"^[\w-]+[ \t]*[:=][ \t]*\d")


def _zulu(written: str, text: str) -> str:
    """``text`` (a moment) with UTC written as ``Z`` when ``written`` wrote it so."""
    if written.endswith(("Z", "z")) and text.endswith("+00:00"):
        return text[:-6] + written[-1]
    return text


def _moment(date: dt.date, written: dt.datetime, *, now: bool = False) -> dt.datetime:
    """``date`` at the time of day ``written`` has, in its zone; but, for a review published
    ``now``, the present moment there when that would be later: a review published today is
    not dated hours ahead (export would hold it back, a push schedule it)."""
    moment = dt.datetime.combine(date, written.time(), written.tzinfo)
    present = dt.datetime.now(written.tzinfo).replace(microsecond=0)
    return present if now and moment > present else moment


def _readable(review: Review) -> None:
    if review.error is not None:
        raise InputError(review.error.message, review.path, review.error.place)


def _write(review: Review, text: str) -> None:
    bom = "\ufeff" if review.bom else ""
    target = edit_target(review.path)
    original = (bom + review.text).encode("utf-8")  # the file as read (it reads back exactly)
    write_atomic(target, (bom + text).encode("utf-8"), force=True, expected=original)
    clean_stale_temps(target.parent)  # what an interrupted edit of this folder left


def already_published(
    review: Review, date: dt.date | None = None, *, keeps_dates: bool = True
) -> bool:
    """True when ``publish`` would leave the review as it is: published, dated (or of a blog
    that keeps no dates: ``keeps_dates`` false), and no new date asked for."""
    if review.is_draft or (review.date is None and keeps_dates):
        return False
    return date is None or date == review.date


def publish(
    review: Review,
    date: dt.date | None = None,
    draft_key: str = "status",
    *,
    keeps_dates: bool = True,
) -> Outcome:
    """Publish ``review`` in place, atomically.

    A review that is already published with a date keeps it unless ``date`` is given: a
    second ``publish`` never re-dates a post. Without ``date``, a draft in the house style
    (``status``) gets today's; in a blog whose generator flags drafts (Hugo's ``draft``,
    Jekyll's ``published``), a draft keeps the date it has, as the generator would, and
    gets today's only when it has none. A date the file name gives (Jekyll's
    ``2020-05-07-title.md``) is never contradicted: another ``date`` is refused.
    """
    _readable(review)
    if review.unbuilt:  # no flag of its own publishes it
        raise InputError(f"not published: {review.unbuilt}", review.path)
    if already_published(review, date, keeps_dates=keeps_dates):
        return Outcome(False, review.date, "already published")
    named, now = review.file_date, False
    if named is not None and review.date_key is None:
        if date is not None and date != named:
            raise InputError(
                f"the file name dates it {named.isoformat()}: rename the file to date it"
                f" {date.isoformat()}",
                review.path,
            )
        date = None  # dated by its name, which stays
    elif named is not None and date is None and review.date == named:
        pass  # its name and its date agree: today's would contradict the name
    elif date is None and keeps_dates and (_house_draft(review, draft_key) or review.date is None):
        date, now = dt.date.today(), True  # a blog that keeps no dates gets none
    text, dated = published_text(review, date, draft_key, now=now)
    _write(review, text)
    note = ""
    if review.metadata.get("wp_status") == "publish" and review.is_draft:
        # the import's sign of a post WordPress kept behind a password (which it did not keep)
        note = "it was password-protected on WordPress: published, it is public"
    return Outcome(True, dated, note)


def _house_draft(review: Review, draft_key: str) -> bool:
    """Whether ``review`` is a draft by the house's ``status``, which publishing dates today;
    a draft by its generator's flag (Hugo's ``Draft``, Jekyll's ``published``) keeps its date,
    as the generator would."""
    if draft_key != "status":
        return False
    return "status" in review.metadata or not (review.holds("draft") or review.holds("published"))


def unpublish(review: Review, draft_key: str = "status") -> Outcome:
    """Turn a published review back into a draft in place; its date is kept."""
    _readable(review)
    kept = review.metadata.get("wp_status")  # an import's: scheduled, private, pending…
    if review.is_draft and kept in (None, "draft"):
        return Outcome(False, review.date, "already a draft")
    _write(review, draft_text(review, draft_key))
    return Outcome(True, review.date)
