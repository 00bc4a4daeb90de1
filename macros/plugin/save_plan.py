"""What a save under `make serve` makes again: the pages rendered again, and those written again around the
article their last rendering made (`Plan`), from what was saved and what each page read (macros/plugin/live_preview.py
records the reads, by when they are made, and carries the plan out).

Why a module of its own: the decision is a pure function of the last good build (its files' stamps, its dataset, the
reads of its pages) and of the files now, tested without a build (tests/test_data_reads.py); the
events that record and restore are MkDocs'. Proven page for page against a full build by tests/test_live_preview.py.
"""

from __future__ import annotations

from macros.model import data_reads

from . import download_centre
from .state import Plan

EVERY_PAGE = Plan(None, set())


def saved_files(before: dict | None, stamp: dict) -> set[str]:
    """The files (from the project's root) whose stamp differs from the last good build's."""
    before = before or {}
    return {path for path in stamp.keys() | before.keys() if stamp.get(path) != before.get(path)}


def keeps_the_data_files(preview, stamp: dict, ds, search_only) -> bool:
    """Whether the files made from data/ (the KPI downloads, their archive) are as the last good build made them:
    data/ is as it was, or only the search's words were saved (they are in no download; the dataset is read again
    because its files changed, a third of a second of such a save spent writing the same downloads)."""
    saved = saved_files(preview.stamp, stamp) if preview.stamp is not None else None
    return preview.dataset is ds or bool(preview.dataset is not None and saved and saved <= set(search_only))


def what_to_render(preview, stamp: dict, ds, search_only=frozenset()) -> Plan:
    """What this save makes again besides the pages whose own file changed (`Plan`: the pages rendered again, and
    those written again with their kept article), compared with the last build that succeeded, so a save after a
    failed one catches up. `search_only`: the files of data/ only the search reads (its words). Whatever was saved,
    a page that read another page's file (the content index, its headings: data_reads.answered) is rendered again
    if that file now answers otherwise."""
    plan = _what_the_saved_files_make(preview, stamp, ds, search_only)
    if plan.render is None or preview.dataset is None:
        return plan
    answered = {page: {read for read in reads if read[1:2] == (data_reads.ANSWERED,)}
                for page, reads in preview.reads.items()}
    return Plan(plan.render | data_reads.stale(answered, preview.dataset, ds), plan.rewrite)


def _what_the_saved_files_make(preview, stamp: dict, ds, search_only) -> Plan:
    before = preview.stamp
    if before is None:
        return Plan(set(), set())                 # the first build renders everything anyway
    saved = saved_files(before, stamp)
    pending = preview.pending
    if pending is None:
        return EVERY_PAGE
    if saved and all(path.startswith("overrides/") for path in saved):
        return Plan(set(pending), None)           # templates: every page written around its article
    if any(not path.startswith("data/") for path in saved):
        return EVERY_PAGE                         # the code, mkdocs.yml
    search, saved = saved & set(search_only), saved - set(search_only)
    if not saved and not search:
        return Plan(set(pending), set())          # nothing of data/ changed since the last build that succeeded
    old = preview.dataset
    if old is None or any(path not in old.sources or path not in ds.sources for path in saved):
        return EVERY_PAGE                         # data outside the dataset
    setup = data_reads.changed(preview.site_reads, old, ds)
    if not all(_for_the_theme(read) for read in setup):
        return EVERY_PAGE                         # read by the build's set-up: by every page
    downloads = {page for page in preview.reads if page.endswith(f"{download_centre.PAGE}/index.html")}
    stale = data_reads.stale(preview.reads, old, ds)
    converted = _for_phrase_tables(preview, saved, ds)
    if converted is not None:                     # a phrase table: its edition's pages, no other edition's
        stale &= converted
    render = stale | set(pending) | (downloads if saved else set())
    if setup or search or data_reads.changed(preview.theme_reads, old, ds):
        return Plan(render, None)                 # around every article, the search's words: every page written
    return Plan(render, data_reads.stale(preview.writes, old, ds) - render)


def _for_phrase_tables(preview, saved: set[str], ds) -> set[str] | None:
    """When the save changed only the phrase tables of generated editions (zh-Hans), the pages of those editions
    (the others cannot change), else None. Why: a phrase acts on a generated edition's texts only, its labels in
    data/ too, which a page of every edition reads as a whole row or list; the editions written by hand show their
    own texts. Each page of a generated edition read the conversion of its Markdown (macros/model/dataset.py
    `conversion`, with the edition as first argument); a page whose title changes is written into every page's menu
    (on_env)."""
    from macros.model.dataset import conversion

    with data_reads.unrecorded(ds):
        tables = {spec.phrases: spec.locale for spec in ds.report.info.editions if spec.phrases}
    if not saved or not saved <= tables.keys():
        return None
    name, editions = f"{conversion.__module__}.{conversion.__qualname__}", {tables[path] for path in saved}
    return {page for page, reads in preview.reads.items() if any(read[0] == name and read[2][0] in editions
                                                                  for read in reads)}


THEME_TEXTS = "site_texts"   # the report's texts MkDocs' config takes (site name, description, copyright, author)
MENU = ("menu", data_reads.WHOLE)   # the menu, which macros/plugin/menu.py gives MkDocs' config as its `nav`


def _for_the_theme(read) -> bool:
    """Whether a read of the build's set-up goes to the theme's templates only, around every article and never
    inside one: the site's texts and the menu, which macros/plugin/editions.py and menu.py give MkDocs' config. A
    save that changes only these (the copyright line, a page added to the menu) writes every page again with its
    kept article, as a template's save does; an article that reads the menu itself (the content index names the
    chapters by its titles) read it as its own, and is rendered again."""
    return read == MENU or (read[:2] == ("report", data_reads.PART) and read[2][:2] == ("call", THEME_TEXTS))
