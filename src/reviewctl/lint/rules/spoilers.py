"""SP: the spoiler cut, the warning right above it and the lede before it."""

from __future__ import annotations

import re
from collections.abc import Iterator

from reviewctl.lint.context import Context
from reviewctl.lint.registry import Diagnostic, Edit, Fix, Rule, Severity, register
from reviewctl.prose import count_words
from reviewctl.structure import (
    WARNING_KINDS,
    Kind,
    inline_cuts,
    mentions_spoilers,
    normalize_line,
    spoiler_promise,
)


def _warning_line(ctx: Context) -> int | None:
    """The file line of a paragraph's last line that is the configured warning, if any."""
    warning = normalize_line(ctx.config.spoiler_warning)
    if not warning:
        return None
    for block in ctx.parts.blocks:
        if block.kind is Kind.PARAGRAPH and normalize_line(block.lines[-1]) == warning:
            return block.end
    return None


@register
class SpoilerCutMissing(Rule):
    """The review has no spoiler cut.

    What it does
        Reports a review without the configured cut marker (default ``<!--more-->``), which
        ends the spoiler-free lede shown on the front page and in feeds.

    Why
        Without a cut the whole review, spoilers included, shows on the blog's front page.
        The word "spoilers" in the text is not a cut.

    Example
        ``Spoilers below the cut.`` followed directly by the spoiler paragraphs. A review
        whose front matter marks it all spoilers (``spoiler: true``) needs no cut: it is
        hidden whole.

    Fix
        Put ``<!--more-->`` on its own line where the lede ends. With ``--fix``, when the
        configured warning line is present, the cut is inserted right below it.

    Configure
        ``cut`` sets the marker (default ``<!--more-->``). ``[lint] ignore = ["SP001"]`` for a
        blog that does not use cuts; SP006 still reports a spoiler warning with no cut.
    """

    code = "SP001"
    name = "spoiler-cut-missing"
    severity = Severity.ERROR
    fixable = True

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        if ctx.parts.cuts or ctx.review.spoiler_flag is not None:
            return
        cut = ctx.config.cut.strip()
        warning = _warning_line(ctx)
        if warning is None:
            line = ctx.parts.blocks[0].start if ctx.parts.blocks else ctx.review.body_line
            yield Diagnostic(line, 1, f"no spoiler cut: put {cut} on its own line after the lede")
            return
        end = ctx.line_end(warning)
        nl = ctx.newline  # house style: a blank line between the warning and the cut
        fix = Fix((Edit(end, end, nl + nl + cut),), f"insert {cut} below the warning")
        yield Diagnostic(warning, 1, f"no spoiler cut: {cut} belongs below this warning", fix)


@register
class SpoilerCutRepeated(Rule):
    """The review has more than one spoiler cut.

    What it does
        Reports every cut after the first.

    Why
        Blogs cut at the first marker; the others are leftovers that confuse the next edit
        and break tools that split the review at "the" cut.

    Example
        A ``<!--more-->`` below the lede and another one halfway through the review.

    Fix
        Keep the first cut. ``--fix`` deletes the later ones, which changes nothing on the
        published page since only the first one counts.

    Configure
        ``cut`` sets the marker.
    """

    code = "SP002"
    name = "spoiler-cut-repeated"
    severity = Severity.ERROR
    fixable = True

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        cuts = ctx.parts.cuts
        for extra in cuts[1:]:
            fix = None
            if extra.start == extra.end:
                lines = ctx.review.lines
                start, end = ctx.offset(extra.start), ctx.offset(extra.start + 1)
                before_blank = extra.start > 1 and not lines[extra.start - 2].strip()
                after_blank = extra.start < len(lines) and not lines[extra.start].strip()
                if before_blank and after_blank:
                    end = ctx.offset(extra.start + 2)
                fix = Fix((Edit(start, end, ""),), "delete the repeated cut")
            message = f"repeated spoiler cut (the first is at line {cuts[0].start})"
            yield Diagnostic(extra.start, 1, message, fix)


@register
class SpoilerWarningMissing(Rule):
    """The spoiler warning is not right above the cut.

    What it does
        Checks that the last line above the cut is the configured warning (default
        ``Spoilers below the cut.``); blank lines in between are fine.

    Why
        Readers who open the full post from the front page need the warning before the
        spoilers start.

    Example
        The lede's last paragraph followed directly by ``<!--more-->``.

    Fix
        ``--fix`` inserts the configured warning line right above the cut, unless the line
        there already mentions spoilers in other words (then edit it by hand).

    Configure
        ``spoiler_warning`` sets the expected line; ``spoiler_warning = ""`` turns this rule
        off (a blog with no warning line above its cuts).
    """

    code = "SP003"
    name = "spoiler-warning-missing"
    severity = Severity.WARNING
    fixable = True

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        parts = ctx.parts
        cut = parts.cut
        warning = ctx.config.spoiler_warning.strip()
        if cut is None or parts.warning is not None or not warning:
            return
        lines = ctx.review.lines
        above = next(
            (n for n in range(cut.start - 1, ctx.review.body_line - 1, -1) if lines[n - 1].strip()),
            None,
        )
        message = f"no spoiler warning right above the cut (expected {warning!r})"
        if above is not None and "spoiler" in lines[above - 1].lower():
            yield Diagnostic(cut.start, 1, message + "; the line above differs from it")
            return
        nl = ctx.newline
        # a cut inside a list item or a quote: the warning goes in there with it
        line = lines[cut.start - 1]
        lead = line[: len(line) - len(line.lstrip(" \t>"))]
        blank = lead.rstrip() + nl
        prefix = (
            blank if cut.start - 1 >= ctx.review.body_line and lines[cut.start - 2].strip() else ""
        )
        at = ctx.offset(cut.start)
        text = prefix + lead + warning + nl + blank
        fix = Fix((Edit(at, at, text),), "insert the spoiler warning")
        yield Diagnostic(cut.start, 1, message, fix)


def _lede_words(ctx: Context, low: int, high: int) -> int | None:
    """The lede's word count, or ``None`` when it is surely between ``low`` and ``high``."""
    text = ctx.lede_text
    if text.isascii():
        rough = len(text.split())  # never fewer than count_words for ASCII text
        if low < rough <= high and _plain(text):
            return None
    return count_words(text)


def _plain(text: str) -> bool:
    """No link, tag, code or URL that :func:`count_words` would not count as words."""
    return not (
        "<" in text
        or "`" in text
        or ("]" in text and "](" in text)
        or ("~" in text and "~~~" in text)
        or ("/" in text and "http" in text)
    )


# what is no lede: a picture (Markdown, linked or not, inline or by reference; its alt
# text is no sentence), an HTML heading, and the tags around them
_PICTURE = re.compile(
    r"\[?!\[[^\]\n]*\](?:\((?:[^()\n]|\([^()\n]*\))*\)|\[[^\]\n]*\])?"
    r"(?:\]\([^)\n]*\)|\]\[[^\]\n]*\])?"
    r"|<h[1-6]\b.*?</h[1-6]\s*>|<[^>\n]*>"
    # a link reference definition (nothing on the page): a destination, then a title at most
    r"|^ {0,3}\[[^\]\n]+\]:[ \t]*(?:<[^>\n]*>|\S+)(?:[ \t]+(?:\"[^\"\n]*\"|'[^'\n]*'|\([^)\n]*\)))?[ \t]*$",
    re.I | re.S | re.M,
)


@register
class LedeEmpty(Rule):
    """Nothing above the cut.

    What it does
        Reports a cut with no words before it (headings and images alone do not count).

    Why
        The lede is what the front page and feeds show; an empty one shows only the title.

    Example
        Front matter, then ``<!--more-->`` as the first line of the body.

    Fix
        Write a spoiler-free paragraph or two above the cut.

    Configure
        ``cut`` sets the marker.
    """

    code = "SP004"
    name = "lede-empty"
    severity = Severity.ERROR

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        cut = ctx.parts.cut
        if cut is None:
            return
        lede = ctx.parts.lede
        if (
            lede
            and Kind.HEADING not in [b.kind for b in lede]
            and "![" not in (lede_text := ctx.lede_text)
            and "]:" not in lede_text
            and _lede_words(ctx, 8, 1 << 30) is None
        ):
            return  # surely eight plain words or more: nearly every review
        text = "\n".join(b.text for b in lede if b.kind is not Kind.HEADING)
        if "<" in text or "](" in text or "![" in text or "]:" in text:
            text = _PICTURE.sub(" ", text)
        if count_words(text) == 0:
            yield Diagnostic(cut.start, 1, "nothing above the cut: write a spoiler-free lede")


@register
class LedeTooLong(Rule):
    """The lede has more words than configured.

    What it does
        Counts the words above the cut (the warning line excluded) and reports when there are
        more than ``[lint] lede_max_words`` (default 150).

    Why
        The lede is the teaser on the front page; a long one pushes other posts down and
        risks spoilers creeping in above the cut.

    Example
        Four paragraphs of plot summary before ``<!--more-->``.

    Fix
        Move the cut up, or tighten the lede.

    Configure
        ``[lint] lede_max_words`` (default 150; ``init`` learns the blog's longest lede).
    """

    code = "SP005"
    name = "lede-too-long"
    severity = Severity.WARNING

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        parts = ctx.parts
        if parts.cut is None or not parts.lede:
            return
        limit = ctx.config.lint.lede_max_words
        words = _lede_words(ctx, -1, limit)
        if words is not None and words > limit:
            message = f"the lede has {words} words above the cut (at most {limit})"
            yield Diagnostic(parts.lede[0].start, 1, message)


@register
class SpoilerWarningWithoutCut(Rule):
    """A spoiler warning with no cut or folded block after it.

    What it does
        Finds a line that warns of spoilers ("Spoilers below", "Spoilers ahead",
        "Spoiler warning") and checks that the next block is the cut or a folded
        ``<details>`` block. It runs whatever else is switched off: a blog that never uses
        the cut (SP001 off) still promises readers a fold here. The configured
        ``spoiler_warning`` line is left to SP001 while that rule is on.

    Why
        The warning promises the spoilers are hidden; when nothing hides them they follow
        at once, on the front page and in feeds.

    Example
        ``More spoilers below the cut.`` followed directly by the spoiler paragraphs.

    Fix
        Put the cut (``<!--more-->``) or a ``<details>`` block right after the warning, or
        drop the warning.

    Configure
        The phrases are fixed; the configured ``spoiler_warning`` line is SP001's while SP001
        is on. Silence it per block with ``<!-- reviewctl: ignore SP006 -->``.
    """

    code = "SP006"
    name = "spoiler-warning-without-cut"
    severity = Severity.WARNING

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        review = ctx.review
        body = review.body
        mentions = mentions_spoilers(body) if review.readable else 0
        if not mentions:
            return
        if ctx.parts.warning is not None and mentions == 1:
            return  # house style: the one mention is the warning right above the cut
        blocks = [b for b in ctx.parts.blocks if b.kind is not Kind.COMMENT]
        configured = normalize_line(ctx.config.spoiler_warning)
        skip_configured: bool | None = None
        for index, block in enumerate(blocks):
            if block.kind not in WARNING_KINDS or not mentions_spoilers(block.text):
                continue
            found = next(
                ((n, m) for n, line in block.prose() if (m := spoiler_promise(line))), None
            )
            if found is None:
                continue
            following = blocks[index + 1] if index + 1 < len(blocks) else None
            if following is not None and (
                following.kind is Kind.CUT or following.text.lstrip().lower().startswith("<details")
            ):
                continue
            line, match = found
            if configured and normalize_line(review.lines[line - 1]) == configured:
                if skip_configured is None:
                    skip_configured = ctx.reports("SP001")
                if skip_configured:
                    continue
            message = f"{match.group(0)!r} but no cut or <details> block follows"
            yield Diagnostic(line, match.start() + 1, message)


@register
class SpoilerCutInline(Rule):
    """A cut marker inside a line of text.

    What it does
        Finds the cut marker (``cut``, ``<!--more-->`` by default) sharing its line with
        text, another comment or markup (``A short take. <!--more-->``), or inside a quote or
        an HTML block, outside code, above the cut (below it, a generator has cut already:
        such a marker changes nothing).

    Why
        reviewctl cuts at a marker on a line of its own only, so it sees no cut there: ``show``
        and ``search`` would show the text after it as if it were above the cut, and ``export``
        would publish it in the lede, the index and the feed. Hugo, Jekyll and WordPress cut
        at such a marker all the same, so the blog and reviewctl disagree on what is a spoiler.

    Example
        ``A short take on the finale. <!--more--> The ending: everyone survives.``

    Fix
        Put the marker on a line of its own, with a blank line above and below it.

    Configure
        ``cut`` sets the marker.
    """

    code = "SP007"
    name = "spoiler-cut-inline"
    severity = Severity.ERROR

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        for cut in inline_cuts(ctx.review, ctx.parts):
            line = ctx.review.lines[cut.line - 1]
            before = line[: cut.column - 1]
            quoted = before.strip() and not before.replace(">", "").strip()
            alone = not before.strip() and not line[cut.column - 1 + len(cut.marker) :].strip()
            where = (
                "a quote"
                if quoted
                else "an HTML block"
                if alone and cut.block.kind is Kind.HTML
                else "a line"
            )
            yield Diagnostic(
                cut.line,
                cut.column,
                f"cut marker {cut.marker!r} inside {where}: "
                "reviewctl sees no cut here (a blog's generator may); put it on a line of "
                f"its own{', after the block' if where == 'an HTML block' else ''}",
            )
