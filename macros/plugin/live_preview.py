"""MkDocs hook: `make serve` rebuilds only the page that changed (`mkdocs serve --dirty`), with strict mode still on.

Why: a full rebuild of every edition takes several seconds; an editor who saves one page wants it back at once.
MkDocs warns at every dirty build that navigation "will likely" be inaccurate, and `strict: true` turns any warning
into a failed build, so `--dirty` could not be used. This hook drops that one expected message (and only under
`--dirty`, which only `make serve` passes); every other warning still stops the build. What a dirty preview can get
wrong: another page's nav title after a title change, and search (it indexes only the pages rebuilt). `make build`
and CI never build dirty. Wired in EsgPlugin.EVENTS (macros/plugin/__init__.py); measured by `make bench`.

Why Material's own dirty-search trick is turned off: under `--dirty` its search plugin keeps the last index and adds
it to the next one, assuming one language per build. static-i18n runs every language through that plugin and merges
the results, so each save added every earlier entry again: the index, and the rebuild time, grew with every save
(9 s, then 45 s, then minutes). Without it a preview's search holds the rebuilt pages and their figure rows.

Why the theme's file list is kept: see macros/plugin/_theme_listing.py (half a second of each save).

Why every page is rendered again after a save in data/ or overrides/: a dirty build renders only the pages whose own
file changed, but every page shows data (figures, labels, UI strings) and the templates; without this a saved figure
never reached the browser until `make serve` was restarted.

Why a template cache: MkDocs makes a new Jinja environment at every build, so every save compiled Material's
templates again for each edition (about a second of each reload). Under `make serve` compiled templates are kept in
.cache/jinja/, each under a checksum of its source, so an edited override is compiled afresh.
"""

from __future__ import annotations

import logging

from . import _project
from . import _theme_listing
from .languages import languages

DIRTY_WARNING = "A 'dirty' build is being performed"


class _DropDirtyWarning(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith(DIRTY_WARNING)


def on_startup(command, dirty) -> None:
    build_log = logging.getLogger("mkdocs.commands.build")
    if dirty and not any(isinstance(f, _DropDirtyWarning) for f in build_log.filters):
        build_log.addFilter(_DropDirtyWarning())   # once per process


def on_env(env, config, files, *, state):
    if state.dirty:
        import jinja2

        cache = _project.ROOT / ".cache" / "jinja"
        cache.mkdir(parents=True, exist_ok=True)
        env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(cache))
    return env


def on_config(config, *, state):
    if state.dirty:
        _list_theme_once(config.theme, state.preview.theme_listing)
        for name, plugin in config.plugins.items():
            if name in ("search", "material/search"):
                plugin.is_dirty = False        # see the module's docstring
                plugin.search_index_prev = None
    return config


def _list_theme_once(theme, kept: dict[str, list[str]]) -> None:
    make_env = theme.get_env

    def get_env():
        env = make_env()
        env.loader = _theme_listing.ListedOnce(env.loader.searchpath, kept)
        return env

    theme.get_env = get_env


WATCHED = ("data", "overrides", "macros")   # what every page is made with, besides its own file


def _stamp() -> tuple:
    """The state of the files every page is made with: a change of any of them re-renders every page."""
    return tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for name in WATCHED
                 for p in sorted((_project.ROOT / name).rglob("*")) if p.is_file() and "__pycache__" not in p.parts)


def on_files(files, config, *, state):
    if state.dirty:
        preview = state.preview                    # kept from save to save (state.Preview)
        if not state.nested:                       # the first edition of a save decides for every edition
            stamp, before = _stamp(), preview.stamp
            preview.stamp = stamp
            preview.changed = before is not None and stamp != before
        if preview.changed:
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


def on_serve(server, config, builder, *, state):
    import shutil
    import sys
    import traceback
    from pathlib import Path

    from macros.render.build_error import edition_of, error_messages, error_page
    from macros.render.log_capture import warnings_of

    report, langs = _project.report(config), languages(config)
    texts = {lang: {key: report.t_text(f"preview_error_{key}", lang) for key in ("title", "lead", "recover")}
             for lang in report.editions}   # read now, from data that built: the failing save may be in them
    prefixes = {lang: langs.prefix(lang) for lang in report.editions}
    pages, build, serve_request = Path(server.root) / ERROR_PAGES, server.builder, server.get_app()
    log = logging.getLogger("mkdocs.plugins.esg.live_preview")

    def guarded_build():
        shutil.rmtree(pages, ignore_errors=True)
        with warnings_of("mkdocs") as said:
            try:
                build()
            except BaseException as exc:   # MkDocs' Abort is a SystemExit
                if isinstance(exc, KeyboardInterrupt):
                    raise
                if isinstance(exc, SystemExit):   # what MkDocs' own loop prints, then the page for the browser
                    print(exc, file=sys.stderr)
                else:
                    traceback.print_exc()
                messages = error_messages(said, exc)
                pages.mkdir(parents=True, exist_ok=True)
                for lang in texts:
                    (pages / f"{lang}.html").write_text(error_page(messages, lang, texts[lang]), encoding="utf-8")
                state.preview.stamp = ()   # the next good build renders every page: this one stopped half-way
                log.error("The build failed: the browser shows why; the page comes back at the next good save.")

    def app(environ, start_response):
        path = environ.get("PATH_INFO", "")
        if pages.is_dir() and path.endswith(("/", ".html")) and not path.startswith("/livereload/"):
            lang = edition_of(path[len(server.mount_path) - 1:], prefixes)
            environ = {**environ, "PATH_INFO": f"{server.mount_path}{ERROR_PAGES}/{lang}.html"}
        return serve_request(environ, start_response)

    server.builder = guarded_build
    server.set_app(app)
    return server
