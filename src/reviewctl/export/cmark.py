"""cmark-gfm (GitHub's CommonMark in C, through the ``cmarkgfm`` package) as export renders
with it: raw HTML, footnotes, tables (CSS alignment), strikethrough (two tildes) and bare
URLs as links.

``cmarkgfm``'s own ``markdown_to_html_with_extensions`` never frees the document tree nor the
HTML string cmark returns (about 33 KB a 6 KB review: 10,000 reviews would hold hundreds of
MB). The same calls are made here, and both are freed with cmark's ``cmark_node_free`` and the
C library's ``free`` (cmark's default allocator), which its cffi bindings do not declare.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from functools import cache
from typing import Any

EXTENSIONS = ("table", "strikethrough", "autolink")


@cache
def _setup() -> tuple[Any, int, list[Any], Any, Any]:
    from cmarkgfm import _cmark
    from cmarkgfm.cmark import Options

    lib = _cmark.lib
    options = int(
        Options.CMARK_OPT_UNSAFE  # raw HTML passes, as in markdown-it with html on
        | Options.CMARK_OPT_FOOTNOTES
        | Options.CMARK_OPT_TABLE_PREFER_STYLE_ATTRIBUTES  # no obsolete align=""
        | Options.CMARK_OPT_STRIKETHROUGH_DOUBLE_TILDE
    )
    lib.cmark_gfm_core_extensions_ensure_registered()
    extensions = [lib.cmark_find_syntax_extension(name.encode()) for name in EXTENSIONS]
    libc = ctypes.util.find_library("c")
    if libc is None:  # no C library to free with (Windows): cmarkgfm's own calls, which leak
        return _cmark, options, extensions, None, None
    own = ctypes.CDLL(_cmark.__file__)
    node_free = own.cmark_node_free
    node_free.argtypes, node_free.restype = [ctypes.c_void_p], None
    free = ctypes.CDLL(libc).free
    free.argtypes, free.restype = [ctypes.c_void_p], None
    return _cmark, options, extensions, node_free, free


def options() -> int:
    """The cmark options export renders with."""
    return _setup()[1]


def to_html(source: str) -> str:
    """``source`` rendered to HTML by cmark-gfm; nothing kept in memory afterwards."""
    module, flags, extensions, node_free, free = _setup()
    if node_free is None or free is None:
        from cmarkgfm import cmark

        return str(cmark.markdown_to_html_with_extensions(source, flags, list(EXTENSIONS)))
    lib, ffi = module.lib, module.ffi
    data = source.encode("utf-8")
    parser = lib.cmark_parser_new(flags)
    try:
        for extension in extensions:
            lib.cmark_parser_attach_syntax_extension(parser, extension)
        lib.cmark_parser_feed(parser, data, len(data))
        root = lib.cmark_parser_finish(parser)
        try:
            raw = lib.cmark_render_html(root, flags, lib.cmark_parser_get_syntax_extensions(parser))
            try:
                return str(ffi.string(raw).decode("utf-8"))
            finally:
                free(int(ffi.cast("uintptr_t", raw)))
        finally:
            node_free(int(ffi.cast("uintptr_t", root)))
    finally:
        lib.cmark_parser_free(parser)
