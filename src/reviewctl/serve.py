"""``serve``: the site, built into a temporary folder, served on 127.0.0.1, rebuilt when a
review, the config or the theme changes, and reloaded in the open page.

The preview is an ordinary ``export --site`` (incremental: only what changed is rendered)
into a folder of its own; the page a browser gets has a small script added on the way out
(never written to the folder) that asks for the build number and reloads when it changes.
Closing the preview removes the folder and the index's record of it.
"""

from __future__ import annotations

import contextlib
import gc
import http.server
import os
import re
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reviewctl.archive import NOT_POST_FOLDERS, SUFFIXES
from reviewctl.errors import ReviewctlError

VERSION_PATH = "/__reviewctl__/version"
#: the names a browser on this computer reaches the preview by
_LOCAL_HOSTS = frozenset(("127.0.0.1", "localhost", "::1", ""))
#: folders whose changes are no one's writing: those the walker never reads, and
#: generators' output; a reviews folder's own (royaljuggy's posts in public/) and a theme
#: the config names are watched wherever they are
_IGNORED = NOT_POST_FOLDERS | {"public", "dist"}
#: the archive index's files (index.index_path), with SQLite's own beside them
_INDEX_FILE = re.compile(r"index-[0-9a-f]{16}\.sqlite(?:-wal|-shm|-journal)?")
#: How often the open page asks whether the site was rebuilt (ms), and how long changes to
#: files are gathered before a rebuild (ms): together well under the 2 s an author waits.
POLL_MS = 250
DEBOUNCE_MS = 100

RELOAD_SCRIPT = """<script>
(function () {
  var seen = "%s";
  function poll() {
    fetch("%s", {cache: "no-store"}).then(function (r) { return r.text(); }).then(function (v) {
      if (v !== seen) { location.reload(); } else { setTimeout(poll, %d); }
    }).catch(function () { setTimeout(poll, 1000); });
  }
  setTimeout(poll, %d);
})();
</script>
"""


@dataclass
class Build:
    """One build of the preview: its number, what export said, or why it failed."""

    number: int
    exported: int = 0
    rendered: int = 0
    held: int = 0  # drafts and reviews dated after today left out (no --drafts)
    warnings: list[str] = field(default_factory=list)
    error: str = ""


class Preview:
    """The preview site of the archive around ``start`` (see the module docstring)."""

    def __init__(
        self,
        start: Path,
        paths: list[Path] | None = None,
        *,
        drafts: bool = False,
        theme: Path | None = None,
    ) -> None:
        self.start = start
        self.paths = paths
        self.drafts = drafts
        self.theme = theme
        self.folder = Path(tempfile.mkdtemp(prefix="reviewctl-serve-"))
        self.out = self.folder / "site"
        self.version = 0
        self._lock = threading.Lock()
        self._watched: list[Path] = []
        self._root: Path | None = None
        self._theme: Path | None = None  # a change anywhere in it counts
        self._reviews: list[Path] = []  # folders the export walks: what the walker reads counts
        self._cache: Path | None = None  # the index's folder: its files change every build
        #: the files the pages show (pictures, wherever kept: public/ too), as last built
        self._shown: frozenset[str] = frozenset()

    def build(self) -> Build:
        """Export the site again (only what changed is rendered); a bad config or theme is
        reported and the last good site stays up."""
        from reviewctl.archive import default_paths
        from reviewctl.config import load_config
        from reviewctl.export import ExportOptions, export
        from reviewctl.index import cache_dir

        with self._lock:
            try:
                config = load_config(self.start)
                theme = self.theme or config.theme_path
                paths = self.paths or default_paths(config)
                self._root = config.root
                # folders, never a file: an editor's save (a new file renamed over the old
                # one) would end the watch of a file; the archive's root, so that its
                # config, a reviews folder deleted and put back and the pictures it keeps
                # beside the reviews (static/) are seen, and what lies outside it
                root = config.root.resolve()
                self._theme = theme.resolve() if theme else None
                self._reviews = [p.resolve() for p in paths if p.is_dir()]
                cache = cache_dir()
                self._cache = cache.resolve() if cache is not None else None
                self._watched = list(
                    dict.fromkeys(
                        [root]
                        + [
                            (p if p.is_dir() else p.parent).resolve()  # as events name them
                            for p in (*paths, *([theme] if theme else []))
                            if not p.resolve().is_relative_to(root)
                        ]
                    )
                )
                options = ExportOptions(
                    out=self.out, site=True, drafts=self.drafts, theme=theme, force=True
                )
                report = export(paths, config, options)
            except ReviewctlError as exc:
                return Build(self.version, error=str(exc))
            self._shown = frozenset(report.shown)
            self.version += 1
            return Build(
                self.version,
                exported=report.exported,
                rendered=report.rendered,
                held=report.drafts + report.scheduled,
                warnings=[*map(str, report.skipped), *report.warnings],
            )

    def watched(self) -> list[Path]:
        """The folders a change in rebuilds: the archive's root, and the reviews and the theme
        where they lie outside it."""
        return [p for p in self._watched if p.exists()]

    def watch(self, stop: threading.Event, on_build: Callable[[Build], None]) -> None:
        """Rebuild on every change to :meth:`watched` until ``stop`` is set."""
        import watchfiles

        while not stop.is_set():
            targets = self.watched() or [self.start]
            changes = watchfiles.watch(
                *targets,
                stop_event=stop,
                debounce=DEBOUNCE_MS,
                step=50,
                watch_filter=self._relevant,
                yield_on_timeout=False,
                raise_interrupt=False,
            )
            for _changes in changes:
                before = self.watched()
                on_build(self.build())
                # a long preview session would hold every build's cyclic garbage until the
                # CLI's raised collector threshold is met (90 KB a save)
                gc.collect()
                if self.watched() != before:  # the config moved the archive or the theme
                    break

    def _relevant(self, _change: Any, path: str) -> bool:
        """A change worth a rebuild: in the theme or to a file a page shows, anywhere; else
        not in a hidden folder (.git), the archive index's (which every build writes: a
        loop), a dependency's or a generator's output (node_modules, _site, public), nor an
        editor's swap file."""
        if path.startswith(str(self.folder)) or path.endswith(("~", ".swp", ".tmp")):
            return False
        where = Path(path)
        if where.parent == self._cache and _INDEX_FILE.fullmatch(where.name):
            return False  # the archive index (and its -wal, -shm), wherever it is kept
        if (self._theme is not None and where.is_relative_to(self._theme)) or path in self._shown:
            return True
        for folder in self._reviews:  # a review the walker reads there, even in public/
            if where.is_relative_to(folder):
                parts = where.relative_to(folder).parts
                if any(p.startswith(".") or p in NOT_POST_FOLDERS for p in parts):
                    return False
                # a generator's output beside the reviews (hugo --watch): its pages are not
                return path.endswith(SUFFIXES) or not any(p in _IGNORED for p in parts)
        # the parts below the watched folder it lies in (a folder above may be hidden)
        below = next(
            (where.relative_to(w).parts for w in self._watched if where.is_relative_to(w)),
            where.parts[-1:],
        )
        return not any(p.startswith(".") or p in _IGNORED for p in below)

    def serve(self, port: int = 8000) -> http.server.ThreadingHTTPServer:
        """An HTTP server of the preview on 127.0.0.1 (``port`` 0: any free one); the caller
        runs ``serve_forever``."""
        preview = self

        class Handler(_Handler):
            def __init__(self, *args: Any, **kwargs: Any) -> None:
                self.preview = preview
                super().__init__(*args, directory=str(preview.out), **kwargs)

        return http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)

    def close(self) -> None:
        """Remove the preview's folder and the index's record of it: nothing is left."""
        from reviewctl.index import Index

        if self._root is not None:
            with Index.open(self._root) as index:
                index.forget_export(os.path.realpath(self.out))
        shutil.rmtree(self.folder, ignore_errors=True)


@contextlib.contextmanager
def running(preview: Preview, port: int = 0) -> Iterator[tuple[str, threading.Event]]:
    """The preview served and watched in threads: its URL and the event that stops it."""
    server = preview.serve(port)
    stop = threading.Event()
    threads = [
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True),
        threading.Thread(target=preview.watch, args=(stop, lambda _b: None), daemon=True),
    ]
    for thread in threads:
        thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", stop
    finally:
        stop.set()
        server.shutdown()
        server.server_close()
        for thread in threads:
            thread.join(timeout=5)


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Static files of the preview, the build number, and the reload script in each page."""

    preview: Preview  # set per server, before the request is handled
    _head_only = False  # a HEAD request: headers as for GET, no body

    def current(self) -> int:
        """The build number the open page compares with its own to reload."""
        return self.preview.version

    def log_message(self, format: str, *args: Any) -> None:  # quiet: the CLI says what matters
        return

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def do_HEAD(self) -> None:
        """As GET, the same headers (the page with its script), and no body."""
        self._head_only = True
        self.do_GET()

    def do_GET(self) -> None:
        host = self.headers.get("Host", "").rsplit(":", 1)[0].strip("[]").lower()
        if host not in _LOCAL_HOSTS:  # a page elsewhere reaching it by DNS rebinding
            self._send(403, "text/plain; charset=utf-8", b"only for this computer\n")
            return
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        if path == VERSION_PATH:
            self._send(200, "text/plain; charset=utf-8", str(self.current()).encode())
            return
        local = Path(self.translate_path(path))
        try:
            if local.is_dir():
                if not path.endswith("/"):
                    self._files()  # the redirect to the folder's URL with a slash
                    return
                local = local / "index.html"
            if local.suffix == ".html" and local.is_file():
                page = self._with_script(local.read_bytes())
                self._send(200, "text/html; charset=utf-8", page)
                return
            there = local.exists()
        except OSError:  # a name too long for the file system: no such page
            there = False
        if not there:
            missing = Path(self.directory) / "404.html"
            if missing.is_file():
                self._send(404, "text/html; charset=utf-8", self._with_script(missing.read_bytes()))
            else:
                self.send_error(404)
            return
        self._files()

    def _files(self) -> None:
        """The static file (or the redirect to a folder's URL), as http.server serves it."""
        if self._head_only:
            super().do_HEAD()
        else:
            super().do_GET()

    def _with_script(self, page: bytes) -> bytes:
        script = RELOAD_SCRIPT % (self.current(), VERSION_PATH, POLL_MS, POLL_MS)
        head, found, tail = page.rpartition(b"</body>")
        if not found:
            return page + script.encode()
        return head + script.encode() + b"</body>" + tail

    def _send(self, status: int, kind: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not self._head_only:
            self.wfile.write(body)
