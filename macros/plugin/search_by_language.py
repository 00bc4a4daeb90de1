"""MkDocs hook: search in the reader's language that finds single figures and reads cleanly.

Why here: Material's search fetches `<base>/search/search_index.json`, `base` being the site root on every page, and
mkdocs-static-i18n merges the entries of all languages into that one file after the last language is built
(static-i18n #31, #271; Material #867). Neither plugin has an option for one index per language, a template cannot
do it (the merged file is written after all pages), and Material builds entries only from page sections, with table
cells run together ("IndicatorUnit20212022"). So this hook, which runs after static-i18n:

1. on every page (`on_page_content`, before Material's search reads it): gives each figure row — KPI and board rows
   (`data-kpi`), directors (`data-director`), content-index items (`data-code`) — an id if it has none
   (`kpi-<id>`, `director-<id>`, `ci-<code>`), which search results link to and CSS highlights on arrival; leaves
   out of the page's sections the tables whose rows become entries of their own, and the charts' drawings (their
   figures are those rows); puts a line break between table cells, rows and list items, so that what Material
   reads of other tables is words apart, never run together;
2. on every page of a non-default language, sets Material's `base` (the root from which the search worker fetches
   its index and resolves result links; nothing else we enable uses it) to that language's root, `en/` — as if the
   language were a separate site, which is Material's own advice in #867;
3. splits the merged index: the default language's entries stay in `search/search_index.json`; every other
   language's go to `<lang>/search/search_index.json`, with locations relative to `<lang>/`;
4. adds one entry per figure (macros/render/search_entries.py), after its page's entries, linked to its row;
5. adds the readers' words (data/search_synonyms.yaml and the glossary's alternative forms) to every entry whose
   title or text has the report's words, in two index fields of their own (`title_synonyms`, `text_synonyms`),
   weighing a tenth of the title and the text they stand for; and there too the dictionary's words that jieba left
   inside a longer token (排放 in 溫室氣體排放|量: macros/render/search_entries.py `InnerWords`). That every group finds entries in each of its
   languages is checked by tests/test_search.py, not by the build: a two-page test site would find few;
6. gives jieba the words that have a home in data/ — the glossary's Chinese forms, the synonyms, the directors'
   names — besides data/jieba_user_dict.txt, in every generated edition's script too (範疇一 → 范畴一), and keeps
   whole the names that mix Latin letters and Chinese (e研通): Material hands jieba only the Chinese run (研通).

The index is loaded on first use, not with the page: docs/assets/javascripts/esg-search.js (see its docstring).
The index `config` (separator, pipeline, lunr languages) and the page entries are Material's. Wired in EsgPlugin.EVENTS (macros/plugin/__init__.py); checked by tests/test_search.py. Its state is the plugin's (`SearchState`).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from . import _project
from .languages import languages
from jinja2.utils import htmlsafe_json_dumps
from mkdocs.exceptions import PluginError
from mkdocs.utils import get_relative_url
from macros.model.han import has_han

INDEX = "search/search_index.json"
ZWSP = "\u200b"  # what Material puts between the Chinese words jieba finds
_CONFIG = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.S)
# figure rows: which attribute names them, and the id prefix a row gets when it has no id of its own
ROW_KINDS = {"data-kpi": "kpi", "data-director": "director", "data-code": "ci"}
_ROW = re.compile(r'<tr\b(?P<attrs>[^>]*?\s(?P<attr>data-kpi|data-director|data-code)="(?P<key>[^"]+)"[^>]*)>')
_TABLE = re.compile(r"<table\b(?P<attrs>[^>]*)>(?P<body>.*?)</table>", re.S)
_SVG = re.compile(r"<svg\b")
# between cells, rows, captions and list items Material's parser keeps no space: a line break is one for it
_BLOCK_END = re.compile(r"(</(?:td|th|tr|caption|thead|tbody|li|dt|dd|figcaption)>|<br\s*/?>)(?=<)")
_BR = re.compile(r"(?<=[^\s>])(<br\s*/?>)")
SYNONYM_WEIGHT = 0.1


class SearchState:
    """What the language builds leave for the last step: where each figure row is, per language."""

    def __init__(self):
        self.rows: dict[str, dict[tuple[str, str], tuple[str, str]]] = {}   # lang → (attr, key) → (page url, id)
        self.terms = None
        self.words = None   # the words jieba keeps whole (_jieba_words), once per build
        self.learned = None   # each form jieba learned → its count: search_basis


def _language_roots(langs) -> dict[str, str]:
    """{locale: its folder in the site, e.g. 'en'} for every built language but the default (served at the root)."""
    return {lang: langs.prefix(lang).rstrip("/") for lang in langs.built if lang != langs.default}


def _dataset(config):
    from macros.model.dataset import DataErrors, cached_dataset

    try:
        return cached_dataset(Path(config.config_file_path).parent)
    except DataErrors as exc:
        raise PluginError(str(exc)) from None


def _search_plugin(config):
    return next(p for name, p in config.plugins.items() if name in ("search", "material/search"))


def search_only_files(config) -> frozenset[str]:
    """The files of data/ (from the project's root) that only the search reads: its readers' words and jieba's
    user dictionary. No page's HTML is made with them (the zh-Hans conversion cuts with jieba's own dictionary):
    under `make serve` a save of one writes every page around its kept article, so that the whole index is made
    with the new words (save_plan.what_to_render): the entries that hold a word counted otherwise cut again (`recut`),
    the readers' words of the entries that hold a group's report words found again (`_memo`), every other one kept."""
    from macros.model.search_terms import SYNONYMS

    root = Path(config.config_file_path).parent
    user_dict = _search_plugin(config).config.jieba_dict_user
    files = {SYNONYMS}
    if user_dict:
        path = Path(user_dict) if Path(user_dict).is_absolute() else root / user_dict
        if path.resolve().is_relative_to(root.resolve()):
            files.add(path.resolve().relative_to(root.resolve()).as_posix())
    return frozenset(files)


def _jieba_words(config, state):
    """Every word jieba keeps whole: data/jieba_user_dict.txt and the words with a home elsewhere in data/."""
    from macros.model.data_reads import unrecorded
    from macros.model.dataset import DataErrors
    from macros.model.search_terms import jieba_words, load_search_terms

    ds = _dataset(config)
    root = Path(config.config_file_path).parent
    path = _search_plugin(config).config.jieba_dict_user
    if not path:
        raise PluginError("mkdocs.yml: the search plugin needs `jieba_dict_user: data/jieba_user_dict.txt`")
    if state.words is not None:   # every edition of one build asks: the same data, the same words
        return state.words
    try:
        with unrecorded(ds):   # the search's reads, no page's: see `search_basis`
            state.terms = load_search_terms(ds)
            state.words = jieba_words(ds, state.terms, root / path, Path(path).as_posix())
        return state.words
    except DataErrors as exc:
        raise PluginError(str(exc)) from None


def search_basis(state) -> tuple:
    """What this build's search entries were cut with: every form jieba learned and its count (the glossary's words,
    the synonyms', the directors' names, data/jieba_user_dict.txt's lines, and their forms in every generated
    edition). Under `make serve` these are no page's reads of data/: no page's HTML is made with them (the zh-Hans
    conversion cuts with its own copy of jieba's dictionary, macros/model/chinese.py), and a page rendered again is
    cut afresh. Recorded as the build's own, a director added rendered all 45 pages again. Of what is kept of a
    page's entries from save to save (live_preview.py), the entries that hold a form whose count changed are cut
    again (`recut`); the others are as a full build cuts them (search_terms.learn)."""
    return tuple(sorted((state.search.learned or {}).items()))


def on_config(config, *, state):
    """jieba learns the words with a home in data/, and each word's form in every generated edition, every cut
    scored against jieba's own dictionary's total (macros/model/search_terms.py `learn`)."""
    import jieba

    from macros.model.chinese import default_dictionary
    from macros.model.data_reads import unrecorded
    from macros.model.search_terms import learn

    locales = _project.report(config).locales
    with unrecorded(_dataset(config)):   # the words' conversions are the search's, no page's (search_basis)
        words = _jieba_words(config, state.search)
        forms = {w.word: {locales.convert(lang, w.word) for lang in locales.generated} for w in words}
    # Material has loaded data/jieba_user_dict.txt's lines: each is taught again, counted as every other word
    state.search.learned = learn(jieba.dt, words, forms.get, default_dictionary())
    return config


def recut(entries: list[dict], words, segment) -> list[dict] | None:
    """A page's search entries as they were kept, with the title and text of each that holds one of `words` (forms
    whose count changed: search_terms.changed_words) cut again by `segment` (Material's, from the text without its
    U+200B: Material puts them only around and between the Chinese words it cuts; no page may hold one, safe_pages)
    — or None when no entry holds one (the entries are as a full build cuts them)."""
    if not cut_otherwise(entries, words):
        return None
    return [{**entry, **{field: segment(entry[field].replace(ZWSP, "")) for field in ("title", "text")}}
            if _holds(entry, words) else entry for entry in entries]


def cut_otherwise(entries: list[dict], words) -> bool:
    """Whether a page's kept entries hold one of `words` (their cut may differ with the words' new counts)."""
    return bool(words) and any(_holds(entry, words) for entry in entries)


# ── pages ───────────────────────────────────────────────────────────────────
def on_page_content(html: str, page, config, files, *, state) -> str:
    lang = languages(config).current
    rows = state.search.rows.setdefault(lang, {})
    seen_here: set[str] = set(re.findall(r'\sid="([^"]+)"', html))

    def row_id(match: re.Match) -> str:
        attrs, attr, key = match.group("attrs"), match.group("attr"), match.group("key")
        own = re.search(r'\sid="([^"]+)"', attrs)
        anchor = own.group(1) if own else f"{ROW_KINDS[attr]}-{key}"
        if not own and anchor in seen_here:   # the same row twice on a page: the first one is the target
            return match.group(0)
        seen_here.add(anchor)
        rows.setdefault((attr, key), (page.url, anchor))
        return match.group(0) if own else f'<tr id="{anchor}"{attrs}>'

    html = _ROW.sub(row_id, html)

    def exclude_figure_tables(match: re.Match) -> str:
        if not re.search(r'\s(?:data-kpi|data-director|data-code)="', match.group("body")):
            return match.group(0)
        return f'<table data-search-exclude="rows"{match.group("attrs")}>{match.group("body")}</table>'

    html = _TABLE.sub(exclude_figure_tables, html)
    html = _SVG.sub('<svg data-search-exclude="chart"', html)
    html = _BR.sub(r"\n\1", html)
    return _BLOCK_END.sub("\\1\n", html)


def on_post_page(output: str, page, config) -> str:
    """Point a non-default language page's search (Material's `base`) at its own language's root."""
    langs = languages(config)
    root = _language_roots(langs).get(langs.current)
    if root is None:
        return output
    match = _CONFIG.search(output)
    if match is None:
        raise PluginError(f"{page.file.src_uri}: Material's <script id=\"__config\"> not found; "
                          "macros/plugin/search_by_language.py must be adapted to this Material version")
    settings = json.loads(match.group(2))
    settings["base"] = get_relative_url(f"{root}/", page.url)
    return output[:match.start(2)] + str(htmlsafe_json_dumps(settings, sort_keys=True)) + output[match.end(2):]


# ── the indexes ─────────────────────────────────────────────────────────────
def _mixed_names(config, words) -> dict[str, re.Pattern]:
    """{word: how Material's segmentation leaves it (e\u200b研通)} for the words that mix Latin and Chinese, in
    every edition's script (e脈播, e脉播)."""
    locales = _project.report(config).locales
    names = {w.word for w in words if re.search(r"[A-Za-z0-9]", w.word) and has_han(w.word)}
    names |= {locales.convert(lang, name) for name in names for lang in locales.generated}
    return {name: re.compile(f"{ZWSP}?".join(map(re.escape, name))) for name in names}


def _keep_whole(text: str, names: dict[str, re.Pattern]) -> str:
    for word, split in names.items():
        text = split.sub(word, text)
    return text


def _memo(state, name: str, basis, changed) -> dict | None:
    """Under `make serve`: what the last saves made of an entry (its readers' words, a figure's segmented text),
    kept while what it is made with (`basis`: jieba's words, the readers' words) is as it was, and, when that
    changed, for the entries that hold none of the words `changed(old basis, basis)` names (None: anything may have
    changed). An entry is the same text save after save; making it again was a sixth of a save of templates, and
    all of them again a third of a save of one search word. None in a full build."""
    if not state.dirty:
        return None
    kept = state.preview.search_words.setdefault(name, {})
    if "basis" in kept and kept["basis"] != basis:
        words = changed(kept["basis"], basis)
        entries = kept.get("entries", {})
        kept["entries"] = {} if words is None else {key: doc for key, doc in entries.items()
                                                    if not _holds(doc, words)}
    kept["basis"] = basis
    return kept.setdefault("entries", {})


def _holds(doc: dict, words) -> bool:
    """Whether an entry's title or text, as a reader reads it, holds one of `words`."""
    from macros.model.search_terms import holds_any
    from macros.render.search_entries import plain_text

    return holds_any(plain_text(doc["title"]), words) or holds_any(plain_text(doc["text"]), words)


def _readers_words_changed(old: tuple, new: tuple) -> frozenset[str] | None:
    """The words whose entries get other readers' words between two bases (synonym groups, dictionary, names): the
    report words of each group added, removed or changed, and the dictionary's and names' words added or removed.
    None when the groups kept moved among themselves (an entry's readers' words follow the groups' order)."""
    (old_groups, old_dictionary, old_names), (new_groups, new_dictionary, new_names) = old, new
    before, after = [(g.report, g.readers) for g in old_groups], [(g.report, g.readers) for g in new_groups]
    if [g for g in before if g in after] != [g for g in after if g in before]:
        return None
    words = {w for report, _ in set(before) ^ set(after) for w in report}
    return frozenset(words | (set(old_dictionary) ^ set(new_dictionary)) | (set(old_names) ^ set(new_names)))


def _remembered(memo: dict, doc: dict, make) -> dict:
    key = json.dumps(doc, sort_keys=True, ensure_ascii=False)
    if key not in memo:
        memo[key] = make(doc)
    return memo[key]


def _with_figures(docs: list[dict], figures: list[tuple[str, dict]], dirty: bool) -> list[dict]:
    """The page entries with each figure entry after the last entry of its page (Material's worker takes the first
    entry of a page as the page and every later one with the same path as its section). Under `make serve` a page
    not rendered again has no entries, and its figures wait for the next full build."""
    by_page: dict[str, list[dict]] = {}
    for page, doc in figures:
        by_page.setdefault(page, []).append(doc)
    last = {doc["location"].split("#")[0]: i for i, doc in enumerate(docs)}
    missing = [p for p in by_page if p not in last]
    if missing and dirty:
        by_page = {p: d for p, d in by_page.items() if p in last}
    elif missing:
        raise PluginError(f"macros/plugin/search_by_language.py: figure rows on pages without search entries: {missing}")
    out = []
    for i, doc in enumerate(docs):
        out.append(doc)
        page = doc["location"].split("#")[0]
        if last[page] == i:
            out += by_page.get(page, [])
    return out


def _figures(config, lang: str, root: str | None, rows: dict, memo: dict | None) -> list[tuple[str, dict]]:
    """(page, entry) for every figure of `lang` whose row is on a page; a figure in data/ but on no page has no
    entry (there is nowhere to link it)."""
    from macros.render.search_entries import figure_entries

    ds = _dataset(config)
    out = []
    for fig in figure_entries(ds, Path(config.docs_dir), lang):
        where = rows.get((fig.attr, fig.key))
        if where is None:
            continue
        url, anchor = where
        if root:
            url = url[len(root) + 1:]
        location = f"{url}#{anchor}"
        key = (location, fig.title, fig.text, tuple(fig.numbers), fig.boost)
        if memo is None:
            out.append((url, fig.doc(location)))
        else:   # make serve: a figure's entry as the last save made it, if nothing of it changed
            out.append((url, memo[key] if key in memo else memo.setdefault(key, fig.doc(location))))
    return out


def on_post_build(config, *, state) -> None:
    from macros.model.search_terms import changed_words, groups
    from macros.render.search_entries import TEXT_SYNONYMS, TITLE_SYNONYMS, InnerWords, Synonyms

    if state.nested:  # a nested build of another language: static-i18n has not merged the index yet
        return
    ds = _dataset(config)
    site = Path(config.site_dir)
    merged = json.loads((site / INDEX).read_text(encoding="utf-8"))
    langs = languages(config)
    roots = _language_roots(langs)
    words = _jieba_words(config, state.search)
    dictionary = [w.word for w in words]
    names = _mixed_names(config, words)
    locales = _project.report(config).locales
    indexes: dict[str, list] = {lang: [] for lang in [langs.default, *roots]}
    for doc in merged["docs"]:
        lang = next((lang for lang, root in roots.items()
                     if doc["location"] == root or doc["location"].startswith(f"{root}/")), langs.default)
        doc = {**doc, "title": _keep_whole(doc["title"], names), "text": _keep_whole(doc["text"], names)}
        if lang != langs.default:
            doc["location"] = doc["location"][len(roots[lang]) + 1:]
        indexes[lang].append(doc)
    index_config = dict(merged["config"])
    fields = dict(index_config["fields"])
    # a reader's word counts nearly as the report's word would: a tenth of its field's weight, so that an entry with
    # the reader's very words (女性董事 in its title) comes before one that only has their synonyms
    fields[TITLE_SYNONYMS] = {"boost": fields["title"]["boost"] * SYNONYM_WEIGHT}
    fields[TEXT_SYNONYMS] = {"boost": fields["text"]["boost"] * SYNONYM_WEIGHT}
    index_config["fields"] = fields
    for lang, docs in indexes.items():
        figures = _figures(config, lang, roots.get(lang), state.search.rows.get(lang, {}),
                           _memo(state, "figures", search_basis(state), changed_words))
        docs = _with_figures(docs, figures, state.dirty)
        synonyms = Synonyms(groups(ds, state.search.terms, lang))
        own = [locales.convert(lang, w) for w in dictionary] if lang in locales.generated else dictionary
        inner = InnerWords(own)

        def readers_words(doc: dict) -> dict:
            return inner.add_to(synonyms.add_to({**doc, "title": _keep_whole(doc["title"], names),
                                                 "text": _keep_whole(doc["text"], names)}))

        memo = _memo(state, f"words {lang}", (synonyms.groups, tuple(own), tuple(names)),
                     _readers_words_changed)
        docs = [_remembered(memo, doc, readers_words) if memo is not None else readers_words(doc) for doc in docs]
        path = site / roots[lang] / INDEX if lang in roots else site / INDEX
        path.parent.mkdir(parents=True, exist_ok=True)
        # UTF-8 rather than \u escapes: a third smaller before compression
        path.write_text(json.dumps({"config": index_config, "docs": docs}, ensure_ascii=False,
                                   separators=(",", ":")), encoding="utf-8")
