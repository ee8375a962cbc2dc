"""The typed records an export passes between its phases: options, the job a renderer needs,
what rendering one review produced, and the report."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from reviewctl.config import Config

Format = Literal["html", "wordpress"]
#: What the site shows of one review (title, links, the lede's HTML): built by the page
#: renderer, read by the site pages and the feed.
Entry = dict[str, Any]
#: The stamp of a dependency that is not there (a picture not found): the page is rendered
#: again once it is.
MISSING = [-1, -1]


@dataclass(frozen=True, slots=True)
class ExportOptions:
    out: Path
    format: Format = "html"
    site: bool = False
    drafts: bool = False
    safe: bool = False
    theme: Path | None = None
    jobs: int | None = None
    force: bool = False  # write into a folder the index has no record of; replace its files
    use_index: bool = True


@dataclass(frozen=True)
class Job:
    """Everything a renderer (here or in a worker) needs, fixed for the whole run."""

    config: Config
    options: ExportOptions
    settings_key: str
    previous: dict[str, str]  # every file the last export wrote → digest
    assets: tuple[str, ...]
    theme_fingerprint: str
    replace_foreign: bool = False
    started: int = 0  # when the run began (ns): files changed since, it wrote itself
    fresh: bool = False  # the output folder was empty when the run began
    #: the run's reviews, for links between them (:func:`~reviewctl.export.page.linked`)
    reviews: tuple[str, ...] = ()
    #: the folder each review's page has, where known (the others' are worked out)
    folders: dict[str, str] = field(default_factory=dict)


@dataclass
class PageRecord:
    """What rendering one review produced; the persistent part is kept in the index so an
    unchanged review is not even read next time."""

    error: tuple[int | None, str] | None = None  # line (None: no line), message: not read
    draft: bool = False  # a draft, left out
    #: a published review dated after the day of the export (ISO), left out of a site, as
    #: Hugo and Jekyll leave it, until that day; ``--drafts`` previews it
    scheduled: str = ""
    #: the day (ISO) a published review's expiry date (Hugo's ``expiryDate``) takes it down
    expires: str = ""
    base: str = ""  # the folder it wants, ``medium/slug``
    dir: str = ""  # the folder it got (``-2`` after a collision)
    outputs: dict[str, str] = field(default_factory=dict)  # file → digest
    #: image, or review linked to → [size, mtime_ns]
    deps: dict[str, list[int]] = field(default_factory=dict)
    #: the reviews its page links to (their files' real paths) → the folder of the page it
    #: linked ("": none, the link is text)
    links: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    entry_key: str = ""  # digest of its site entry
    nav_key: str = ""  # digest of the neighbour links filled into its page
    # this run only, never kept:
    entry: Entry | None = None
    #: a site's review page (LZ4 block), written once its neighbour links are known
    page: bytes | None = None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        if self.error is not None:
            data["error"] = list(self.error)
        if self.draft:
            data["draft"] = True
        if self.scheduled:
            data["scheduled"] = self.scheduled
        if self.expires:
            data["expires"] = self.expires
        if self.base:
            data["base"], data["dir"] = self.base, self.dir
        for name in ("outputs", "deps", "links", "warnings"):
            if getattr(self, name):
                data[name] = getattr(self, name)
        if self.entry_key:
            data["entry_key"] = self.entry_key
        if self.nav_key:
            data["nav_key"] = self.nav_key
        return data

    @classmethod
    def from_json(cls, data: Any) -> PageRecord | None:
        """A kept record, or ``None`` when it is not one (then the review is rendered)."""
        if not isinstance(data, dict):
            return None
        try:
            error = data.get("error")
            outputs, deps = data.get("outputs", {}), data.get("deps", {})
            links, warnings = data.get("links", {}), data.get("warnings", [])
            if not (isinstance(outputs, dict) and isinstance(deps, dict)):
                return None
            if not isinstance(links, dict):
                return None
            return cls(
                error=(None if error[0] is None else int(error[0]), str(error[1]))
                if error
                else None,
                draft=bool(data.get("draft")),
                scheduled=str(data.get("scheduled", "")),
                expires=str(data.get("expires", "")),
                base=str(data.get("base", "")),
                dir=str(data.get("dir", "")),
                outputs=outputs,  # decoded for this record alone: no copy needed
                deps=deps,
                links={str(k): str(v) for k, v in links.items()},
                warnings=list(warnings),
                entry_key=str(data.get("entry_key", "")),
                nav_key=str(data.get("nav_key", "")),
            )
        except (TypeError, ValueError, IndexError):
            return None


@dataclass(frozen=True, slots=True)
class Skipped:
    """A review that could not be read or parsed: reported and left out."""

    path: str
    line: int | None  # None: the file as a whole (it cannot be read)
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


@dataclass
class ExportReport:
    exported: int = 0  # reviews with a page in the folder
    rendered: int = 0  # of which rendered this run (the rest were unchanged)
    drafts: int = 0  # drafts left out (no --drafts)
    scheduled: int = 0  # reviews dated after today left out (no --drafts)
    written: int = 0  # files written this run
    removed: int = 0  # stale files of an earlier export removed
    skipped: list[Skipped] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    index_problems: list[str] = field(default_factory=list)
    #: the files outside the reviews that the exported pages show or link to (pictures,
    #: other reviews), found or not, as resolved paths
    shown: set[str] = field(default_factory=set)
