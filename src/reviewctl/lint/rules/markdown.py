"""MD: Markdown details that matter on the published page."""

from __future__ import annotations

from collections.abc import Iterator

from reviewctl.lint.context import Context
from reviewctl.lint.registry import Diagnostic, Rule, Severity, register


@register
class ImageCaptionMissing(Rule):
    """An image without alt text.

    What it does
        Reports Markdown images ``![](src)`` and HTML ``<img>`` tags whose alt text is
        empty or missing.

    Why
        The alt text is the image's caption for screen readers, for search engines and for
        readers whose connection drops the image; review screenshots without it say nothing.

    Example
        ``![](rouge-and-naomi.jpg)``

    Fix
        Describe the image: ``![Rouge and Naomi, from Metallic Rouge](rouge-and-naomi.jpg)``.
    """

    code = "MD001"
    name = "image-caption-missing"
    severity = Severity.WARNING

    def check(self, ctx: Context) -> Iterator[Diagnostic]:
        for image in ctx.parts.images:
            if not image.alt:
                where = f" ({image.src})" if image.src else ""
                yield Diagnostic(image.line, image.column, f"image without alt text{where}")
