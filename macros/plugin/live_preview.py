"""MkDocs hook: `make serve` rebuilds only the page that changed (`mkdocs serve --dirty`), with strict mode still on.

Why: a full rebuild of every edition takes several seconds; an editor who saves one page wants it back at once.
MkDocs warns at every dirty build that navigation "will likely" be inaccurate, and `strict: true` turns any warning
into a failed build, so `--dirty` could not be used. This hook drops that one expected message (and only under
`--dirty`, which only `make serve` passes); every other warning still stops the build. What a dirty preview leaves
out: the search indexes only the pages rendered or written again (every page after a template's, a menu's or a
search word's save). A page's title reworded writes every page again (the menu shows it), and a heading the content
index names renders the content index again (data_reads.answered). `make build` and CI never build dirty.
Wired in EsgPlugin.EVENTS (macros/plugin/__init__.py); measured by `make bench` (tests/benchmark.py --reload).

Why Material's own dirty-search trick is turned off: under `--dirty` its search plugin keeps the last index and adds
it to the next one, assuming one language per build. static-i18n runs every language through that plugin and merges
the results, so each save added every earlier entry again: the index, and the rebuild time, grew with every save
(9 s, then 45 s, then minutes). Without it a preview's search holds the rebuilt pages and their figure rows.

What a save renders again (issue 20: a save in data/ was never shown; then every save of data/ rendered all 48
pages): a save in docs/ renders that page, in every edition made from it (MkDocs: its file is newer than its page).
A save in data/ renders the pages that read what changed: while a page renders, every read of the dataset is noted
(macros/model/data_reads.py), and after a save the old and new datasets are compared on exactly those reads; the
downloads centre is rendered too (it lists the files made from data/). A read can be of what a function of the data
answers (a board count, a KPI section's captions, a chart's frame: data_reads.derived), so a director listed but not
counted, or a row added to a table, renders the pages that show it and not every page that shows its neighbours.
What only the search reads (jieba's words: the glossary's, the synonyms', the directors' names) is no page's read:
search_by_language.search_basis. A page reads the report by its parts (a UI string, the title, a field of
report.yaml: data_reads.ReportReads), each read noted as the reader's of the moment (a view kept from the set-up
notes a page's reads as the page's). A text converted into zh-Hans (a page's Markdown, its title, a nav title) is
read as the entries of the phrase table that can act on it (macros/model/dataset.py `conversion`): a phrase's save
renders the zh-Hans pages whose text has its word, and none of another edition. What a read's change makes again
follows when it was made (`_reads_go_to`): in a page's article (its Markdown, macros and the hooks on its HTML: the
permalink tooltip), that page is rendered again; in its template or the hooks after it (the footer's colon), or by
the theme (on_env's globals: the footer's links, the 404 page's texts; the menu's titles, converted in on_nav),
that page, or every page, is written again around the article its last rendering made (as after a save of
templates only, in overrides/); in the build's set-up (on_config: the editions, the site's address), every page is
rendered again, except the site's texts (name, description, copyright), which only the theme shows; after the pages
(the downloads centre's table, the social card, the search index), nothing more, as they are made at every build.
A save of the search's own words (search_by_language.search_only_files) writes every page around its article, so
the whole index is cut with them; a save of the menu (data/menu.yaml: a page added) writes every page in the new
menu, and renders the pages whose article reads its titles (the content index). Every page is rendered again when a
file of data/ outside the dataset changed, and after a save in macros/ or of mkdocs.yml.
What a save is compared with is the last build that succeeded: after a failed one, what it meant to make is
rendered too. The files made from data/ as a whole (the KPI downloads) are written again only when what they
read of data/ changed (their reads noted as a page's are: keeps_data_files).
A page written around its kept article is not read again (Markdown, macros and the article's own checks were a third
of such a save). A page not rendered again keeps the title of its last rendering (a dirty build has none for it, and
the nav showed "None"). Proven against a full build of the same files, page for page, after a template save, data
saves, strings the hooks write and a search word's save, by tests/test_live_preview.py.

Compiled templates are kept from save to save by the plugin for every build (macros/plugin/once_per_command.py:
one store in memory for the whole `mkdocs serve`, each template under a checksum of its source, so an edited override
is compiled afresh).

Why the watcher looks every 0.1 s: MkDocs' server polls the watched folders every 0.5 s (a quarter of a second of
each save on average, half a second at worst); a poll of the few hundred files of docs/, data/, overrides/ and
macros/ costs about a millisecond.
"""

from __future__ import annotations

import logging
from contextlib import contextmanager
from pathlib import Path

from . import _project, pdf, search_by_language
from .save_plan import keeps_the_data_files, what_to_render
from .state import KeptArticle
from .languages import languages

DIRTY_WARNING = "A 'dirty' build is being performed"


class _DropDirtyWarning(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith(DIRTY_WARNING)


def on_startup(command, dirty) -> None:
    build_log = logging.getLogger("mkdocs.commands.build")
    if dirty and not any(isinstance(f, _DropDirtyWarning) for f in build_log.filters):
        build_log.addFilter(_DropDirtyWarning())   # once per process


WATCHED = ("data", "overrides", "macros")   # what pages are made with, besides their own files


def _stamp(config_file) -> dict[str, tuple]:
    """The state of the files pages are made with besides their own, mkdocs.yml included: {path from the project
    root: (mtime, size)}."""
    root = _project.ROOT
    files = [p for name in WATCHED for p in (root / name).rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    return {p.relative_to(root).as_posix(): (st.st_mtime_ns, st.st_size)
            for p in [*files, Path(config_file)] for st in [p.stat()]}


def on_config(config, *, state):
    """make serve: Material's dirty search off (see the module's docstring). Each edition's
    build records what it reads of data/ from here on (macros/model/data_reads.py); the first edition of a save
    decides which pages every edition renders again."""
    if state.dirty:
        for name, plugin in config.plugins.items():
            if name in ("search", "material/search"):
                plugin.is_dirty = False        # see the module's docstring
                plugin.search_index_prev = None
        if not state.nested:
            _settle(state.preview)   # before anything here can fail: a build that stops in data/ loses no good one
        ds = _project.dataset(config)
        if not state.nested:
            state.stamp, state.dataset = _stamp(config.config_file_path), ds
            search_only = search_by_language.search_only_files(config)
            state.plan = what_to_render(state.preview, state.stamp, ds, search_only)
            state.data_unchanged = keeps_the_data_files(state.preview, state.stamp, ds, search_only)
        state.writing = False
        ds.recorder = state.recorder
        state.recorder.reads = state.site_reads   # reads outside any page: the macros' set-up, the site's texts
    return config


def on_files(files, config, *, state):
    """The pages this save renders again, and those it writes again around their kept article (a page whose own
    file did not change, when what changed is around articles: a template, a string of the theme's): such a page is
    not read again, its article is the one its last rendering made (kept in on_page_content, put back in on_env).
    MkDocs asks `is_modified` before reading a page and again before writing it: no, then yes."""
    if state.dirty:
        render, rewrite = state.plan
        for file in files.documentation_pages():
            dest = file.dest_uri
            if render is not None and dest not in render and rewrite is not None and dest not in rewrite:
                continue
            kept = None if render is None or dest in render else state.preview.articles.get(dest)
            if kept is not None and not file.is_modified():
                state.restored[dest] = kept
                file.is_modified = lambda: state.writing
            else:
                file.is_modified = lambda: True   # render it again, as MkDocs does a page whose file was saved
    return files


def keeps_data_files(config, paths) -> bool:
    """make serve: the files made from data/ (`paths`) are on disk and data/ is as the build that wrote them had it,
    or differs only where they did not read (`making_data_files`: the copyright line, a UI string): they are kept,
    not made again (the spreadsheet alone was a fifth of a page save's rebuild, and of a save of the site's texts)."""
    from macros.model import data_reads

    state = getattr(config.plugins.get("esg"), "state", None)
    if state is None or not state.dirty or not all(p.exists() for p in paths):
        return False
    made = state.preview.data_files
    return state.data_unchanged or bool(made is not None and made[2] == _code(state.stamp)
                                        and not data_reads.changed(made[0], made[1], state.dataset))


def _code(stamp) -> dict:
    return {path: when for path, when in (stamp or {}).items() if path.startswith("macros/")}


@contextmanager
def making_data_files(config, ds):
    """make serve: what the files made from data/ read while they are written is noted with the data they were
    made from, for `keeps_data_files` at the next save (whether or not this build succeeds: they are on disk)."""
    state = getattr(config.plugins.get("esg"), "state", None)
    if state is None or not state.dirty:
        yield
        return
    reads, before = set(), state.recorder.reads
    state.preview.data_files = None   # until they are all written
    state.recorder.reads = reads
    try:
        yield
    finally:
        state.recorder.reads = before
    if reads and ds is state.dataset and ds.recorder is state.recorder:   # read through this build's dataset
        state.preview.data_files = (frozenset(reads), ds, _code(state.stamp))


# Whose a read is depends on when it is made, which says what a change of it makes again (see save_plan.what_to_render):
#   set-up (on_config to on_files, and between pages while they are read) → every page rendered again
#   a page's article (on_page_markdown to the end of on_page_content)      → that page rendered again
#   the theme (on_nav, on_env, and between pages while they are written)  → every page written around its article
#   a page's template and the hooks after it (on_page_context to post_page) → that page written around its article
#   after the pages (on_post_build: downloads, search index, social card) → nothing: made again at every build
def _reads_go_to(reads, *, state) -> None:
    if state.dirty:
        state.recorder.reads = reads


def on_nav(nav, config, files, *, state):
    """The menu's reads (its titles, converted for a generated edition) are the theme's: the menu is around every
    article, never in one (the content index reads data/menu.yaml's titles as its own). The next reads are the
    first page's (no handler between reads data/)."""
    _reads_go_to(state.theme_reads, state=state)
    return nav


def on_page_markdown(markdown, page, config, files, *, state):
    _reads_go_to(state.page_reads.setdefault(page.file.dest_uri, set()), state=state)
    return markdown


def on_page_content(html, page, config, files, *, state):
    """The article's reads end; the article, as the page will show it, is kept for a save around articles."""
    _reads_go_to(state.site_reads, state=state)
    if state.dirty:
        state.articles[page.file.dest_uri] = KeptArticle(page.markdown, dict(page.meta), html, page.toc, page.title,
                                                         page.present_anchor_ids, _own_title(page))
    return html


def _own_title(page) -> str | None:
    """The title a page has when the menu gives it none (MkDocs' Page.title without the menu's): a page kept from
    its last rendering goes by it when the menu no longer titles it, as a full build's would."""
    own = getattr(type(page).title, "func", None)   # MkDocs' weak_property; a plain value where the menu set one
    return own(page) if own is not None else page.title


def on_page_context(context, page, config, nav, *, state):
    _reads_go_to(state.page_writes.setdefault(page.file.dest_uri, set()), state=state)
    return context


def on_post_page(output, page, config, *, state):
    _reads_go_to(state.theme_reads, state=state)
    return output


def on_env(env, config, files, *, state):
    """The pages are read: from here MkDocs writes them. A page not read again gets back what its last rendering
    made: its whole article after a save of templates only (and what reading it leaves for the search's figures
    and the PDF), else its title and front matter (a dirty build has none for it: the nav of the pages rendered
    showed "None" for it). When a page read again has another title than its last rendering gave it (its heading
    reworded), every page is written again around its article: the title is in every page's menu."""
    if state.dirty:
        state.writing = True
        _reads_go_to(state.theme_reads, state=state)
        articles = state.preview.articles
        retitled = any(file.page is not None and file.page.markdown is not None and file.dest_uri in articles
                       and articles[file.dest_uri].title != file.page.title for file in files.documentation_pages())
        for file in files.documentation_pages():
            page, restored = file.page, state.restored.get(file.dest_uri)
            kept = restored or articles.get(file.dest_uri)
            if page is None or page.markdown is not None or kept is None:
                continue
            if retitled and not restored:   # written again around its article, in the menu with the new title
                restored = state.restored[file.dest_uri] = kept
                file.is_modified = lambda: True
            if "title" not in vars(page):   # one of its own in the menu, as this build's data/menu.yaml gives it
                page.title = kept.own_title   # MkDocs' weak_property: set for good
            page.meta = dict(kept.meta)
            if restored:
                page.markdown, page.content, page.toc = kept.markdown, kept.html, kept.toc
                page.present_anchor_ids = kept.anchors
                state.page_reads[file.dest_uri] = set(state.preview.reads.get(file.dest_uri, ()))
                search_by_language.on_page_content(kept.html, page, config, files, state=state)
                pdf.on_page_content(kept.html, page, config, files, state=state)
        search = next((p for name, p in config.plugins.items() if name in ("search", "material/search")), None)
        if getattr(search, "search_index", None) is not None:
            _keep_search_entries(search.search_index, state)
    return env


def _keep_search_entries(index, state) -> None:
    """Material's search entries of a page are made from its article and headings: a page whose article is kept (a
    save of templates only), or rendered again into the very article, title and front matter its last rendering
    made (a save of the report's site texts renders every page, and most articles come out the same), gets back the
    entries its last rendering made, without parsing and segmenting it again (a sixth of such a save); when jieba's
    words changed (a save of the search's words), the kept entries that hold a changed word are cut again, the
    others kept (search_by_language.recut). Entries of every page rendered or cut again are kept for the next save."""
    import copy

    from macros.model.search_terms import changed_words

    add = index.add_entry_from_context
    changed = changed_words(state.preview.search_basis, search_by_language.search_basis(state))

    def unchanged(page) -> bool:   # as on_page_content left it, in this build and the last (the description
        last = state.preview.articles.get(page.file.dest_uri)   # comes later, from the article)
        now = state.articles.get(page.file.dest_uri)
        return (last is not None and now is not None and now.html == page.content
                and (now.html, now.title, now.meta) == (last.html, last.title, last.meta))

    def add_entry(page):
        dest = page.file.dest_uri
        restored = dest in state.restored and state.restored[dest].title == page.title   # a title of the menu's
        kept = state.preview.search_entries.get(dest) if restored or unchanged(page) else None
        if kept is not None:
            recut = search_by_language.recut(kept, changed, index._segment_chinese)
            if recut is not None:
                state.search_entries[dest] = copy.deepcopy(recut)
            index.entries.extend(copy.deepcopy(kept if recut is None else recut))
            return
        start = len(index.entries)
        add(page)
        state.search_entries[dest] = copy.deepcopy(index.entries[start:])

    index.add_entry_from_context = add_entry


def on_post_build(config, *, state) -> None:
    """The pages are done: what is written after them (downloads, search, sitemap) is made from data/ as a whole,
    every build. The next save is compared with this build, unless it fails yet: in a nested build, or at the end
    of the outer one (strict mode stops a build for a warning after its last event): on_build_error then says so."""
    if state.dirty:
        state.recorder.reads = None
        if not state.nested:
            state.preview.built = state


def _settle(preview) -> None:
    """The last build succeeded (no on_build_error came): it is what the next save is compared with."""
    from macros.model.search_terms import changed_words

    built = preview.built
    if built is not None:
        preview.stamp, preview.dataset, preview.site_reads = built.stamp, built.dataset, frozenset(built.site_reads)
        preview.theme_reads = frozenset(built.theme_reads)
        preview.reads.update({page: frozenset(reads) for page, reads in built.page_reads.items()})
        preview.writes.update({page: frozenset(reads) for page, reads in built.page_writes.items()})
        preview.articles.update(built.articles)
        basis = search_by_language.search_basis(built)
        if basis != preview.search_basis:   # entries that hold a word cut otherwise: made afresh when next needed
            changed = changed_words(preview.search_basis, basis)
            preview.search_entries = {page: entries for page, entries in preview.search_entries.items()
                                      if not search_by_language.cut_otherwise(entries, changed)}
            preview.search_basis = basis
        preview.search_entries.update(built.search_entries)
        preview.pending, preview.built = set(), None


def on_build_error(error, *, state) -> None:
    """A failed build: what it meant to render, and what it wrote, is rendered again by the next one, which is
    compared with the last build that succeeded."""
    if state is None or not state.dirty:
        return
    state.recorder.reads = None
    preview = state.preview
    preview.built = None
    render, rewrite = state.plan
    if render is None or rewrite is None or preview.pending is None:
        preview.pending = None
    else:
        preview.pending |= render | rewrite | set(state.page_reads) | set(state.page_writes)


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
                log.error("The build failed: the browser shows why; the page comes back at the next good save.")

    def app(environ, start_response):
        path = environ.get("PATH_INFO", "")
        if pages.is_dir() and path.endswith(("/", ".html")) and not path.startswith("/livereload/"):
            lang = edition_of(path[len(server.mount_path) - 1:], prefixes)
            answer: list = []
            body = serve_request({**environ, "PATH_INFO": f"{server.mount_path}{ERROR_PAGES}/{lang}.html"},
                                 lambda status, headers, exc_info=None: answer.append((status, headers)))
            if answer and not answer[0][0].startswith("404"):
                start_response(*answer[0])
                return body
            # the request waited for the next build (MkDocs holds every request while one runs), which succeeded
            # and removed the error page: it gets the page it asked for, not a 404
        return serve_request(environ, start_response)

    server.builder = guarded_build
    server.set_app(app)
    _poll_often(server, config)
    return server


POLL_SECONDS = 0.1   # MkDocs' watcher looks for saved files every 0.5 s: a quarter of a second of each save, on average


def _poll_often(server, config) -> None:
    """MkDocs' server watches by polling (it works on every file system); it looks every POLL_SECONDS here. What
    `mkdocs serve` watched before this event (the docs and mkdocs.yml) is watched again by the new watcher; what
    mkdocs.yml's `watch:` names is added after this event, to it."""
    watched = [path for path in (config.docs_dir, config.config_file_path) if path]
    for path in watched:
        server.unwatch(path)
    server.observer = type(server.observer)(timeout=POLL_SECONDS)   # MkDocs' own kind (watchdog's PollingObserver)
    for path in watched:
        server.watch(path)
