"""FM: the front matter block, its required fields and the type of every value."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from reviewctl import schema
from reviewctl.lint.context import Context
from reviewctl.lint.registry import Diagnostic, Edit, Fix, Rule, Severity, register
from reviewctl.model import Format, Review
from reviewctl.suggest import did_you_mean


def _key_position(ctx: Context, key: str) -> tuple[int, int]:
    """Line and column of ``key``'s value (the block's first line when the key is absent)."""
    review = ctx.review
    line = review.key_line(key)
    if line is None:
        return (review.front_matter.start if review.front_matter else 1), 1
    match = re.match(rf"^[\"']?{re.escape(key)}[\"']?\s*[:=][ \t]*", review.lines[line - 1])
    column = match.end() + 1 if match and match.end() < len(review.lines[line - 1]) else 1
    return line, column


def _present(review: Review, key: str) -> bool:
    """Whether field ``key`` has a value where ``list`` would find it: its key or an alias,
    the title as the first H1, the date in the file name, the status as a draft flag."""
    if key == "date":
        return review.date is not None or any(
            review.metadata.get(k) not in (None, "") for k in schema.DATE_ALIASES
        )
    if key == "title":
        return bool(review.title)
    if key == "status":
        return review.states_status
    return review.value(key) is not None


def _blank(value: object) -> bool:
    """Whether a front matter value is empty: nothing, blank text, an empty list or table."""
    if isinstance(value, str):
        return not value.strip()
    return value is None or value == [] or value == {}


def _usable(ctx: Context) -> bool:
    return ctx.review.error is None and ctx.review.front_matter is not None


@register
class FrontMatterMissing(Rule):
    """The file has no front matter block.

    What it does
        Reports a review that starts without a YAML (``---``), TOML (``+++``) or Pelican
        (``Title: …``) metadata block.

    Why
        Without front matter the blog does not know the title, date or status of the post, and
        reviewctl cannot tell what work it reviews.

    Example
        A file that starts directly with ``Metallic Rouge is Studio Bones …``.

    Fix
        Add a block at the top, e.g. ``reviewctl new`` prints one::

            ---
            title: "Anime Review: Metallic Rouge"
            work: Metallic Rouge
            medium: anime
            status: draft
            ---

    Configure
        ``[lint] ignore = ["FM001"]`` for a blog whose posts carry no front matter (``init``
        does this when most posts have none); ``[lint.per_file_ignores]`` for single pages.
    """

    code = "FM001"
    name = "front-matter-missing"
    severity = Severity.ERROR

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        review = ctx.review
        if review.error is None and review.format is Format.NONE:
            yield Diagnostic(1, 1, "no front matter: the file does not start with a --- block")


@register
class FrontMatterNotFirst(Rule):
    """Blank lines above the front matter.

    What it does
        Reports a front matter block that does not start on the file's first line.

    Why
        Jekyll, and other generators, read front matter only at the very start of the file:
        below a blank line the block is text, and the page shows it (a rule and a heading
        made of the keys) with no title, date or layout.

    Example
        An empty line, then ``---``, ``title: …``.

    Fix
        Delete the blank lines above the block; ``--fix`` does.

    Configure
        ``init`` switches it off for a Hugo or Zola blog: they skip blank lines above the
        block.
    """

    code = "FM009"
    name = "front-matter-not-first"
    severity = Severity.WARNING
    fixable = True

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        region = ctx.review.front_matter
        if region is None or region.start == 1:
            return
        end = ctx.line_offsets[region.start - 1]
        fix = Fix((Edit(0, end, ""),), "delete the blank lines above the front matter")
        message = "front matter below a blank line: a generator may not read it"
        yield Diagnostic(region.start, 1, message, fix)


@register
class FrontMatterInvalid(Rule):
    """The front matter does not parse as YAML or TOML.

    What it does
        Reports a front matter block that is not valid YAML/TOML, at the line of the problem,
        or one that is never closed.

    Why
        A block that does not parse loses every field: the blog shows no title or date and
        the post may not be published at all.

    Example
        ``title: Anime Review: Metallic Rouge`` — an unquoted value containing ``: `` is a
        YAML error.

    Fix
        Quote the value: ``title: "Anime Review: Metallic Rouge"``; close the block with the
        same fence that opened it.

    Configure
        Nothing changes what parses; ``front_matter`` (yaml or toml) only sets the format
        ``new`` writes. Silence a file with ``[lint.per_file_ignores]``.
    """

    code = "FM002"
    name = "front-matter-invalid"
    severity = Severity.ERROR

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        error = ctx.review.error
        if error is not None and error.kind != "read":
            yield Diagnostic(error.line, error.column, error.message)


@register
class RequiredFieldMissing(Rule):
    """A required front matter field is absent or empty.

    What it does
        Checks that every field in ``required_fields`` (default: title, work, medium, status)
        has a value, and that a published review has a ``date``.

    Why
        The title pattern, the category, the archive listing and the export all depend on
        these fields; a published post without a date sorts wrongly in every feed.

    Example
        A published review without ``date:``; a draft without ``work:``.

    Fix
        Add the field to the front matter. A draft may leave out the date until
        ``reviewctl publish`` sets it.

    Configure
        ``required_fields`` lists the fields; ``[aliases]`` names the blog's own keys for them
        (``date = "published_at"``). A date in the file name, a title as the first H1 and a
        ``draft`` flag count, as in ``list``. ``[lint] require_date = false`` when posts carry
        no date at all (``init`` sets it for such a blog). On a blog that keeps no front
        matter (FM001 off), a file whose first line is no heading has no title.
    """

    code = "FM003"
    name = "required-field-missing"
    severity = Severity.ERROR

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        review = ctx.review
        if review.error is None and review.front_matter is None:
            # a blog that keeps no front matter (FM001 off): the title is still needed
            if (
                "title" in ctx.config.required_fields
                and not review.title
                and not ctx.reports("FM001")
            ):
                yield Diagnostic(1, 1, "no title: start the file with a '# Title' heading")
            return
        if not _usable(ctx):
            return
        meta = review.metadata
        required = list(ctx.config.required_fields)
        if not review.is_draft and "date" not in required and ctx.config.lint.require_date:
            required.append("date")
        line = review.front_matter.start if review.front_matter else 1
        for key in required:
            if _present(review, key):
                continue
            empty = key in meta
            if empty and not _blank(meta[key]):
                continue  # there, of the wrong type ("title: 5"): FM004 says so
            why = " (needed once published)" if key == "date" and not review.is_draft else ""
            message = f"required field {key!r} is {'empty' if empty else 'missing'}{why}"
            if key == "status" and not empty and ctx.config.draft_key != "status":
                flag = ctx.config.draft_key  # the blog's own draft flag, as init learned it
                message = f"required field 'status' is missing (the blog says it with {flag!r})"
            yield Diagnostic(*(_key_position(ctx, key) if empty else (line, 1)), message)


@register
class FieldValueInvalid(Rule):
    """A front matter value has the wrong type or is not allowed.

    What it does
        Checks each known field: text fields must be text, ``date`` a real date,
        ``status`` draft or published, ``medium`` one of the configured media, ``rating`` a
        number on the configured scale, ``tags`` a list.

    Why
        A wrong value breaks sorting, listing and export silently: ``2023-02-30`` is not a
        date, a rating of 11 on a 10-point scale is a typo.

    Example
        ``date: 2023-02-30``, ``rating: 12``, ``status: publised``, ``medium: animu``.

    Fix
        Correct the value; the message names what is allowed.

    Configure
        ``rating_scale`` (5 or 10) and ``rating_format`` (``number`` or ``stars``) set what a
        rating may be; ``[media.NAME]`` adds media; ``[aliases]`` keys are checked as their
        field.
    """

    code = "FM004"
    name = "field-value-invalid"
    severity = Severity.ERROR

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        if not _usable(ctx):
            return
        review = ctx.review
        fields = ctx.known_fields
        loose = review.format is Format.PELICAN
        text_kinds = (schema.Type.TEXT, schema.Type.TEXTS, schema.Type.TAGS)
        for key, value in review.metadata.items():
            kind = fields.get(key)
            if kind is None or value is None or (value == "" and kind is not schema.Type.DATE):
                continue
            # the common valid cases, without the call (schema.check accepts each of them)
            if type(value) is str:
                if kind in text_kinds:
                    continue
                if kind is schema.Type.STATUS and value.strip().lower() in schema.STATUSES:
                    continue
                if kind is schema.Type.MEDIUM and value.strip().lower() in ctx.config.media:
                    continue
            elif kind is schema.Type.DATE and isinstance(value, dt.date):
                continue
            problem = schema.check(key, value, kind, ctx.config, loose=loose)
            if problem is None:
                continue
            if kind in (schema.Type.STATUS, schema.Type.MEDIUM) and isinstance(value, str):
                choices = schema.STATUSES if kind is schema.Type.STATUS else ctx.config.media
                guess = did_you_mean(value.strip().lower(), choices)
                if guess:
                    problem += f" (did you mean {guess!r}?)"
            yield Diagnostic(*_key_position(ctx, key), problem)


def _same_kind_guess(ctx: Context, key: str, value: object) -> str | None:
    """The known key ``key`` is a misspelling of, if any: never a key that differs only by a
    plural ``s`` (``titles`` is not ``title``: a list of another meaning) and never one whose
    type the value does not have (renaming the key would break the post)."""
    fields = ctx.known_fields
    guess = did_you_mean(key, fields)
    if guess is None:
        return None
    a, b = key.casefold(), guess.casefold()
    if a.rstrip("s") == b.rstrip("s") or a == b + "es" or b == a + "es":
        return None
    # ``header-img`` is not a typo of ``header``: a compound of it, another key
    if a.startswith((b + "-", b + "_")) or b.startswith((a + "-", a + "_")):
        return None
    if value is not None and value != "":
        loose = ctx.review.format is Format.PELICAN
        if schema.check(guess, value, fields[guess], ctx.config, loose=loose) is not None:
            return None
    return guess


@register
class UnknownField(Rule):
    """A front matter key that reviewctl does not know.

    What it does
        Reports keys that are neither house fields, common blog keys, the generators' own
        keys (Hugo, Jekyll, Zola, Pelican, Astro), the medium's fields, ``[aliases]`` nor
        ``extra_fields`` from the config. It suggests the closest known key only when the
        value would be valid there and the two are not singular and plural of each other.

    Why
        A misspelt key is silently ignored by the blog: ``where_to_wach`` never shows where
        to watch.

    Example
        ``where_to_wach: Crunchyroll`` → did you mean ``where_to_watch``?

    Fix
        Correct the spelling, or list the key in ``extra_fields`` in ``reviewctl.toml`` if it
        is meant for your theme.

    Configure
        ``extra_fields`` lists the blog's own keys (``init`` adds those its posts use);
        ``[aliases]`` keys are known too.
    """

    code = "FM005"
    name = "unknown-field"
    severity = Severity.WARNING

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        if not _usable(ctx):
            return
        review = ctx.review
        fields = ctx.known_fields
        for key, value in review.metadata.items():
            if key in fields:
                continue
            guess = _same_kind_guess(ctx, key, value)
            hint = f" (did you mean {guess!r}?)" if guess else ""
            line = review.key_line(key) or (review.front_matter.start if review.front_matter else 1)
            yield Diagnostic(line, 1, f"unknown field {key!r}{hint}")
