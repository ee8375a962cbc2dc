"""Export reviews: standalone HTML pages, WordPress fragments, a site with an Atom feed.

The core never prints and knows nothing of the command line: :func:`export` returns an
:class:`ExportReport` and raises :class:`~reviewctl.errors.ReviewctlError` subclasses.
"""

from __future__ import annotations

from reviewctl.export.job import ExportOptions, ExportReport, Skipped
from reviewctl.export.run import export

__all__ = ["ExportOptions", "ExportReport", "Skipped", "export"]
