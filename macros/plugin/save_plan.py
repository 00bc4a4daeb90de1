"""What a save under `make serve` makes again: the pages rendered again, and those written again around the
article their last rendering made (`Plan`), from what was saved and what each page read (macros/plugin/live_preview.py
records the reads, by when they are made, and carries the plan out).

Why a module of its own: the decision is a pure function of the last good build (its files' stamps, its dataset, the
reads of its pages, its mkdocs.yml) and of the files now, tested without a build (tests/test_data_reads.py); the
events that record and restore are MkDocs'. Proven page for page against a full build by tests/test_live_preview.py.
"""

from __future__ import annotations

from macros.model import data_reads

from . import download_centre
from .state import Plan

def config_basis(text: str) -> tuple[str, str, str] | None:
    """mkdocs.yml in three parts: everything but the menu, the menu (`nav`), and the menu's titles (with static-i18n's
    `nav_translations`, its titles in a language). Why: adding a page is a page pair and a line of the menu; the menu
    is every page's (written around its article), its titles are also read by articles (the content index names the
    chapters by them), and the rest of the file (Markdown's extensions, the theme, the plugins) may change any
    article. None: not YAML (the build will say where)."""
    import json

    import yaml

    class Loader(yaml.SafeLoader):   # MkDocs' own tags (!ENV, !!python/name:) read as what they say
        pass

    def tagged(loader, tag, node):
        kind = {yaml.ScalarNode: loader.construct_scalar, yaml.SequenceNode: loader.construct_sequence}
        return [tag, kind.get(type(node), loader.construct_mapping)(node)]

    Loader.add_multi_constructor("", tagged)
    try:
        data = yaml.load(text, Loader=Loader) or {}
    except yaml.YAMLError:
        return None
    nav = data.pop("nav", None)
    titles: list = []

    def titled(items):   # the menu's titles and what each names: what an article can read of the menu
        for item in items if isinstance(items, list) else []:
            for title, target in (item.items() if isinstance(item, dict) else ()):
                titles.append((title, target if isinstance(target, str) else None))
                titled(target)

    titled(nav)
    for plugin in data.get("plugins") or []:
        for lang in ((plugin.get("i18n") or {}).get("languages") or []) if isinstance(plugin, dict) else []:
            titles.append(lang.pop("nav_translations", None) if isinstance(lang, dict) else None)
    return tuple(json.dumps(part, ensure_ascii=False, default=str) for part in (data, nav, titles))


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


def what_to_render(preview, stamp: dict, ds, search_only=frozenset(), config=("mkdocs.yml", None)) -> Plan:
    """What this save makes again besides the pages whose own file changed (`Plan`: the pages rendered again, and
    those written again with their kept article), compared with the last build that succeeded, so a save after a
    failed one catches up. `search_only`: the files of data/ only the search reads (its words); `config`: the
    configuration file's path and its `config_basis` now. Whatever was saved, a page that read another page's file
    (the content index, its headings: data_reads.answered) is rendered again if that file now answers otherwise."""
    plan = _what_the_saved_files_make(preview, stamp, ds, search_only, config)
    if plan.render is None or preview.dataset is None:
        return plan
    answered = {page: {read for read in reads if read[1:2] == (data_reads.ANSWERED,)}
                for page, reads in preview.reads.items()}
    return Plan(plan.render | data_reads.stale(answered, preview.dataset, ds), plan.rewrite)


def _what_the_saved_files_make(preview, stamp: dict, ds, search_only, config) -> Plan:
    before = preview.stamp
    if before is None:
        return Plan(set(), set())                 # the first build renders everything anyway
    saved = saved_files(before, stamp)
    pending = preview.pending
    if pending is None:
        return EVERY_PAGE
    menu = None                                   # the menu changed: the pages whose article reads it
    if config[0] in saved:                        # mkdocs.yml: its menu alone, or anything
        last = preview.config_basis
        if config[1] is None or last is None or config[1][0] != last[0]:
            return EVERY_PAGE
        saved.discard(config[0])
        if config[1][1:] != last[1:]:             # every page written around its article, in the new menu
            titled = config[1][2] != last[2]      # and the pages that read its titles rendered again
            menu = {page for page, reads in preview.reads.items() if titled and (data_reads.CONFIG, "nav") in reads}
    if all(path.startswith("overrides/") for path in saved) and (saved or menu is not None):
        return Plan(set(pending) | (menu or set()), None)   # templates: every page written around its article
    if any(not path.startswith("data/") for path in saved):
        return EVERY_PAGE                         # the code
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
    if menu is not None or setup or search or data_reads.changed(preview.theme_reads, old, ds):
        return Plan(render | (menu or set()), None)   # around every article, the search's words: every page written
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


def _for_the_theme(read) -> bool:
    """Whether a read of the build's set-up goes to the theme's templates only, around every article and never
    inside one: the site's texts, which macros/plugin/editions.py gives MkDocs' config. A save that changes only
    these (the copyright line) writes every page again with its kept article, as a template's save does."""
    return read[:2] == ("report", data_reads.PART) and read[2][:2] == ("call", THEME_TEXTS)
