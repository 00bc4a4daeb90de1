"""MkDocs hook: `make serve` rebuilds only the page that changed (`mkdocs serve --dirty`), with strict mode still on.

Why: a full rebuild of every edition takes several seconds; an editor who saves one page wants it back at once.
MkDocs warns at every dirty build that navigation "will likely" be inaccurate, and `strict: true` turns any warning
into a failed build, so `--dirty` could not be used. This hook drops that one expected message (and only under
`--dirty`, which only `make serve` passes); every other warning still stops the build. What a dirty preview can get
wrong: another page's nav title after a title change, and search (it indexes only the pages rebuilt). `make build`
and CI never build dirty. Registered under `hooks:` in mkdocs.yml; measured by `make bench`.

Why Material's own dirty-search trick is turned off: under `--dirty` its search plugin keeps the last index and adds
it to the next one, assuming one language per build. static-i18n runs every language through that plugin and merges
the results, so each save added every earlier entry again: the index, and the rebuild time, grew with every save
(9 s, then 45 s, then minutes). Without it a preview's search holds the rebuilt pages and their figure rows.

Why the theme's file list is kept: see macros/hooks/_theme_listing.py (half a second of each save).

Why every page is rendered again after a save in data/ or overrides/: a dirty build renders only the pages whose own
file changed, but every page shows data (figures, labels, UI strings) and the templates; without this a saved figure
never reached the browser until `make serve` was restarted.

Why a template cache: MkDocs makes a new Jinja environment at every build, so every save compiled Material's
templates again for each edition (about a second of each reload). Under `make serve` compiled templates are kept in
.cache/jinja/, each under a checksum of its source, so an edited override is compiled afresh.
"""

from __future__ import annotations

import logging

from mkdocs.plugins import event_priority

import _project
import _theme_listing   # beside this hook; imported while MkDocs loads it, when its folder is on sys.path

DIRTY_WARNING = "A 'dirty' build is being performed"


class _DropDirtyWarning(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith(DIRTY_WARNING)


_build_log = logging.getLogger("mkdocs.commands.build")
if _project.dirty_preview() and not any(type(f).__name__ == _DropDirtyWarning.__name__ for f in _build_log.filters):
    _build_log.addFilter(_DropDirtyWarning())   # once: MkDocs runs this module again at every reload


def on_env(env, config, files):
    if _project.dirty_preview():
        import jinja2

        cache = _project.ROOT / ".cache" / "jinja"
        cache.mkdir(parents=True, exist_ok=True)
        env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(cache))
    return env


def on_config(config):
    if _project.dirty_preview():
        _list_theme_once(config.theme)
        _remember_search_segments()
        for name, plugin in config.plugins.items():
            if name in ("search", "material/search"):
                plugin.is_dirty = False        # see the module's docstring
                plugin.search_index_prev = None
    return config


def _remember_search_segments() -> None:
    """Material's search cuts every Chinese run of every page with jieba at each rebuild (a save in data/ renders
    every page again, most unchanged): under `make serve` a run already cut is answered from memory. The cut is a
    function of the text and jieba's dictionary, which data/ extends (macros/hooks/search_by_language.py), so the
    dictionary's number of words is part of the key (not its total, which every rebuild's add_word raises)."""
    import jieba
    from material.plugins.search.plugin import SearchIndex

    segment = SearchIndex._segment_chinese
    if getattr(segment, "remembered", False):
        return
    memo: dict = {}

    def remembered(self, data):
        key = (data, len(jieba.dt.FREQ))
        if key not in memo:
            if len(memo) > 50_000:
                memo.clear()
            memo[key] = segment(self, data)
        return memo[key]

    remembered.remembered = True
    SearchIndex._segment_chinese = remembered


def _list_theme_once(theme) -> None:
    make_env = theme.get_env

    def get_env():
        env = make_env()
        env.loader = _theme_listing.ListedOnce(env.loader.searchpath)
        return env

    theme.get_env = get_env


WATCHED = ("data", "overrides", "macros")   # what every page is made with, besides its own file


def _stamp() -> tuple:
    """The state of the files every page is made with: a change of any of them re-renders every page."""
    return tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for name in WATCHED
                 for p in sorted((_project.ROOT / name).rglob("*")) if p.is_file() and "__pycache__" not in p.parts)


@event_priority(-200)   # after static-i18n's on_files (-100), which makes each edition's file list anew
def on_files(files, config):
    if _project.dirty_preview():
        i18n = config.plugins.get("i18n")
        if not getattr(i18n, "building", False):   # the first edition of a save decides for every edition
            stamp, before = _stamp(), getattr(_project, "_preview_stamp", None)
            _project._preview_stamp = stamp        # _project outlives the reloads of this hook
            _project._preview_changed = before is not None and stamp != before
        if getattr(_project, "_preview_changed", False):
            for file in files.documentation_pages():
                file.is_modified = lambda: True   # render it again, as MkDocs does a page whose file was saved
    return files


# ── A failed rebuild is shown in the browser (issue 20) ──────────────────────────────────────────────────────────
# MkDocs' live-reload server, when a rebuild raises, prints the reason in the terminal and never advances its
# "visible" version: every page request then waits for a good build, so the browser hangs. on_serve wraps its builder:
# a failed rebuild writes, for each edition, a page with the build's own messages (macros/render/build_error.py)
# and returns normally, so the server reloads the browser, which is then served that page for any page it asks for.
# The next good build removes it and the page comes back. The initial build is MkDocs' own: if it fails, serve stops.

ERROR_PAGES = "_esg_build_error"   # a folder of the served site, only while the last rebuild failed


def on_serve(server, config, builder):
    import shutil
    import sys
    import traceback
    from pathlib import Path

    from macros.render.build_error import edition_of, error_messages, error_page

    report, i18n = _project.report(config), config.plugins["i18n"]
    texts = {lang: {key: report.t_text(f"preview_error_{key}", lang) for key in ("title", "lead", "recover")}
             for lang in report.editions}   # read now, from data that built: the failing save may be in them
    prefixes = {lang: _project.edition_prefix(i18n, lang) for lang in report.editions}
    pages, build, serve_request = Path(server.root) / ERROR_PAGES, server.builder, server.get_app()
    log = logging.getLogger("mkdocs.hooks.live_preview")

    class _Collect(logging.Handler):
        def __init__(self):
            super().__init__(logging.WARNING)
            self.messages: list[str] = []

        def emit(self, record):
            self.messages.append(record.getMessage())

    def guarded_build():
        shutil.rmtree(pages, ignore_errors=True)
        collect, mkdocs_log = _Collect(), logging.getLogger("mkdocs")
        mkdocs_log.addHandler(collect)
        try:
            build()
        except BaseException as exc:   # MkDocs' Abort is a SystemExit
            if isinstance(exc, KeyboardInterrupt):
                raise
            if isinstance(exc, SystemExit):   # what MkDocs' own loop prints, then the page for the browser
                print(exc, file=sys.stderr)
            else:
                traceback.print_exc()
            messages = error_messages(collect.messages, exc)
            pages.mkdir(parents=True, exist_ok=True)
            for lang in texts:
                (pages / f"{lang}.html").write_text(error_page(messages, lang, texts[lang]), encoding="utf-8")
            _project._preview_stamp = ()   # the next good build renders every page: this one stopped half-way
            log.error("The build failed: the browser shows why; the page comes back at the next good save.")
        finally:
            mkdocs_log.removeHandler(collect)

    def app(environ, start_response):
        path = environ.get("PATH_INFO", "")
        if pages.is_dir() and path.endswith(("/", ".html")) and not path.startswith("/livereload/"):
            lang = edition_of(path[len(server.mount_path) - 1:], prefixes)
            environ = {**environ, "PATH_INFO": f"{server.mount_path}{ERROR_PAGES}/{lang}.html"}
        return serve_request(environ, start_response)

    server.builder = guarded_build
    server.set_app(app)
    return server
