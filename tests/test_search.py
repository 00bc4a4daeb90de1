"""Search in the reader's language: each language has its own index, each page fetches only its own, Chinese stays
segmented by jieba with our dictionary, and real queries typed into the real search box find the page a reader
expects among the first five results, never a page of the other language (macros/search_by_language.py)."""

from __future__ import annotations

import json
import re
from html import unescape

import pytest

from conftest import LANGS, PREFIX, ROOT, html_path, mkdocs_config, page_slugs, page_url

ZWSP = "\u200b"

# (query, language, expected page slug): what a reader types, and the page that must be among the first five results
QUERIES = [
    ("持份者", "zh-Hant", "esg-management"),
    ("溫室氣體", "zh-Hant", "green-operations"),
    ("範疇一", "zh-Hant", "kpis"),
    ("範疇二", "zh-Hant", "kpis"),
    ("醫知源", "zh-Hant", "clinical-decision-tools"),
    ("醫搜", "zh-Hant", "clinical-decision-tools"),
    ("e研通", "zh-Hant", "clinical-decision-tools"),
    ("醫學文獻王", "zh-Hant", "about-us"),
    ("關鍵績效指標", "zh-Hant", "kpis"),
    ("反貪污", "zh-Hant", "kpis"),
    ("反洗錢", "zh-Hant", "governance"),
    ("供應商", "zh-Hant", "governance"),
    ("實質性議題", "zh-Hant", "esg-management"),
    ("舉報", "zh-Hant", "governance"),
    ("董事會多元化", "zh-Hant", "governance"),
    ("數據安全", "zh-Hant", "digital-marketing"),
    ("隱私", "zh-Hant", "digital-marketing"),
    ("知識產權", "zh-Hant", "governance"),
    ("童工", "zh-Hant", "people"),
    ("職業健康", "zh-Hant", "people"),
    ("培訓", "zh-Hant", "people"),
    ("氣候變化", "zh-Hant", "green-operations"),
    ("碳排放", "zh-Hant", "green-operations"),
    ("有害廢棄物", "zh-Hant", "kpis"),
    ("公益", "zh-Hant", "community"),
    ("臨床決策", "zh-Hant", "clinical-decision-tools"),
    ("分級診療", "zh-Hant", "clinical-decision-tools"),
    ("投訴", "zh-Hant", "digital-marketing"),
    ("法規", "zh-Hant", "laws"),
    ("內容索引", "zh-Hant", "content-index"),
    ("greenhouse gas", "en", "green-operations"),
    ("anti-corruption", "en", "governance"),
    ("supplier", "en", "governance"),
    ("Yizhiyuan", "en", "clinical-decision-tools"),
    ("Yisou", "en", "clinical-decision-tools"),
    ("eYantong", "en", "clinical-decision-tools"),
    ("Medical Literature King", "en", "about-us"),
    ("whistleblowing", "en", "governance"),
    ("board diversity", "en", "governance"),
    ("stakeholder", "en", "esg-management"),
    ("materiality", "en", "esg-management"),
    ("anti-money laundering", "en", "governance"),
    ("intellectual property", "en", "governance"),
    ("privacy", "en", "digital-marketing"),
    ("data security", "en", "digital-marketing"),
    ("complaint", "en", "digital-marketing"),
    ("child labour", "en", "people"),
    ("occupational health", "en", "people"),
    ("training", "en", "people"),
    ("climate", "en", "green-operations"),
    ("hazardous waste", "en", "kpis"),
    ("volunteer", "en", "community"),
    ("tiered diagnosis", "en", "clinical-decision-tools"),
    ("key performance indicators", "en", "kpis"),
    ("laws and regulations", "en", "laws"),
    ("content index", "en", "content-index"),
]

# Report terms and product names that must be whole search words wherever they appear (the jieba user dictionary)
WHOLE_WORDS = ("持份者", "溫室氣體", "範疇一", "範疇二", "醫脈通", "醫知源", "醫搜", "e研通", "醫學文獻王", "關鍵績效指標",
               "實質性議題", "反貪污", "反洗錢", "供應商")


def index(site, lang) -> dict:
    return json.loads((site / PREFIX[lang] / "search" / "search_index.json").read_text(encoding="utf-8"))


def plain(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html))).replace(ZWSP, "")


def test_each_language_has_its_own_index_of_all_its_pages_and_no_other(site):
    for lang in LANGS:
        pages = {"/" + PREFIX[lang] + doc["location"].split("#")[0] for doc in index(site, lang)["docs"]}
        assert pages == {page_url(slug, lang) for slug in page_slugs()}, f"{lang} index: pages differ"


def test_index_keeps_the_configured_separator_pipeline_and_segmentation(site):
    search = next(p["search"] for p in mkdocs_config()["plugins"] if isinstance(p, dict) and "search" in p)
    for lang in LANGS:
        config = index(site, lang)["config"]
        assert config["separator"] == search["separator"] and config["pipeline"] == search["pipeline"]
    zh = index(site, "zh-Hant")["docs"]
    assert sum(doc["text"].count(ZWSP) for doc in zh) > 1000, "Chinese is not segmented (jieba missing?)"


def test_report_terms_are_whole_search_words_wherever_they_appear(site):
    """A query word must begin a token: 範疇二溫室氣體 indexed as 範疇/二溫/室氣體 is never found by 溫室氣體."""
    dictionary = {line.split()[0] for line in (ROOT / "data" / "jieba_user_dict.txt").read_text(
        encoding="utf-8").splitlines() if line.strip()}
    assert set(WHOLE_WORDS) <= dictionary, "report terms missing from data/jieba_user_dict.txt"
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


@pytest.mark.parametrize("lang", LANGS)
def test_a_page_fetches_only_its_own_languages_index(page, server, lang):
    fetched = []
    page.on("request", lambda r: fetched.append(r.url) if "search_index" in r.url else None)
    page.goto(server + page_url("about-us", lang), wait_until="networkidle")
    assert fetched == [f"{server}/{PREFIX[lang]}search/search_index.json"]


@pytest.mark.parametrize(("query", "lang", "slug"), QUERIES)
def test_query_table_is_sound(site, query, lang, slug):
    """Each query occurs on its expected page (so a failure below is about search, not about a moved text)."""
    assert query.lower() in plain(html_path(site, slug, lang).read_text(encoding="utf-8")).lower()


def search(page, query: str, placeholder: str) -> list[tuple[str, str]]:
    """Type into the real search box as a reader does; (page URL, title) of each result, best first."""
    box = page.locator("input[data-md-component=search-query]")
    box.fill("")
    box.press("End")
    page.wait_for_function("p => document.querySelector('.md-search-result__meta').textContent.trim() === p",
                           arg=placeholder)
    box.fill(query)
    box.press("End")  # Material searches on keyup
    page.wait_for_function("p => document.querySelector('.md-search-result__meta').textContent.trim() !== p",
                           arg=placeholder)
    return page.eval_on_selector_all(
        ".md-search-result__item > a:first-child",
        "links => links.map(a => [a.href.split('?')[0].split('#')[0], a.querySelector('h1, h2').textContent])")


@pytest.mark.parametrize("lang", LANGS)
def test_real_queries_find_the_expected_page_in_the_readers_language_only(page, server, lang):
    page.goto(server + page_url("about-this-report", lang))
    placeholder = page.evaluate(
        "JSON.parse(document.getElementById('__config').textContent).translations['search.result.placeholder']")
    page.locator("input[data-md-component=search-query]").click()
    own = f"{server}/{PREFIX[lang]}"
    others = tuple(f"{server}/{PREFIX[other]}" for other in LANGS if other != lang and PREFIX[other])
    misses, foreign = [], []
    for query, query_lang, slug in QUERIES:
        if query_lang != lang:
            continue
        results = search(page, query, placeholder.strip())
        urls = [url for url, _ in results]
        if server + page_url(slug, lang) not in urls[:5]:
            misses.append(f"{query!r}: expected {slug}, got {[t.replace(ZWSP, '') for _, t in results[:5]]}")
        foreign += [f"{query!r}: {url}" for url in urls if not url.startswith(own) or url.startswith(others)]
    assert misses == [], "\n".join(misses)
    assert foreign == [], "results in the other language:\n" + "\n".join(foreign)
