"""``export``: render reviews into a folder, incrementally, in parallel, never outside it.

A run is a line of phases over one :class:`_Run` record (:func:`_export`):

1. ``_begin``: check the folder (never the reviews' own; a non-empty folder must be one an
   export of ours wrote) and make it.
2. ``_plan``: list the review files; stat each. A file whose size and times (and its images')
   match the record of the last export, under the same settings, is not even read: its
   record is reused, and so are its outputs, once checked to still be there.
3. ``_render``: render the others, in a process pool when there are many (a worker parses,
   renders and writes its files, atomically and only when the bytes differ from the last
   export; a site's review page waits in its record for its neighbour links); then settle
   slug collisions (two reviews wanting one folder get ``-2``, ``-3``… in path order).
4. ``_collect`` what the records say; ``_build`` the theme's assets and, with ``--site``, the
   index, medium and tag pages and the feed (each rendered only when the entries it shows
   have changed), then, in the site's order, the review pages with their neighbour links.
5. ``_clean``: remove what the last export wrote that this one did not (only files still
   holding what we wrote); ``_record`` what this one wrote in the archive index
   (:mod:`reviewctl.index`), never in the output folder: the folder holds the site and
   nothing else.

A non-empty folder that the index has no record of is refused unless ``force``; without
``force`` a file that an export did not write is never replaced or deleted. A run that stops
(a file it may not replace, a theme that fails) records what it wrote all the same
(:func:`_keep_written`): the next run rewrites those files or removes them.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from reviewctl.archive import covers_archive, iter_names
from reviewctl.cache import Lookup, look_up
from reviewctl.config import Config, LintSettings, WordPressSettings, key_line
from reviewctl.errors import ConfigError, InputError, ReviewctlError
from reviewctl.export.job import (
    MISSING,
    Entry,
    ExportOptions,
    ExportReport,
    Job,
    PageRecord,
    Skipped,
)
from reviewctl.export.output import ExportError, OutputDir, digest
from reviewctl.fs import absolute, clean_stale_temps, is_within, read_limited, working_folder
from reviewctl.index import Index, package_fingerprint
from reviewctl.model import Review

if TYPE_CHECKING:
    from reviewctl.export.site import SitePage
    from reviewctl.export.themes import Theme

#: Where exports before the archive index kept their state (removed when found).
LEGACY_FILES = (".reviewctl-export.json", ".reviewctl-export-entries.json")
MANIFEST_VERSION = 3


#: What a chunk of work in a worker gives back: its results, the files it wrote (→ digest) and
#: its first failure. A failure is returned, not raised, so that the run learns of every file
#: written before it stops (raised, the other chunks' results would be lost with it).
_Chunk = tuple[list[Any], dict[str, str], ReviewctlError | None]


def _render_chunk(job: Job, items: list[tuple[str, str | None]]) -> list[_Chunk]:
    """Render ``items`` (path, forced folder) and write their files; a site's review page
    waits in its record for its neighbour links."""
    from reviewctl.export.page import render_review

    output = _writer(job)
    results = []
    try:
        for path, forced in items:
            results.append((path, render_review(path, forced, job, output)))
    except ReviewctlError as exc:  # a theme that fails on one review: the run stops
        output.fail(exc)
    return [(results, output.written, output.failure)]


def _writer(job: Job) -> OutputDir:
    """A writer into the job's folder, as each chunk of pages makes one."""
    return OutputDir(
        job.options.out,
        job.previous,
        replace_foreign=job.replace_foreign,
        started=job.started,
        fresh=job.fresh,
    )


# -- the run ----------------------------------------------------------------------------------


def export(paths: Iterable[Path], config: Config, options: ExportOptions) -> ExportReport:
    """Export the reviews under ``paths`` into ``options.out`` (see the module docstring).

    A path that does not exist stops it before anything is written: an export of nothing
    would remove every page the last one wrote (a mistyped folder emptied a site).
    """
    from reviewctl.index import Index

    paths = list(paths)
    for path in paths:
        if not os.path.lexists(path):
            raise InputError("no such file or folder; nothing exported", path)

    index = Index.open(config.root) if options.use_index else Index(None)
    with index:
        report = _export(paths, config, options, index)
        report.index_problems = index.problems
    return report


@dataclass
class _Run:
    """One export run, filled in phase by phase (:func:`_export` reads top to bottom)."""

    config: Config
    options: ExportOptions
    index: Index
    report: ExportReport
    theme: Theme
    out_key: str  # the folder's real path: what the index knows it by
    started: int  # when the run began (ns)
    fresh: bool  # the folder was empty when the run began
    old: dict[str, Any]  # the last export's manifest ({}: none, or of another version)
    #: the folder held files the index has no record of (written into with ``--force``)
    unrecorded: bool = False
    settings_key: str = ""
    assets: tuple[str, ...] = ()
    # plan
    lookup: Lookup = field(default_factory=lambda: Lookup({}, {}, [], False, {}))
    records: dict[str, PageRecord] = field(default_factory=dict)  # by review path
    kept: dict[str, PageRecord] = field(default_factory=dict)  # the last export's, as read
    todo: list[str] = field(default_factory=list)  # reviews to render
    previous: dict[str, str] = field(default_factory=dict)  # files the last export wrote
    #: files that runs which stopped before recording wrote → digest (see :func:`_keep_written`)
    stopped: dict[str, str] = field(default_factory=dict)
    # render
    output: OutputDir | None = None  # what this run wrote, here and in the workers
    dirty: set[str] = field(default_factory=set)  # records changed this run
    #: reviews that cannot be read now whose last page stays: its record, and why
    stays: dict[str, tuple[PageRecord, tuple[int | None, str]]] = field(default_factory=dict)
    entries: dict[str, Entry] = field(default_factory=dict)  # entries rendered this run
    files: dict[str, str] = field(default_factory=dict)  # every file of the site → digest
    # site
    site_state: dict[str, dict[str, str]] = field(default_factory=dict)
    site_inputs: str = ""
    order: list[str] = field(default_factory=list)
    known_entries: dict[str, Entry] | None = None  # every entry, when the site changed

    @property
    def same(self) -> bool:
        """Whether the settings are those of the last export."""
        return self.old.get("settings") == self.settings_key

    @property
    def pages(self) -> str:
        return f"page:{self.out_key}"  # the index rows of the folder's page records

    @property
    def shown(self) -> str:
        return f"entry:{self.out_key}"  # the index rows of the folder's site entries

    @property
    def written(self) -> dict[str, str]:
        """The files this run wrote → digest."""
        return self.output.written if self.output is not None else {}


def _export(
    paths: Iterable[Path], config: Config, options: ExportOptions, index: Index
) -> ExportReport:
    paths = list(paths)
    run = _begin(paths, config, options, index)
    try:
        _plan(run, paths)
        job = _render(run)
        _collect(run)
        _build(run, job)
        _clean(run)
        _record(run)
    except BaseException:
        _keep_written(run)
        if options.drafts:  # a failed preview leaves no draft page behind
            _remove_added(run)
        raise
    run.report.skipped.sort(key=lambda s: (s.path, s.line))
    return run.report


def _begin(paths: list[Path], config: Config, options: ExportOptions, index: Index) -> _Run:
    """Check the folder (never the reviews' own, never another's site), make it, and mark
    the run as under way."""
    from reviewctl.export.themes import Theme, check_place

    if options.site and options.format != "html":
        raise ExportError("--site builds an HTML site: use it with --format html")
    out = options.out
    check_output_folder(out, paths, config)
    if options.theme is not None:
        named = _theme_line(config, options.theme)
        if named is not None and not options.theme.is_dir():
            message = f"theme: {config.theme!r} is not a folder (make it, or correct theme)"
            raise ConfigError(message, *named)
        if options.theme.is_dir():
            check_place(options.theme, config, out, named)
    theme = Theme(options.theme)
    theme.remember_in(index)
    theme.check()  # before a file is written
    fresh = _empty(out)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(f"cannot create the output folder: {exc.strerror or exc}", out) from None
    if not os.access(out, os.W_OK):
        raise ExportError("cannot write into the output folder: permission denied", out)
    started = time.time_ns() - 1
    out_key = os.path.realpath(out)
    state = index.export_state(out_key)
    stopped = _stopped_files(index, out_key)
    running = f"export-running:{out_key}"
    # an export killed here left its mark: the folder was empty, ours or forced when it began
    killed = index.marked(running) is not None
    _check_ours(out, state is not None or bool(stopped) or killed, options.force, index.problems)
    if killed:  # its temporary files stay
        for folder, _, _ in os.walk(out):
            clean_stale_temps(folder)
    index.mark(running, str(os.getpid()))
    if index.conn is None and index.problems and state is not None and not options.force:
        # locked by another run, say: this one could neither read what the last one wrote
        # nor record what it writes, so it would find its own files foreign
        raise ExportError(
            f"the archive index cannot be written ({index.problems[-1]}): try again when"
            " the other command is done, or use --force",
            out,
        )
    old = state if state and state.get("version") == MANIFEST_VERSION else {}
    run = _Run(config, options, index, ExportReport(), theme, out_key, started, fresh, old)
    run.unrecorded = not fresh and state is None and not stopped
    run.stopped = stopped
    if stopped:
        _distrust(run)
    run.assets = tuple(theme.assets()) if options.format == "html" else ()
    if run.assets:
        run.report.warnings.extend(
            f"{name}: not published (a theme publishes its templates' pages and the styles,"
            " scripts, pictures, fonts and media they load)"
            for name in theme.unpublished()
        )
    run.report.warnings.extend(theme.local_paths())
    run.settings_key = _settings_key(config, options, theme.fingerprint)
    return run


def _plan(run: _Run, paths: list[Path]) -> None:
    """Per review: its record of the last export when nothing it depends on changed, else a
    place in ``todo``."""
    found = list(_walk(paths, run.config))
    lookup = run.lookup = look_up(run.index, run.pages, "", found)
    same, out_root = run.same, os.fspath(run.options.out)
    today = dt.date.today().isoformat()  # once: a call a review cost 10 ms of 10,000
    for position, key in enumerate(found):
        if isinstance(key, Review):
            line = key.error.place if key.error else None
            message = key.error.message if key.error else "cannot read"
            run.report.skipped.append(Skipped(str(key.path), line, message))
            continue
        if key in run.records:
            continue
        run.records[key] = PageRecord()
        record = PageRecord.from_json(lookup.hits.get(position))
        if record is not None:
            run.kept[key] = record
        if record is not None and same and _unchanged(record, out_root, run.stopped, today):
            run.records[key] = record
        else:
            run.todo.append(key)
    # what a run that stopped wrote is in the folder now, whatever the last record says
    run.previous = _previous_files(run.old, lookup, run.kept, run.index) | run.stopped
    if not run.options.force and not covers_archive(paths, run.config):
        _check_scope(run)


def _check_scope(run: _Run) -> None:
    """Refuse a run over part of the archive into a folder that holds the pages of reviews
    it does not name: it would remove them as stale although their files are there."""
    outside = sorted(
        path
        for path, (_, row) in run.lookup.known.items()
        if path not in run.records
        and (record := PageRecord.from_json(run.index.decode(row))) is not None
        and record.outputs
        and os.path.isfile(path)
    )
    if outside:
        shown = os.path.relpath(outside[0], run.config.root)
        more = f" and {len(outside) - 1} more" if len(outside) > 1 else ""
        raise ExportError(
            f"the folder holds the pages of reviews this run does not name ({shown}{more}):"
            " export the whole archive into it, or use --force to remove those pages",
            run.options.out,
        )


def _render(run: _Run) -> Job:
    """Render the reviews to do (in parallel when many), then settle slug collisions."""
    theme, options = run.theme, run.options
    if run.todo:  # a broken theme fails here, once, with its file and line (not in every worker)
        from reviewctl.export.page import share_theme

        theme.template("wordpress.html" if options.format == "wordpress" else "review.html")
        share_theme(theme)  # compiled once, here, for this process and the workers it forks
    job = Job(
        run.config,
        options,
        run.settings_key,
        run.previous,
        run.assets,
        theme.fingerprint,
        options.force,
        run.started,
        run.fresh,
        reviews=tuple(run.records),
        folders={key: r.dir for key, r in run.records.items() if r.outputs and r.dir},
    )
    run.output = output = _writer(job)
    rendered = _render_all(run.todo, job, output)
    output.finish()  # a file that could not be written stops the run here
    run.records.update(rendered)
    for key, record in rendered.items():
        # a typo does not take a published page down: its page, its place in the site and
        # the links of other reviews to it stay as the last export made them
        if record.error and (last := _last_page(run, key)) is not None:
            run.stays[key] = (last, record.error)
            run.records[key] = last
    fixed = _settle_collisions(run.records, rendered, job, output, run.kept)
    fixed |= _settle_links(run.records, job, output)
    # a review that could not be read was not rendered, whatever became of its page, and a
    # draft or a review dated ahead, left out, was read but never rendered
    made = [k for k, r in rendered.items() if not r.error and r.outputs]
    run.report.rendered = len(made) + len([k for k in fixed if k not in rendered])
    run.dirty = rendered.keys() | fixed.keys() | {k for k in run.records if k not in run.kept}
    return job


def _collect(run: _Run) -> None:
    """What the records say: files written, fresh site entries, the site's files, the
    report's counts and warnings."""
    report = run.report
    for key, record in list(run.records.items()):
        if record.entry is not None:
            run.entries[key] = record.entry
            record.entry_key = record.entry["key"]
            record.entry = None
        if key in run.stays:
            record, (line, message) = run.stays[key]
            run.records[key] = record
            run.dirty.discard(key)  # its row keeps the old stamp: read again next run
            report.skipped.append(
                Skipped(key, line, f"{message} (its page from the last export stays)")
            )
        elif record.error:
            line, message = record.error
            report.skipped.append(Skipped(key, line, message))
        if record.draft:
            report.drafts += 1
        elif record.scheduled and not record.outputs:
            report.scheduled += 1
        if record.outputs:
            report.exported += 1
            run.files.update(record.outputs)
            report.shown.update(record.deps)
        report.warnings.extend(record.warnings)


def _last_page(run: _Run, key: str) -> PageRecord | None:
    """The record of the page the last export wrote for the review at ``key`` (whatever
    its file is now), if it wrote one."""
    known = run.lookup.known.get(key)
    last = run.kept.get(key) or (
        PageRecord.from_json(run.index.decode(known[1])) if known is not None else None
    )
    if last is None or last.error is not None or last.draft or not last.outputs:
        return None
    out = os.fspath(run.options.out)
    if not all(
        os.path.isfile(os.path.join(out, rel)) for rel in last.outputs if rel.endswith(".html")
    ):
        return None  # its page is gone (the folder was emptied): nothing stays
    return last


def _build(run: _Run, job: Job) -> None:
    """The theme's assets and, with ``--site``, the site pages and the review pages with
    their neighbour links."""
    assert run.output is not None
    _build_into(run, job, run.output)
    run.output.finish()
    run.report.written = len(run.written)


def _private(address: str) -> bool:
    """Whether ``address`` names a file of this computer (never published)."""
    from reviewctl.export.markdown import private_address

    return private_address(address, "src")


def _build_into(run: _Run, job: Job, output: OutputDir) -> None:
    options, report, index = run.options, run.report, run.index
    for name in run.assets:
        rel = f"assets/{name}"
        run.files[rel] = output.put(rel, run.theme.read_bytes(name))
    run.order = run.old.get("order", [])
    image = run.config.site.image
    if image and not image.startswith(("http://", "https://")) and _private(image):
        report.warnings.append(
            f"[site] image {image!r} is a file of this computer: not published (put the"
            " picture in the theme folder and name it 'assets/…', or give an https:// address)"
        )
    elif run.assets and image and "://" not in image and image.lstrip("/") not in run.files:
        name = image.lstrip("/").removeprefix("assets/")
        report.warnings.append(
            f"[site] image {image!r} is not a file of the site: the preview would lead nowhere"
            f" (a theme's file NAME is published as assets/NAME: put the picture at {name!r}"
            " in the theme folder and name it 'assets/…', or give an https:// address)"
        )
    if options.site:
        run.site_state, run.site_inputs, again, run.known_entries = _build_site(
            run.records,
            run.entries,
            run.config,
            run.theme,
            job,
            run.old,
            output,
            lambda: _entries(index, run.shown),
        )
        report.rendered += again
        run.files.update({rel: state["sha"] for rel, state in run.site_state.items()})
        held = {k for k, r in run.records.items() if r.page is not None}
        neighbours: dict[str, Entry] = {}
        if run.known_entries is not None:  # the order may have changed: every page is checked
            run.order = _order(run.known_entries)
            neighbours = run.known_entries
        elif held:  # the same order: only the pages rendered need their links
            neighbours = _entries(index, run.shown, _near(run.order, held))
        if run.known_entries is not None or held:
            changed, touched = _link_neighbours(
                run.records,
                run.order,
                neighbours,
                run.theme,
                job,
                output,
                order_changed=run.known_entries is not None,
            )
            run.files.update(changed)
            run.dirty |= touched


def _clean(run: _Run) -> None:
    """Remove the files an earlier export (or a loser of a slug collision this run) wrote
    that the site no longer has, when they still hold what was written."""
    cleaner = OutputDir(run.options.out, {})
    for rel in sorted(set(run.previous) - set(run.files)):
        if cleaner.remove(rel, run.previous[rel]):
            run.report.removed += 1
    for rel in sorted(run.written.keys() - run.files.keys() - run.previous.keys()):
        cleaner.remove(rel, None)
    if run.unrecorded:
        run.report.removed += _sweep_unrecorded(run.options.out, run.files.keys() | run.written)


#: What every page of reviewctl's themes carries in its head (base.html).
GENERATOR_MARK = b'<meta name="generator" content="reviewctl">'
#: What every preview page (``--drafts``) carries in its head, and no published page.
PREVIEW_MARK = b'<meta name="robots" content="noindex">'
#: A picture a page shows from its own folder (no scheme, not from the root, not above).
_LOCAL_SRC = re.compile(
    rb"""<img\b[^>]*?\bsrc=["'](?![a-z][a-z0-9+.-]*:|/|\.\.)([^"'?#:]+)["']""", re.I
)


def _sweep_unrecorded(out: Path, keep: Iterable[str]) -> int:
    """In a folder written into with ``--force`` and no record (after ``cache clear``, or
    with ``--no-cache``), remove the pages an earlier ``--drafts`` preview left that this
    run did not write again: a draft's page, the lists that showed drafts. Such a page
    carries reviewctl's :data:`GENERATOR_MARK` and the ``noindex`` every preview page has;
    the pictures it shows from its own folder go with it. No other file is touched: the
    author's own, and the published pages of reviews this run did not name. How many files
    went."""
    kept = set(keep)
    root = os.path.realpath(out)
    doomed: list[str] = []
    for folder, _, names in os.walk(out):
        rel_folder = os.path.relpath(folder, out).replace(os.sep, "/")
        prefix = "" if rel_folder == "." else rel_folder + "/"
        for name in names:
            path = os.path.join(folder, name)
            if not name.endswith(".html") or prefix + name in kept or os.path.islink(path):
                continue
            try:
                page, _ = read_limited(path, 8 * 1024 * 1024)
            except (OSError, ReviewctlError):
                continue
            head = page[:4096]
            if GENERATOR_MARK not in head or PREVIEW_MARK not in head:
                continue
            doomed.append(path)
            for src in sorted({m.decode("utf-8", "replace") for m in _LOCAL_SRC.findall(page)}):
                picture = os.path.normpath(os.path.join(folder, unquote(src)))
                rel = os.path.relpath(picture, out).replace(os.sep, "/")
                if rel not in kept and is_within(os.path.realpath(picture), root):
                    doomed.append(picture)
    removed = 0
    emptied: set[str] = set()
    for path in dict.fromkeys(doomed):
        with contextlib.suppress(FileNotFoundError, IsADirectoryError):
            os.unlink(path)
            removed += 1
            emptied.add(os.path.dirname(path))
    top = os.fspath(out)
    for folder in sorted(emptied, key=len, reverse=True):  # deepest first, up to the root
        while folder != top and is_within(folder, top):
            try:
                os.rmdir(folder)  # an empty folder only
            except FileNotFoundError:
                pass  # gone with a deeper one's
            except OSError:
                break  # not empty: it holds more than the preview's
            folder = os.path.dirname(folder)
    return removed


def _record(run: _Run) -> None:
    """Remember in the index what the folder now holds (nothing when nothing changed), and
    mark the run as done."""
    index, options, files, old = run.index, run.options, run.files, run.old
    site_inputs_key = [run.settings_key, run.site_inputs]
    asset_state = {f"assets/{n}": files[f"assets/{n}"] for n in run.assets}
    gone = [path for path in run.lookup.known if path not in run.records]
    unchanged = (
        run.same
        and not run.dirty
        and not gone
        and run.site_state == old.get("site", {})
        and site_inputs_key == old.get("site_inputs")
        and asset_state == old.get("assets", {})
        and run.order == old.get("order", [])
        and not run.stopped
    )
    if not unchanged:  # the records of unchanged reviews stay as the index has them
        # the pages were written without fsync: they reach the disk while the rows that
        # vouch for them are written, which are committed only then (cold export of 10,000
        # reviews: 0.4 s of sync, then 0.3 s of rows → 0.5 s for both)
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(1) as disk:
            synced = disk.submit(_make_durable, options.out, sorted(run.written))
            with index.transaction(before_commit=synced.result):  # its error, if any, raised
                _save_records(run, site_inputs_key, asset_state, gone)
    index.mark(f"export-running:{run.out_key}", None)
    for name in LEGACY_FILES:  # state kept in the folder by earlier versions: not the site's
        if (options.out / name).is_file():
            (options.out / name).unlink()


def _stopped_kind(out_key: str) -> str:
    return f"written:{out_key}"  # the index rows of files that runs which stopped wrote


def _theme_line(config: Config, theme: Path) -> tuple[Path, int] | None:
    """The config line that names ``theme``, when the theme is the config's."""
    if config.source is None or config.theme_path != theme:
        return None
    line = key_line(config.source, "theme")
    return (config.source, line) if line is not None else None


def _stopped_files(index: Index, out_key: str) -> dict[str, str]:
    """The files that runs into the folder which stopped before recording wrote → digest."""
    rows = index.rows(_stopped_kind(out_key))
    return {
        rel: sha for rel, (_, data) in rows.items() if isinstance(sha := index.decode(data), str)
    }


def _distrust(run: _Run) -> None:
    """The site pages that a run which stopped rewrote are rendered again: the manifest says
    what they held before it."""
    site: dict[str, dict[str, str]] = run.old.get("site", {})
    sha = {rel: state.get("sha") for rel, state in site.items()}
    touched = {rel for rel in site if run.stopped.get(rel, sha[rel]) != sha[rel]}
    if touched:
        fresh = {rel: {**site[rel], "key": ""} if rel in touched else site[rel] for rel in site}
        run.old = {**run.old, "site": fresh, "site_inputs": None}


def _keep_written(run: _Run) -> None:
    """A run that stops (a file it may not replace, a theme that fails, Ctrl-C) keeps what
    it wrote in the index, so that the next run knows those files as its own: it rewrites
    those that differ from what it wants and removes those its site does not have."""
    written = run.written
    if not written:
        return
    out = run.options.out
    try:
        with run.index.transaction(before_commit=lambda: _make_durable(out, sorted(written))):
            rows = [(rel, "", sha) for rel, sha in written.items()]
            run.index.save_rows(_stopped_kind(run.out_key), "", rows)
    except ReviewctlError:
        pass  # the error that stopped the run is the one to tell


def _remove_added(run: _Run) -> None:
    """Delete the files a run added to the folder (a draft's page, a tag only drafts have);
    those it rewrote stay, for the next run to write again (:func:`_keep_written`): a site
    without its home page is worse than one a run must finish."""
    out = os.fspath(run.options.out)
    for rel in run.written.keys() - run.previous.keys():
        with contextlib.suppress(OSError):  # gone already, or cannot be: the next run tries
            os.remove(os.path.join(out, rel))


def _save_records(
    run: _Run, site_inputs_key: list[str], asset_state: dict[str, str], gone: list[str]
) -> None:
    """The folder's manifest, its review pages' records and its site entries, in the index."""
    index, options = run.index, run.options
    manifest = {
        "tool": "reviewctl export",
        "version": MANIFEST_VERSION,
        "settings": run.settings_key,
        "site": run.site_state,
        "site_inputs": site_inputs_key,
        "assets": asset_state,
        "order": run.order,
    }
    stamps = dict(run.lookup.stamps.values())
    records = run.records
    index.save_rows(
        run.pages,
        "",
        [(k, stamps[k], records[k].to_json()) for k in sorted(run.dirty) if k in stamps],
    )
    index.forget(run.pages, gone)
    if options.site:
        index.save_rows(run.shown, "", [(k, "", e) for k, e in sorted(run.entries.items())])
        if run.known_entries is not None:
            known = run.known_entries
            index.forget(run.shown, [k for k in index.rows(run.shown) if k not in known])
    index.save_export(run.out_key, manifest)
    index.forget(_stopped_kind(run.out_key), run.stopped)  # now in the records above


def _empty(out: Path) -> bool:
    """Whether ``out`` is missing or an empty folder."""
    try:
        with os.scandir(out) as entries:
            return next(entries, None) is None
    except FileNotFoundError:
        return True
    except OSError:
        return False


def _check_ours(out: Path, known: bool, force: bool, problems: list[str]) -> None:
    """Refuse a non-empty folder that no export of ours wrote (the author's own site), or
    that the index cannot vouch for (its ``problems``: damaged and rebuilt, locked)."""
    if known or force:
        return
    try:
        with os.scandir(out) as entries:
            names = [e.name for e in entries if e.name not in LEGACY_FILES]
    except OSError:
        return
    if names:
        why = (
            f"the archive index has none: {problems[0]}"
            if problems
            else "an export with --no-cache, or before 'cache clear' or a rebuilt index, leaves none"
        )
        raise ExportError(
            f"the output folder holds files that reviewctl has no record of writing ({why}):"
            " use --force to write into it anyway",
            out,
        )


def check_output_folder(out: Path, paths: list[Path], config: Config) -> None:
    """Refuse an output folder that is, holds or lies inside a folder of reviews: a later
    export's clean-up must never be able to touch the author's own files."""
    if out.exists() and not out.is_dir():
        raise ExportError("output is not a folder", out)
    real_out = os.path.realpath(out)
    root = os.path.realpath(config.root)
    reviews = os.path.realpath(config.reviews_path)
    sources = {reviews} if os.path.isdir(reviews) else set()
    for path in paths:
        if os.path.isdir(path):
            real = os.path.realpath(path)
            sources.add(reviews if real == root and os.path.isdir(reviews) else real)
    for source in sorted(sources):
        if is_within(real_out, source) or is_within(source, real_out):
            raise ExportError(
                f"the output folder overlaps the reviews in {source}; choose a folder outside it",
                out,
            )


def _walk(paths: Iterable[Path], config: Config) -> Iterator[str | Review]:
    """:func:`reviewctl.archive.iter_names`, as absolute path strings (the manifest's keys)."""
    cwd = working_folder()
    for item in iter_names(paths, config):
        yield absolute(item, cwd) if isinstance(item, str) else item


def _render_all(todo: list[str], job: Job, output: OutputDir) -> dict[str, PageRecord]:
    """Render ``todo`` through the batch runner; what the workers wrote goes in ``output``."""
    from reviewctl import batch

    if not todo:
        return {}
    items: list[tuple[str, str | None]] = [(key, None) for key in todo]
    records: dict[str, PageRecord] = {}
    for results, written, failure in batch.run(
        items, _render_chunk, state=job, jobs=job.options.jobs, reads=todo
    ):
        records.update(results)
        output.merge(written, failure)
    return records


def _settle_collisions(
    records: dict[str, PageRecord],
    rendered: dict[str, PageRecord],
    job: Job,
    run_output: OutputDir,
    kept: dict[str, PageRecord] | None = None,
) -> dict[str, PageRecord]:
    """Give each review its own folder: the one that had it at the last export keeps it (a
    published address never moves to another review), else the one whose file is named for
    the slug, else the first in path order (``paris-texas.md`` before
    ``paris-texas-15.md``, which sorts first); the others are warned of. What this writes goes
    in ``run_output``."""
    kept = kept or {}
    claims: dict[str, list[str]] = {}
    for key in sorted(records):
        base = records[key].base
        if base and records[key].outputs:
            claims.setdefault(base, []).append(key)
    for base, keys in claims.items():
        if len(keys) > 1:
            slug = base.rsplit("/", 1)[-1]  # base is the folder: medium/slug
            keys.sort(  # stable: path order otherwise
                key=lambda k: (
                    not (k in kept and kept[k].dir == base and bool(kept[k].outputs)),
                    _file_slug(k) != slug,
                    _translation(k),  # index.fr.md after the index.md it translates
                )
            )
    taken = set(claims)
    desired: dict[str, str] = {}
    for base, keys in claims.items():
        desired[keys[0]] = base
        number = 1
        for key in keys[1:]:
            number += 1
            while f"{base}-{number}" in taken:
                number += 1
            taken.add(f"{base}-{number}")
            desired[key] = f"{base}-{number}"
    holders: dict[str, list[str]] = {}
    for key in desired:
        holders.setdefault(records[key].dir, []).append(key)
    redo = {key for key, folder in desired.items() if records[key].dir != folder}
    for folder, keys in holders.items():
        if len(keys) > 1 and any(k in rendered for k in keys):
            redo.update(k for k in keys if desired[k] == folder)
    if not redo:
        return {}
    from reviewctl.export.page import shown_path

    fixed = _render_again({key: desired[key] for key in sorted(redo)}, job, run_output)
    root = job.config.root
    for key, record in fixed.items():
        if record.outputs and record.dir != record.base:
            (holder,) = [k for k, folder in desired.items() if folder == record.base]
            mine, theirs = shown_path(Path(key), root), shown_path(Path(holder), root)
            record.warnings.append(
                f"{mine}:1: its page is {record.dir}/, as {theirs} has {record.base}/"
                " (a `slug` in either gives it a folder of its own)"
            )
    records.update(fixed)
    return fixed


def _settle_links(
    records: dict[str, PageRecord], job: Job, run_output: OutputDir
) -> dict[str, PageRecord]:
    """Render again each page whose links to other reviews lead elsewhere than their pages
    now are: one moved by a slug collision, one that came or went (a link to a review with no
    page is its text); what this writes goes in ``run_output``."""
    linking = [key for key, record in records.items() if record.links]
    if not linking:
        return {}
    from reviewctl.export.page import linked_folders

    folders = {key: r.dir for key, r in records.items() if r.outputs and r.dir}
    real = linked_folders(folders, (path for key in linking for path in records[key].links))
    redo = sorted(
        key
        for key in linking
        if any(real.get(path, "") != folder for path, folder in records[key].links.items())
    )
    if not redo:
        return {}
    from dataclasses import replace

    # every review's folder, settled ("": no page): nothing is worked out again
    job = replace(job, folders={key: folders.get(key, "") for key in records})
    fixed = _render_again({key: records[key].dir for key in redo}, job, run_output)
    records.update(fixed)
    return fixed


def _render_again(
    folders: dict[str, str], job: Job, run_output: OutputDir
) -> dict[str, PageRecord]:
    """Render each review of ``folders`` again into the folder given it; what this writes
    goes in ``run_output``."""
    from reviewctl.export.page import render_review

    # the folders of this run's own pages: whatever is there, this run wrote
    output = OutputDir(job.options.out, job.previous, force=True, replace_foreign=True)
    try:
        fixed = {key: render_review(key, folder, job, output) for key, folder in folders.items()}
    finally:
        run_output.merge(output.written, output.failure)
    run_output.finish()
    return fixed


def _file_slug(key: str) -> str:
    """The slug a review's file name gives (a bundle's ``index.md``: its folder's)."""
    from reviewctl.export.page import file_stem

    return file_stem(Path(key))


def _translation(key: str) -> bool:
    """Whether a review's file name carries a language tag (``post.fr.md``, ``index.fr.md``)."""
    from reviewctl.model import split_language

    return split_language(Path(key).stem)[1] is not None


def _unchanged(record: PageRecord, root: str, stopped: dict[str, str], today: str) -> bool:
    """Its images as at the last export, and its outputs still there and not rewritten by a
    run that stopped (the review itself was found unchanged by its stamp in the index:
    size, times and inode, as make and rsync trust them; nothing is read or hashed for an
    unchanged review). ``today``: the run's day, ISO."""
    if stopped and any(stopped.get(rel, sha) != sha for rel, sha in record.outputs.items()):
        return False
    if (record.scheduled and today >= record.scheduled) or (
        record.expires and today >= record.expires
    ):
        return False  # its day has come: published now, or taken down
    for dep, stat in record.deps.items():
        try:
            st = os.stat(dep)
        except OSError:
            if stat == MISSING:  # a picture not found then, and not there now
                continue
            return False
        if [st.st_size, st.st_mtime_ns] != stat:
            return False
    isfile = os.path.isfile
    return all(isfile(f"{root}/{rel}") for rel in record.outputs)


def _settings_key(config: Config, options: ExportOptions, theme: str) -> str:
    """What every page depends on beside its review: the config, the options, the theme and
    the installed reviewctl."""
    from reviewctl import __version__

    data = [
        MANIFEST_VERSION,
        __version__,
        package_fingerprint(),
        options.format,
        options.site,
        options.drafts,
        options.safe,
        theme,
        # what no page shows: lint's settings, push's, where the config is, which files
        # there are (the plan sees those), how new reviews are made
        repr(
            replace(
                config,
                lint=LintSettings(),
                wordpress=WordPressSettings(),
                source=None,
                exclude=(),
                templates_dir="",
                default_medium=None,
            )
        ),
    ]
    return digest(json.dumps(data).encode())


def _previous_files(
    old: dict[str, Any], lookup: Lookup, kept: dict[str, PageRecord], index: Index
) -> dict[str, str]:
    """Every file the last export into the folder wrote → its digest."""
    files: dict[str, str] = {}
    for path, (_, data) in lookup.known.items():
        record = kept.get(path) or PageRecord.from_json(index.decode(data))
        if record is not None:
            files.update(record.outputs)
    for rel, state in old.get("site", {}).items():
        files[rel] = state["sha"]
    files.update(old.get("assets", {}))
    return files


def _entries(index: Index, kind: str, paths: Iterable[str] | None = None) -> dict[str, Entry]:
    """The site entries the index holds for a folder (those of ``paths`` only, if given)."""
    rows = index.rows(kind, paths=paths)
    return {p: e for p, (_, data) in rows.items() if isinstance(e := index.decode(data), dict)}


def _order(entries: dict[str, Entry]) -> list[str]:
    """The reviews of the site in its order (newest first)."""
    from reviewctl.export import site

    listed = (key for key, entry in entries.items() if not entry.get("page"))  # no neighbours
    return sorted(listed, key=lambda key: site.sort_key(entries[key]))


def _near(order: list[str], held: set[str]) -> list[str]:
    """The reviews whose pages are ``held``, with their neighbours in ``order``."""
    wanted: set[str] = set()
    for position, key in enumerate(order):
        if key in held:
            wanted.update(order[max(position - 1, 0) : position + 2])
    return sorted(wanted)


#: Up to this many files written, each is synced (and its folder); beyond, the whole system.
SYNC_EACH = 64


def _make_durable(out: Path, written: list[str]) -> None:
    """Put the files this run wrote on disk before the manifest that vouches for them.

    ``os.sync`` for a big export (one call instead of thousands); a re-export that wrote a
    few files syncs those and their folders, not every dirty page of the machine.
    """
    if len(written) > SYNC_EACH:
        os.sync()
        return
    folders = {os.path.dirname(rel) for rel in written}
    for rel in [*written, *sorted(folders)]:
        try:
            fd = os.open(out / rel if rel else out, os.O_RDONLY)
        except OSError:  # removed since (a collision's loser): nothing to keep
            continue
        try:
            os.fsync(fd)
        except OSError as exc:  # the disk refused: nothing is recorded, and it says so
            raise ExportError(f"cannot save to disk: {exc.strerror or exc}", out / rel) from None
        finally:
            os.close(fd)


@dataclass(frozen=True)
class _Links:
    """What filling in the neighbour links needs, handed to each worker once."""

    records: dict[str, PageRecord]
    order: list[str]
    entries: dict[str, Entry]
    theme: Theme
    job: Job


#: One filled page: its review, its file and digest (None: not written), its links' digest.
_Filled = tuple[str, str, str | None, str]


def _link_neighbours(
    records: dict[str, PageRecord],
    order: list[str],
    entries: dict[str, Entry],
    theme: Theme,
    job: Job,
    output: OutputDir,
    *,
    order_changed: bool,
) -> tuple[dict[str, str], set[str]]:
    """Write each review page rendered this run, with its links to its neighbours in the
    site's ``order``; when the order changed, fill in the new links of every other page
    whose neighbours changed too (through the batch runner: each page costs a template, a
    digest and a write).

    A page is rendered before the order of the whole site is known, so it waits in its
    record (compressed) until here, and is written once. ``entries`` holds at least the
    entries of those pages and their neighbours. The pages whose bytes changed, with their
    new digests, and the records whose links were filled.
    """
    from reviewctl import batch

    positions = [
        position
        for position, key in enumerate(order)
        if (record := records.get(key)) is not None
        and record.dir
        and (
            record.page is not None
            or (order_changed and f"{record.dir}/index.html" in record.outputs)
        )
    ]
    links = _Links(records, order, entries, theme, job)
    done = batch.run(positions, _link_chunk, state=links, jobs=job.options.jobs)
    # a page the order does not place (none expected) is written with the links it has
    placed = {order[p] for p in positions}
    strays = [(k, r) for k, r in records.items() if r.page is not None and k not in placed]
    stray = [_write_page(k, r, None, output) for k, r in strays]
    done.append(([f for f in stray if f is not None], {}, None))  # main's: in output already
    changed: dict[str, str] = {}
    touched: set[str] = set()
    for results, written, failure in done:
        output.merge(written, failure)
        for key, rel, sha, nav_key in results:
            record = records[key]
            record.page = None
            record.nav_key = nav_key or record.nav_key
            touched.add(key)
            if sha is not None:
                record.outputs[rel] = changed[rel] = sha
    return changed, touched


def _link_chunk(links: _Links, positions: list[int]) -> list[_Chunk]:
    """Fill in and write the pages at ``positions`` of the order."""
    order, entries, filled = links.order, links.entries, []
    output = _writer(links.job)
    try:
        template = links.theme.template("review-nav.html")
        for position in positions:
            key = order[position]
            record = links.records[key]
            newer = entries.get(order[position - 1]) if position else None
            older = entries.get(order[position + 1]) if position + 1 < len(order) else None
            rel = f"{record.dir}/index.html"
            nav = str(template.render(newer=newer, older=older, root="../" * rel.count("/")))
            key_now = digest(nav.encode())
            if record.page is None and record.nav_key == key_now:
                continue
            result = _write_page(key, record, nav, output, key_now)
            if result is not None:
                filled.append(result)
    except ReviewctlError as exc:
        output.fail(exc)
    return [(filled, output.written, output.failure)]


def _write_page(
    key: str, record: PageRecord, nav: str | None, output: OutputDir, nav_key: str = ""
) -> _Filled | None:
    """Write ``record``'s page with the links ``nav`` (held: as it was rendered), or fill
    them into the page an earlier export wrote; None when that page cannot be read."""
    from reviewctl.export.page import NAV

    rel = f"{record.dir}/index.html"
    held = record.page
    if held is not None:
        import lz4.block

        text = lz4.block.decompress(held).decode("utf-8")
    else:
        try:
            text = (output.root / rel).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None
    filled = text
    if nav is not None:
        block = f"<!--reviewctl:nav-->{nav.strip()}<!--/reviewctl:nav-->"
        filled = NAV.sub(lambda _, block=block: block, text, count=1)  # type: ignore[misc]
    if held is None and filled == text:
        return key, rel, None, nav_key
    inside = f"{record.dir}/"
    if any(r != rel and r.startswith(inside) for r in record.outputs):
        # its pictures are in its folder: the folder is there (cold export --site of 10,000
        # reviews: 7,500 mkdir calls fewer, each of them refused)
        output.exists(record.dir)
    sha = output.put(rel, filled.encode("utf-8"), differs=held is None)
    return key, rel, sha, nav_key


def _build_site(
    records: dict[str, PageRecord],
    fresh: dict[str, Entry],
    config: Config,
    theme: Theme,
    job: Job,
    old: dict[str, Any],
    output: OutputDir,
    load_known: Callable[[], dict[str, Entry]],
) -> tuple[dict[str, dict[str, str]], str, int, dict[str, Entry] | None]:
    """The site pages, and the entries they show; nothing at all (entries ``None``) when
    the entries are those of the last export.

    Entries are kept in the index beside the manifest (``load_known`` reads them).
    """
    from reviewctl.export import site

    settings_key, assets = job.settings_key, job.assets
    listed = sorted(k for k, r in records.items() if r.entry_key and r.outputs)
    old_site: dict[str, dict[str, str]] = old.get("site", {})
    # the reviews' files too: the site's order is of files (a review moved into a bundle of
    # the same address is the same entry under another file)
    fingerprint = digest("\n".join(f"{k}\0{records[k].entry_key}" for k in listed).encode())
    if (
        old.get("site_inputs") == [settings_key, fingerprint]
        and old_site
        and all(os.path.isfile(f"{output.root}/{rel}") for rel in old_site)
    ):
        return old_site, fingerprint, 0, None  # the same entries as last time: the same site
    known = load_known()
    stale = [
        k for k in listed if k not in fresh and known.get(k, {}).get("key") != records[k].entry_key
    ]
    if stale:  # the entries file was lost or edited: render those reviews again
        again = _render_all(stale, job, output)
        output.finish()
        for key, record in again.items():
            if record.entry is not None:
                fresh[key] = record.entry
                record.entry_key = record.entry["key"]
                record.entry = None
            records[key] = record
    entries = {k: fresh.get(k) or known[k] for k in listed if k in fresh or k in known}
    from reviewctl.export.html import site_title

    title = site_title(config)
    state: dict[str, dict[str, str]] = {}
    todo: list[SitePage] = []
    for page in site.plan(
        list(entries.values()),
        theme=theme,
        settings_key=settings_key,
        title=title,
        author=config.author,
        assets=list(assets),
        settings=config.site,
    ):
        before = old_site.get(page.rel)
        if before and before.get("key") == page.key and (output.root / page.rel).is_file():
            state[page.rel] = before
        else:
            state[page.rel] = {}  # rendered below; the plan's order kept
            todo.append(page)
    from reviewctl import batch

    numbers = list(range(len(todo)))
    for done, written, failure in batch.run(
        numbers, _site_chunk, state=(todo, job), jobs=job.options.jobs
    ):
        output.merge(written, failure)
        for rel, key, sha in done:
            state[rel] = {"key": key, "sha": sha}
    output.finish()
    return state, fingerprint, len(stale), entries


def _site_chunk(state: tuple[list[SitePage], Job], numbers: list[int]) -> list[_Chunk]:
    """Render and write the site pages ``numbers`` of the plan: path, key and digest."""
    pages, job = state
    done = []
    output = _writer(job)
    try:
        for number in numbers:
            page = pages[number]
            done.append((page.rel, page.key, output.put(page.rel, page.render())))
    except ReviewctlError as exc:
        output.fail(exc)
    return [(done, output.written, output.failure)]
