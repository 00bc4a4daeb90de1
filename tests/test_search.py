"""Search in the reader's language that finds single figures: each language has its own index, fetched only when
the reader first uses the search box; each KPI row, board row, director and content-index item is an entry of its
own, linked to its row; readers' words (data/search_synonyms.yaml, the glossary's alternative forms) find what the
report words otherwise; teasers read as text; Chinese stays segmented by jieba with the report's terms whole; real
queries typed into the real search box find the row or page a reader expects among the first five results, never a
page of another language (macros/plugin/search_by_language.py, macros/render/search_entries.py,
docs/assets/javascripts/esg-search.js)."""

from __future__ import annotations

import json
import re
import shutil
from html import unescape
from html.parser import HTMLParser

import pytest
import yaml

from conftest import (GENERATED, LANGS, LOCALES, PREFIX, ROOT, SEARCH_ANSWERED, SEARCH_READY, html_path, mkdocs_config,
                      page_slugs, page_url, search_placeholder)
from figures import director, figure, report_year

ZWSP = "\u200b"
YEAR = report_year()
SYNONYM_FIELDS = ("title_synonyms", "text_synonyms")

# What a reader types, and where it must land: the page ("slug") or row ("slug#id"), any of a tuple, among the first
# five results. Never typed here, so that an editor who renames a label, rewords a heading or a page, or changes a
# figure changes the queries with it: the words come from data/ (the glossary, the synonyms' report and readers'
# words, the jieba dictionary, the labels, the figures, the directors) and where each must land from the built index.
# Rows are named by id (ids never change once published). A generated edition types its source's queries, converted.
ROWS = ("ghg_scope1", "ghg_scope2", "electricity", "water", "employees_total", "turnover_total", "volunteer_hours",
        "donations", "waste_ink_cartridges", "recycled_paper", "customer_satisfaction", "board_ined", "board_female")
MOST = 3   # a word in more labels than this says little about where it must land: not a query
FIGURES = [("ghg_scope2", {}), ("electricity", {}), ("water", {"year": YEAR - 1, "grouped": False, "whole": True}),
           ("non_hazardous_waste_total", {}), ("volunteer_hours", {}), ("training_hours_total", {"grouped": False})]
CODES = [("A1.2", "content-index#ci-A1.2"), ("A2.1", "content-index#ci-A2.1"), ("B5", "content-index#ci-B5-GD"),
         ("B7", "content-index#ci-B7-GD"), ("B6.2", "content-index#ci-B6.2")]   # the Guide's codes, not the report's


def report_words(lang: str) -> set[str]:
    """The words data/ gives the search in a hand edition: glossary forms, synonym groups' report words, and (Chinese)
    the jieba dictionary's."""
    out = {form for term in read_yaml("glossary.yaml")["terms"] for form in _forms(term["en" if lang == "en" else "zh"])}
    out |= {w for g in read_yaml("search_synonyms.yaml")["groups"] for w in g["report"].get(lang, [])}
    return out | (set(user_dictionary()) if lang != "en" else set())


def readers_words(lang: str, word: str) -> list[str]:
    """The first reader's word of each synonym group `word` is a report word of (what readers type for it)."""
    return [g["readers"][lang][0] for g in read_yaml("search_synonyms.yaml")["groups"]
            if word in g["report"].get(lang, []) and g["readers"].get(lang)]


def _forms(value) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def _within(word: str, text: str) -> bool:
    """`word` in `text`, a whole word where it is Latin (waste is not in wastepaper)."""
    return re.search(rf"(?<![A-Za-z]){re.escape(word)}(?![A-Za-z])", text, re.I) is not None


def derived_queries(site, dataset, lang: str) -> list[tuple[str, str | tuple]]:
    """(query, expected) in a hand edition, from data/ and the built index (see QUERIES above)."""
    out = []
    words = sorted(report_words(lang))
    # a word of data/ in the headings of one page only finds that page; its readers' words find it too (a word in
    # several pages' headings is left out: it says little, and each query costs the suite a tenth of a second)
    headings: dict[str, list[str]] = {}
    for doc in index(site, lang)["docs"]:
        if not re.search(r"#(kpi-|ci-|director-)", doc["location"]):
            slug = doc["location"].split("#")[0].strip("/") or "index"
            headings.setdefault(slug, []).append(plain(doc["title"]))
    for word in words:
        pages = tuple(sorted(s for s, titles in headings.items() if any(_within(word, t) for t in titles)))
        if len(pages) == 1:
            out += [(q, pages[0]) for q in [word, *readers_words(lang, word)]]
    # a row's label finds the row; a word of data/ inside it (and its readers' words) finds the rows that have it
    labels = {r.id: r.label.get(lang) for r in [*dataset.rows.values(), *dataset.board.composition]}
    # a word a row's label shares with its table's caption may land on the table's heading: either will do
    caption = {r.id: f"kpis#{table.id.replace('_', '-')}" for table in dataset.tables.values() for r in table.rows}
    for kpi_id in ROWS:
        out.append((labels[kpi_id].lower() if lang == "en" else labels[kpi_id], f"kpis#kpi-{kpi_id}"))
        for word in (w for w in words if _within(w, labels[kpi_id]) and w != labels[kpi_id]):
            holders = [k for k, label in labels.items() if _within(word, label)]
            if len(holders) <= MOST:
                rows = tuple(dict.fromkeys([*(f"kpis#kpi-{k}" for k in holders),
                                            *(caption[k] for k in holders if k in caption)]))
                out += [(q, rows) for q in [word, *readers_words(lang, word)]]
    # single figures, as printed or as typed; the Guide's codes; a director by name
    out += [(figure(kpi_id, **form), f"kpis#kpi-{kpi_id}") for kpi_id, form in FIGURES]
    out += CODES
    name, director_id = director(lang)
    out.append((name, f"kpis#director-{director_id}"))
    return list(dict.fromkeys(out))


def queries(site, dataset, lang: str) -> list[tuple[str, str | tuple]]:
    """The queries typed in `lang`: its own, or a generated edition's source's, converted."""
    if lang in GENERATED:
        return [(LOCALES.convert(lang, q), expected) for q, expected in derived_queries(site, dataset, GENERATED[lang])]
    return derived_queries(site, dataset, lang)


def targets(expected) -> tuple[str, ...]:
    return expected if isinstance(expected, tuple) else (expected,)


# Report terms and product names that must be whole search words wherever they appear (the jieba words)
WHOLE_WORDS = ("持份者", "溫室氣體", "範疇一", "範疇二", "醫脈通", "醫知源", "醫搜", "e研通", "醫學文獻王", "關鍵績效指標",
               "實質性議題", "反貪污", "反洗錢", "供應商", "外購電力", director("zh-Hant")[0])


def index(site, lang) -> dict:
    return json.loads((site / PREFIX[lang] / "search" / "search_index.json").read_text(encoding="utf-8"))


def plain(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html))).replace(ZWSP, "")


def read_yaml(name: str):
    return yaml.safe_load((ROOT / "data" / name).read_text(encoding="utf-8"))


def user_dictionary() -> list[str]:
    return [line.split()[0] for line in (ROOT / "data" / "jieba_user_dict.txt").read_text(
        encoding="utf-8").splitlines() if line.strip()]


def glossary_zh() -> set[str]:
    return {form for term in read_yaml("glossary.yaml")["terms"] for form in term["zh"]}


def synonyms_zh() -> set[str]:
    return {w for g in read_yaml("search_synonyms.yaml")["groups"] for side in ("report", "readers")
            for w in g[side].get("zh-Hant", [])}


def test_each_language_has_its_own_index_of_all_its_pages_and_no_other(site):
    for lang in LANGS:
        pages = {"/" + PREFIX[lang] + doc["location"].split("#")[0] for doc in index(site, lang)["docs"]}
        assert pages == {page_url(slug, lang) for slug in page_slugs()}, f"{lang} index: pages differ"


def test_index_keeps_the_configured_separator_pipeline_and_segmentation(site):
    search = next(p["search"] for p in mkdocs_config()["plugins"] if isinstance(p, dict) and "search" in p)
    for lang in LANGS:
        config = index(site, lang)["config"]
        assert config["separator"] == search["separator"] and config["pipeline"] == search["pipeline"]
        fields = {name: spec["boost"] for name, spec in config["fields"].items()}
        # readers' words weigh less than the words they stand for, and a title's more than a text's own words
        assert fields["text"] < fields["title_synonyms"] < fields["title"]
        assert fields["text_synonyms"] < fields["text"]
    zh = index(site, "zh-Hant")["docs"]
    assert sum(doc["text"].count(ZWSP) for doc in zh) > 1000, "Chinese is not segmented (jieba missing?)"


def test_report_terms_are_whole_search_words_wherever_they_appear(site):
    """A query word must begin a token: 範疇二溫室氣體 indexed as 範疇/二溫/室氣體 is never found by 溫室氣體."""
    words = set(user_dictionary()) | glossary_zh() | synonyms_zh() | {
        m["name"]["zh-Hant"] for m in read_yaml("board.yaml")["members"]}
    assert set(WHOLE_WORDS) <= words, "report terms with no home among the search's words"
    separator = re.compile(index(site, "zh-Hant")["config"]["separator"])
    split = []
    for doc in index(site, "zh-Hant")["docs"]:
        for field in (doc["title"], doc["text"]):
            text = re.sub(r"<[^>]+>", " ", field)
            tokens = separator.split(text)
            for word in WHOLE_WORDS:
                found = text.replace(ZWSP, "").count(word)
                if found and sum(t.startswith(word) for t in tokens) < found:
                    split.append(f"{word} in {doc['location']}: {[t for t in tokens if word[:2] in t][:4]}")
    assert split == [], "\n".join(split[:20])


def test_a_title_with_a_report_word_inside_is_cut_and_other_words_stay_whole(dataset):
    from macros.model.search_terms import jieba_words, load_search_terms

    user_dict = "data/jieba_user_dict.txt"
    words = {w.word for w in jieba_words(dataset, load_search_terms(dataset), ROOT / user_dict, user_dict)}
    assert "中華人民共和國反洗錢法" not in words and "反洗錢" in words        # a law title, 反洗錢 inside it
    assert "減少能源消耗和溫室氣體排放管理制度" not in words                  # a policy's title, 溫室氣體 inside it
    assert {"外購電力", "電力", "溫室氣體排放"} <= words                       # not titles: kept whole


def test_jieba_dictionary_holds_only_words_with_no_other_home():
    """One home per term: a word of the glossary, the synonyms or the board is given to jieba from there."""
    others = glossary_zh() | synonyms_zh() | {m["name"]["zh-Hant"] for m in read_yaml("board.yaml")["members"]}
    repeated = [w for w in user_dictionary() if w in others]
    assert repeated == [], f"data/jieba_user_dict.txt repeats words that live elsewhere in data/: {repeated}"
    words = user_dictionary()
    assert len(words) == len(set(words)), "a word twice in data/jieba_user_dict.txt"


# ── one entry per figure ────────────────────────────────────────────────────
class _Rows(HTMLParser):
    """The figure rows of a page: (attribute, value) → the row's id."""

    def __init__(self):
        super().__init__()
        self.rows: dict[tuple[str, str], str | None] = {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for name in ("data-kpi", "data-director", "data-code"):
            if tag == "tr" and name in a:
                self.rows.setdefault((name, a[name]), a.get("id"))


def figures(dataset, lang):
    """(attribute, key, label, values) of every figure in data/, its label in `lang`."""
    out = []
    for row in dataset.rows.values():
        out.append(("data-kpi", row.id, row.label.get(lang), [v for v in row.values.values() if str(v) != "/"]))
    for row in dataset.board.composition:
        out.append(("data-kpi", row.id, row.label.get(lang), [row.count, row.share]))
    for m in dataset.board.members:
        out.append(("data-director", m.id, m.name.get(lang), [m.age]))
    for code, entry in dataset.guide.items():
        if entry.kind in ("general_disclosure", "kpi"):
            out.append(("data-code", code, code if entry.kind == "kpi" else None, []))
    return out


@pytest.mark.parametrize("lang", LANGS)
def test_every_figure_is_an_entry_of_its_own_linked_to_its_row(site, dataset, lang):
    docs = {doc["location"]: doc for doc in index(site, lang)["docs"]}
    rows = {}
    for slug in page_slugs():
        parser = _Rows()
        parser.feed(html_path(site, slug, lang).read_text(encoding="utf-8"))
        rows.update({key: (slug, anchor) for key, anchor in parser.rows.items()})
    problems = []
    for attr, key, label, values in figures(dataset, lang):
        if (attr, key) not in rows:
            problems.append(f"{attr}={key}: on no page")
            continue
        slug, anchor = rows[(attr, key)]
        if not anchor:
            problems.append(f"{attr}={key}: the row has no id to link to")
            continue
        doc = docs.get(f"{page_url(slug, lang)[len(PREFIX[lang]) + 1:]}#{anchor}")
        if doc is None:
            problems.append(f"{attr}={key}: no search entry for {slug}#{anchor}")
            continue
        title, text = plain(doc["title"]), plain(doc["text"]).replace(",", "")
        if label and label not in title:
            problems.append(f"{attr}={key}: title {title!r} lacks {label!r}")
        if label and attr != "data-code" and label.replace(",", "") not in text:
            problems.append(f"{attr}={key}: text {text!r} lacks the label")
        for value in values:
            digits = str(value) if isinstance(value, int) else f"{value:f}"
            if digits not in text:
                problems.append(f"{attr}={key}: text {text!r} lacks {digits}")
        if attr == "data-kpi" and key in dataset.rows:
            for year in dataset.rows[key].values:
                if str(year) not in text:
                    problems.append(f"{attr}={key}: text {text!r} lacks the year {year}")
            for code in dataset.rows[key].hkex:
                if code not in text:
                    problems.append(f"{attr}={key}: text {text!r} lacks its HKEX code {code}")
    assert problems == [], "\n".join(problems[:30])


@pytest.mark.parametrize("lang", LANGS)
def test_entries_read_in_the_readers_language(site, lang):
    """A figure entry of the Chinese editions has no English label; of the English edition, no Chinese word (the
    glossary allows names in parentheses on English pages, never in these entries)."""
    wrong = []
    for doc in index(site, lang)["docs"]:
        if "#kpi-" not in doc["location"] and "#ci-" not in doc["location"]:
            continue
        text = plain(doc["title"] + " " + doc["text"])
        if lang == "en" and re.search(r"[\u4e00-\u9fff]", text):
            wrong.append(f"{doc['location']}: {text[:80]}")
        if lang != "en" and re.search(r"[A-Za-z]{4,}", re.sub(r"HKEX|KPI|tCO2e|MWh|CSV|JSON|XLSX|ESG", "", text)):
            wrong.append(f"{doc['location']}: {text[:80]}")
        if lang in GENERATED and LOCALES.converters[lang].left_unconverted(text):
            wrong.append(f"{doc['location']}: Traditional characters left: {text[:80]}")
    assert wrong == [], "\n".join(wrong[:20])


class _Cells(HTMLParser):
    """The text of each table cell, caption and line of a table, in order, one list per table."""

    BLOCKS = ("td", "th", "caption")

    def __init__(self):
        super().__init__()
        self.tables, self.depth, self.cell = [], 0, None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag in self.BLOCKS and self.tables:
            self.cell = []
        elif tag == "br" and self.cell is not None:
            self._close()
            self.cell = []

    def handle_endtag(self, tag):
        if tag in self.BLOCKS and self.cell is not None:
            self._close()

    def _close(self):
        text = re.sub(r"\s+", " ", "".join(self.cell)).strip()
        if text:
            self.tables[-1].append(text)
        self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


@pytest.mark.parametrize("lang", LANGS)
def test_no_teaser_runs_table_cells_together(site, lang):
    """Where two cells (or lines of a cell) meet on a page, the index never has the end of one glued to the start of
    the next ("Unit2021", "噸0.037"): Material reads table HTML without spaces unless the build puts them there."""
    by_page: dict[str, str] = {}
    for doc in index(site, lang)["docs"]:
        page = doc["location"].split("#")[0]
        by_page[page] = by_page.get(page, "") + " " + plain(doc["title"] + " " + doc["text"])
    glued = []
    for slug in page_slugs():
        parser = _Cells()
        html = html_path(site, slug, lang).read_text(encoding="utf-8")
        parser.feed(html)
        text = by_page[page_url(slug, lang)[len(PREFIX[lang]) + 1:]]
        shown = plain(html)   # every tag a space: where the page itself has the joint, it is not a glued one
        for cells in parser.tables:
            for a, b in zip(cells, cells[1:]):
                joint = a[-8:] + b[:8]
                if joint in text and joint not in shown:
                    glued.append(f"{slug}: …{a[-8:]}|{b[:8]}…")
    assert glued == [], "\n".join(glued[:20])


def test_every_synonym_group_finds_entries_in_each_of_its_languages(site):
    """A reader's word in data/search_synonyms.yaml is in the synonym fields of at least one entry of every edition
    it is given for (a group whose report words are on no page would find nothing). Said to an editor as the build
    says a data mistake: the group's line, and what to do (a renamed label or a reworded page leaves its old words
    here)."""
    from macros.model.yamlsrc import load

    located = load(ROOT / "data" / "search_synonyms.yaml", "data/search_synonyms.yaml")
    dead = []
    for i, group in enumerate(read_yaml("search_synonyms.yaml")["groups"]):
        for lang in LANGS:
            words = group["readers"].get(GENERATED.get(lang, lang), [])
            if lang in GENERATED:   # a conversion may make a reader's word the report's own (資訊安全 → 信息安全)
                report = [LOCALES.convert(lang, w) for w in group["report"].get(GENERATED[lang], [])]
                words = [w for w in (LOCALES.convert(lang, w) for w in words) if w not in report]
            if not words:
                continue
            fields = " ".join(doc.get(f, "") for doc in index(site, lang)["docs"] for f in SYNONYM_FIELDS)
            missing = [w for w in words if w not in fields.replace(ZWSP, "")]
            if missing:
                dead.append(f"data/search_synonyms.yaml:{located.line_of(('groups', i))}: ({lang}) the report's words "
                            f"{group['report'].get(GENERATED.get(lang, lang))} are on no page or row, so the readers' "
                            f"words {missing} find nothing\n    How to fix: write under report: the words the site "
                            "uses now (a label renamed, a page reworded?), or delete the group")
    assert dead == [], "\n".join(dead)


# ── bad input in data/search_synonyms.yaml ──────────────────────────────────
@pytest.fixture
def data_copy(tmp_path):
    shutil.copytree(ROOT / "data", tmp_path / "data")
    shutil.copytree(ROOT / "docs", tmp_path / "docs")

    def load(text: str):
        from macros.model.dataset import load_dataset
        from macros.model.search_terms import load_search_terms

        (tmp_path / "data" / "search_synonyms.yaml").write_text(text, encoding="utf-8")
        return load_search_terms(load_dataset(tmp_path))

    return load


@pytest.mark.parametrize(("text", "message"), [
    ("groups:\n  - report: {zh-Hant: [溫室氣體]}\n    readers: {fr: [carbone]}\n", "unknown language 'fr'"),
    ("groups:\n  - report: {zh-Hant: [溫室氣體]}\n    readers: {zh-Hans: [碳排放]}\n", "'zh-Hans' is generated"),
    ("groups:\n  - report: {en: [water]}\n    readers: {en: [\"\"]}\n", "an empty en word"),
    ("groups:\n  - report: {en: [water]}\n    readers: {en: [usage, Usage]}\n", "listed twice"),
    ("groups:\n  - report: {en: [water]}\n    readers: {en: [\"wa\\u200bter use\"]}\n", "invisible character U+200B"),
    ("groups:\n  - report: {en: [water]}\n    readers: {zh-Hant: [用水]}\n", "need the report's zh-Hant words"),
    ("groups:\n  - report: {en: [water]}\n    readers: {en: [Water]}\n", "both a report word and a reader's word"),
    ("groups:\n  - report: {zh-Hant: [員工總數]}\n    readers: {zh-Hant: [僱員總數]}\n", "forms of one term"),
    ("groups:\n  - report: {en: [water]}\n    readers: {en: [usage]}\n    reason: typo\n", "unknown key 'reason'"),
    ("groups: []\n", "groups"),
])
def test_a_bad_synonym_stops_the_build_with_file_line_and_remedy(data_copy, text, message):
    from macros.model.yamlsrc import DataErrors

    with pytest.raises(DataErrors) as caught:
        data_copy(text)
    report = str(caught.value)
    assert message in report and "data/search_synonyms.yaml:" in report, report


@pytest.mark.parametrize("line", ["醫搜 many n", "醫搜 ² n", "醫搜 １０００ n", "醫搜\t1000\tn", "醫搜 1000 NZ",
                                  "醫搜 " + "9" * 400 + " n", "醫搜 1000 n extra"])
def test_a_bad_line_in_the_jieba_dictionary_names_its_line(tmp_path, line):
    """The line as jieba reads it, or a message: '²' and full-width digits pass str.isdigit() but not int() (a
    traceback), a tab or an upper-case kind is read by jieba as part of the word."""
    from macros.model.search_terms import user_dictionary
    from macros.model.yamlsrc import DataErrors

    path = tmp_path / "dict.txt"
    path.write_text(f"醫知源 1000 nz\n{line}\n", encoding="utf-8")
    with pytest.raises(DataErrors) as caught:
        user_dictionary(path, "data/jieba_user_dict.txt")
    assert "data/jieba_user_dict.txt:2" in str(caught.value) and "How to fix" in str(caught.value)
    wide = any("\uff01" <= c <= "\uff5e" or c == "\u3000" for c in line)
    assert ("a Chinese input method" in str(caught.value)) == wide, "full-width characters named as such, only them"


def test_a_jieba_line_typed_with_a_chinese_input_method_names_its_full_width_characters(tmp_path):
    from macros.model.search_terms import user_dictionary
    from macros.model.yamlsrc import DataErrors

    path = tmp_path / "dict.txt"
    path.write_text("醫搜\u3000１０００ ｎ\n", encoding="utf-8")
    with pytest.raises(DataErrors) as caught:
        user_dictionary(path, "data/jieba_user_dict.txt")
    assert "'\u3000０１ｎ' written with full-width characters (a Chinese input method)" in str(caught.value)
    assert "input method switched to English" in str(caught.value)


# ── in the browser ──────────────────────────────────────────────────────────
def search(page, query: str, placeholder: str) -> list[dict]:
    """Type into the real search box as a reader does; per result group (best first): the page URL, its title and
    the links shown open (page and rows), in order."""
    box = page.locator("input[data-md-component=search-query]")
    if box.input_value() != query:   # the same query again: Material does not search again, and the answer is there
        # Material writes its count line at every answer, the same words included: emptied here, it says when this
        # query's answer is in (one answer a query; clearing the box first took a second round with the worker)
        page.evaluate("() => { document.querySelector('.md-search-result__meta').textContent = ''; }")
        box.fill(query)
        box.press("End")  # Material searches on keyup
        page.wait_for_function(SEARCH_ANSWERED, arg=placeholder)
    return page.eval_on_selector_all(".md-search-result__item", """items => items.map(item => {
        const links = [...item.querySelectorAll(':scope > a')].map(a => a.href.split('?')[0] +
                                                                    (a.hash || ''));
        return {url: links[0].split('#')[0], title: item.querySelector('h1').textContent, links: links,
                teasers: [...item.querySelectorAll(':scope > a article')].map(a => a.textContent)};
    })""")


def open_search(page, server, lang) -> str:
    page.goto(server + page_url("about-this-report", lang))
    placeholder = search_placeholder(page)
    if page.viewport_size["width"] < 960:   # a phone: the search icon in the header opens the search box
        page.locator(".md-header label[for=__search]").first.click()
    else:
        page.locator("input[data-md-component=search-query]").click()
    return placeholder


@pytest.mark.parametrize("lang", LANGS)
def test_real_queries_find_the_expected_row_or_page_in_the_readers_language_only(page, server, site, dataset, lang):
    """Among the first five pages of results; a row among the best of its page's group (Material groups results by
    page and shows the best-scoring entries of each open, the rest folded under "N more on this page")."""
    placeholder = open_search(page, server, lang)
    own = f"{server}/{PREFIX[lang]}"
    others = tuple(f"{server}/{PREFIX[other]}" for other in LANGS if other != lang and PREFIX[other])
    misses, foreign = [], []
    typed = queries(site, dataset, lang)
    assert len(typed) > 60, f"only {len(typed)} queries derived from data/: is the derivation blind?"
    for query, expected in typed:
        results = search(page, query, placeholder)
        top = results[:5]
        ok = False
        for target in targets(expected):
            slug, _, anchor = target.partition("#")
            url = server + page_url(slug, lang)
            group = next((g for g in top if g["url"] == url), None)
            ok |= group is not None and (not anchor or f"{url}#{anchor}" in group["links"][1:])
        if not ok:
            misses.append(f"{query!r}: expected {expected}, got " + "; ".join(
                f"{g['title'].replace(ZWSP, '')} {[l.split('#')[-1] for l in g['links'][1:3]]}" for g in top))
        foreign += [f"{query!r}: {g['url']}" for g in results
                    if not g["url"].startswith(own) or g["url"].startswith(others)]
    assert misses == [], f"{len(misses)} of {len(typed)} queries missed:\n" + "\n".join(misses)
    assert foreign == [], "results in another language:\n" + "\n".join(foreign)


@pytest.mark.parametrize("lang", LANGS)
def test_search_loads_nothing_until_first_used_and_then_only_its_own_language(page, server, lang):
    fetched = []
    page.on("request", lambda r: fetched.append(r.url) if re.search(r"search_index|/workers/", r.url) else None)
    page.goto(server + page_url("about-us", lang), wait_until="networkidle")
    page.wait_for_timeout(300)
    assert fetched == [], f"fetched on load, before any search: {fetched}"
    placeholder = search_placeholder(page)
    page.keyboard.press("s")   # Material's search key focuses the search box
    page.wait_for_function(SEARCH_READY, arg=placeholder)
    indexes = [u for u in fetched if u.endswith("search_index.json")]
    assert indexes == [f"{server}/{PREFIX[lang]}search/search_index.json"]
    assert any("/workers/search." in u for u in fetched), f"the search worker was not loaded: {fetched}"


def test_a_row_found_by_search_is_highlighted_on_arrival(browser, server):
    from conftest import new_site_context

    context = new_site_context(browser, server, 375)
    page = context.new_page()
    page.goto(server + page_url("kpis", "zh-Hant") + "#kpi-ghg_scope2")
    colour = "el => getComputedStyle(el).backgroundColor"
    target = page.eval_on_selector("#kpi-ghg_scope2 > th", colour)
    other = page.eval_on_selector("#kpi-ghg_scope1 > th", colour)
    assert target != other, "the row a result links to looks like any other"
    box = page.eval_on_selector("#kpi-ghg_scope2", "el => el.getBoundingClientRect().top")
    header = page.eval_on_selector(".md-header", "el => el.getBoundingClientRect().bottom")
    assert box >= header - 1, "the row is hidden under the header"
    context.close()


@pytest.mark.parametrize("lang", LANGS)
def test_synonym_words_are_found_in_one_pass_exactly_as_one_by_one(dataset, lang):
    """The one-pass finder (search_entries.Synonyms.words_in) finds in every page's text, and in texts made of the
    words themselves (overlapping, nested, plural, capitalised), exactly the report words that each word's own
    pattern finds."""
    from macros.model.search_terms import groups, load_search_terms
    from macros.render.search_entries import Synonyms, _matcher

    synonyms = Synonyms(groups(dataset, load_search_terms(dataset), lang))
    words = {w for g in synonyms.groups for w in g.report}
    source = GENERATED.get(lang, lang)
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "docs").glob(f"*.{source}.md"))]
    if source != lang:
        texts = [LOCALES.convert(lang, t) for t in texts]
    ordered = sorted(words)
    texts += ["".join(ordered), " ".join(ordered), " ".join(w.upper() + "s" for w in ordered),
              "x".join(ordered[::-1]), " ".join(w[1:] for w in ordered)]
    for text in texts:
        expected = {w for w in words if _matcher(w).search(text)}
        assert synonyms.words_in(text) == expected, text[:80]


@pytest.mark.parametrize("change", ["added", "added without a count", "removed", "recounted", "forced apart"])
def test_a_word_jieba_learns_changes_only_the_cuts_of_texts_that_hold_it(change):
    """Every Han run of the zh-Hant pages cut as Material's search cuts it (jieba, HMM on) with the search's words,
    then with one word added, removed or counted otherwise: every run that holds none of the forms whose count
    changed (search_terms.changed_words) is cut byte for byte alike, so under `make serve` a save of one word keeps
    every other entry as it was cut; and the word does change the cut of some run that holds it. Before, jieba's
    add_word moved the total every cut is scored with, and the same save moved cuts of texts without the word."""
    import re

    import jieba

    from figures import words_jieba_keeps_apart
    from macros.model.chinese import default_dictionary, share_dictionary
    from macros.model.han import HAN_CLASS
    from macros.model.search_terms import Word, changed_words, learn, user_dictionary

    rel = "data/jieba_user_dict.txt"
    words = user_dictionary(ROOT / rel, rel)
    runs = sorted({run for page in (ROOT / "docs").glob(f"*.{next(iter(GENERATED.values()))}.md")
                   for run in re.findall(f"[{HAN_CLASS}]+", page.read_text(encoding="utf-8"))})
    new = words_jieba_keeps_apart(ROOT, 1)[0]
    tokenizer = jieba.Tokenizer()

    def cuts(taught, only=None):
        share_dictionary(tokenizer)
        learned = learn(tokenizer, taught, lambda w: set(), default_dictionary())
        return learned, {run: tokenizer.lcut(run) for run in runs if only is None or only in run}

    def counted(word: Word, count: int) -> list[Word]:
        return [Word(w.word, count, w.tag) if w == word else w for w in words]

    def held(count: int) -> Word:   # a word of the dictionary some run holds, whose count matters there
        first = cuts(words)[1]
        return next(w for w in words
                    if any(first[run] != cut for run, cut in cuts(counted(w, count), w.word)[1].items()))

    big = 10**8   # more than jieba's whole dictionary counts: a total that followed it would move every cut
    base, changed_list = {"added": lambda: (words, words + [Word(new, big)]),
                          "added without a count": lambda: (words, words + [Word(new)]),
                          "removed": lambda: (words + [Word(new, big)], words),
                          "recounted": lambda: (words, counted(held(big), big)),
                          "forced apart": lambda: (words, counted(held(0), 0))}[change]()

    (before, cut_before), (after, cut_after) = cuts(base), cuts(changed_list)
    changed = changed_words(before, after)
    assert changed and all(len(w) < 20 for w in changed)
    holding = {run for run in runs if any(w in run for w in changed)}
    assert [run for run in runs if run not in holding and cut_before[run] != cut_after[run]] == []
    assert any(cut_before[run] != cut_after[run] for run in holding), f"{change}: no cut changed: {changed}"


@pytest.mark.parametrize("text,cut", [("全職員工", ["全職", "員工"]), ("兼職員工", ["兼職", "員工"])])
def test_a_traditional_word_is_as_common_as_its_simplified_form(text, cut):
    """The search's words without a frequency of their own (the glossary's, the synonyms') weigh in jieba what their
    Simplified form does in its dictionary. Left to jieba, each got the least count that keeps it whole alone, and
    with 職員 among the synonyms 全職員工 was cut 全 / 職員 / 工: a reader's 員工 never reached the full-time staff
    row. (The words are this test's own: a glossary term, a synonym and the word that straddles them.)"""
    import jieba

    from macros.model.chinese import share_dictionary
    from macros.model.search_terms import common_as

    tokenizer = jieba.Tokenizer()
    share_dictionary(tokenizer)
    for word in (*cut, "職員"):   # the order data/ gives them: glossary terms, then synonyms
        tokenizer.add_word(word, common_as({LOCALES.convert(lang, word) for lang in GENERATED}, tokenizer.FREQ))
    assert tokenizer.lcut(text) == cut
