"""MD: Markdown details that matter on the published page."""

from __future__ import annotations

from collections.abc import Iterator

from reviewctl.lint.context import Context
from reviewctl.lint.registry import Diagnostic, Rule, Severity, register


@register
class ImageCaptionMissing(Rule):
    """An image without alt text.

    What it does
        Reports Markdown images ``![](src)`` with empty alt text and HTML ``<img>`` tags
        without an ``alt`` attribute. An HTML ``alt=""`` marks a decorative image on purpose:
        that is MD002, not this rule.

    Why
        The alt text is the image's caption for screen readers, for search engines and for
        readers whose connection drops the image; review screenshots without it say nothing.

    Example
        ``![](rouge-and-naomi.jpg)``

    Fix
        Describe the image: ``![Rouge and Naomi, from Metallic Rouge](rouge-and-naomi.jpg)``.

    Configure
        Nothing to set; an HTML ``alt=""`` is MD002's.
    """

    code = "MD001"
    name = "image-caption-missing"
    severity = Severity.WARNING

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        for image in ctx.parts.images:
            if not image.alt and not image.decorative:
                where = f" ({image.src})" if image.src else ""
                yield Diagnostic(image.line, image.column, f"image without alt text{where}")


@register
class ImageDecorative(Rule):
    """An HTML image marked as decorative (``alt=""``).

    What it does
        Reports, for information, ``<img>`` tags whose ``alt`` attribute is present but
        empty, which tells screen readers to skip the image.

    Why
        That is right for an ornament or a spacer, but a screenshot or a cover in a review
        says something; check that skipping it is what you meant.

    Example
        ``<img alt="" src="cover.jpg">``

    Fix
        Describe the image in ``alt``, or leave it if it is only decoration.

    Configure
        An info by default; ``[lint.severity] MD002 = "warning"`` or ``[lint] ignore``.
    """

    code = "MD002"
    name = "image-decorative"
    severity = Severity.INFO

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        for image in ctx.parts.images:
            if image.decorative:
                where = f" ({image.src})" if image.src else ""
                yield Diagnostic(image.line, image.column, f'decorative image, alt=""{where}')
