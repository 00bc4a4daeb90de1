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
