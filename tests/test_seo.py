"""What search engines and link previews read, on every page of both languages: one description of the page itself,
a canonical URL, Open Graph tags in the page's language, a sitemap listing every page with its hreflang alternates
(x-default → zh-Hant), and no request that fails on load (macros/seo.py, overrides/partials/meta.html)."""

from __future__ import annotations

import gzip
import re
import xml.etree.ElementTree as ET
from html import unescape
from html.parser import HTMLParser

import pytest

from conftest import (GENERATED, LANGS, LOCALES, html_path, page_slugs,
                      page_url, site_url, walk_group)

SLUGS = page_slugs()
SITE_URL = site_url().rstrip("/")
OG_LOCALE = {"zh-Hant": "zh_HK", "en": "en_GB", "zh-Hans": "zh_CN"}
# About what a search result shows before cutting: ~80 Chinese characters, ~160 Latin ones (data/report.yaml)
MAX_CHARS = {"zh-Hant": 80, "en": 160, "zh-Hans": 80}
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


class Head(HTMLParser):
    """The <meta> and <link> tags of a page's <head>, and the text of its <article>."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.meta: list[dict] = []
        self.links: list[dict] = []
        self.in_head, self.in_article, self.text = False, 0, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.in_head |= tag == "head"
        if self.in_head and tag == "meta":
            self.meta.append(attrs)
        if self.in_head and tag == "link":
            self.links.append(attrs)
        if tag == "article" or self.in_article:
            self.in_article += tag == "article"

    def handle_endtag(self, tag):
        self.in_head &= tag != "head"
        if tag == "article" and self.in_article:
            self.in_article -= 1

    def handle_data(self, data):
        if self.in_article:
            self.text.append(data)


def head(site, slug, lang) -> Head:
    parser = Head()
    parser.feed(html_path(site, slug, lang).read_text(encoding="utf-8"))
    return parser


def meta(h: Head, key: str, value: str) -> list[str]:
    return [m.get("content", "") for m in h.meta if m.get(key) == value]


def canonical(slug: str, lang: str) -> str:
    return SITE_URL + page_url(slug, lang)


def normal(text: str) -> str:
    return re.sub(r"\s+", " ", unescape(text)).strip()


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_has_one_description_of_its_own(site, lang):
    seen: dict[str, str] = {}
    for slug in SLUGS:
        h = head(site, slug, lang)
        descriptions = meta(h, "name", "description")
        assert len(descriptions) == 1, f"{slug}: {len(descriptions)} meta descriptions"
        d = descriptions[0]
        assert 0 < len(d) <= MAX_CHARS[lang] + 1, f"{slug}: description of {len(d)} characters"
        assert d.rstrip("…") in normal("".join(h.text)), f"{slug}: description not from the page: {d!r}"
        assert d not in seen, f"{slug} and {seen.get(d)} share the description {d!r}"
        seen[d] = slug


@pytest.mark.parametrize("lang", LANGS)
def test_canonical_and_open_graph_in_the_pages_language(site, lang, dataset):
    site_names = {lang: dataset.report.site_texts(lang)["site_name"] for lang in LANGS}   # data/report.yaml site.name
    for generated, source in GENERATED.items():  # a generated edition's name is its source's, converted
        assert site_names[generated] == LOCALES.converters[generated](site_names[source])
    for slug in SLUGS:
        h = head(site, slug, lang)
        assert [ln["href"] for ln in h.links if ln.get("rel") == "canonical"] == [canonical(slug, lang)], slug
        assert meta(h, "property", "og:url") == [canonical(slug, lang)], slug
        assert meta(h, "property", "og:description") == meta(h, "name", "description"), slug
        assert meta(h, "property", "og:locale") == [OG_LOCALE[lang]], slug
        assert sorted(meta(h, "property", "og:locale:alternate")) == sorted(OG_LOCALE[o] for o in LANGS if o != lang), slug
        assert meta(h, "property", "og:site_name") == [site_names[lang]], slug
        title = meta(h, "property", "og:title")
        assert len(title) == 1 and title[0] and title[0] in normal(html_path(site, slug, lang).read_text(
            encoding="utf-8").split("</title>")[0]), f"{slug}: og:title {title} is not the page title"


def test_no_relative_hreflang_in_any_page(site):
    """Relative hreflang URLs are ignored by search engines (and flagged by Lighthouse); hreflang is in the sitemap."""
    relative = [f"{slug} ({lang}): {ln['href']}" for lang in LANGS for slug in SLUGS
                for ln in head(site, slug, lang).links
                if ln.get("hreflang") and not ln["href"].startswith(("https://", "http://"))]
    assert relative == []


def test_sitemap_lists_every_page_with_its_alternates_and_x_default(site):
    root = ET.parse(site / "sitemap.xml").getroot()
    entries = {}
    for url in root.findall("s:url", NS):
        alternates = {link.get("hreflang"): link.get("href") for link in url.findall("x:link", NS)}
        entries[url.findtext("s:loc", namespaces=NS)] = alternates
    expected = {canonical(slug, lang): slug for lang in LANGS for slug in SLUGS}
    assert set(entries) == set(expected), "sitemap pages differ from the built pages"
    for loc, slug in expected.items():
        assert entries[loc] == {**{lang: canonical(slug, lang) for lang in LANGS},
                                "x-default": canonical(slug, "zh-Hant")}, f"{loc}: {entries[loc]}"
    assert gzip.decompress((site / "sitemap.xml.gz").read_bytes()) == (site / "sitemap.xml").read_bytes()


def test_description_front_matter_wins_and_the_first_paragraph_is_the_default(mini_project):
    sentence = "第一句" + "說明這一頁的內容" * 6 + "。"   # 52 characters: a description ends at its 。
    first = sentence + "第二句" + "不應出現在摘要之中" * 5 + "。"
    code, out = mini_project({
        "index": ("---\ndescription: 自訂的摘要\n---\n\n# 首頁 {#home}\n\n正文。\n",
                  "---\ndescription: A summary of our own\n---\n\n# Home {#home}\n\nText.\n"),
        "other": (f"# 另一頁 {{#other}}\n\n!!! note \"註\"\n    方框內的文字\n\n{first}\n\n第二段。\n",
                  "# Other {#other}\n\n!!! note \"Note\"\n    Text in the box\n\nThe first paragraph. "
                  + "A long sentence goes on " * 8 + "and on.\n\nThe second paragraph.\n"),   # the zh-Hant blocks
    })
    assert code == 0, out
    site = mini_project.root / "site"
    assert meta(head(site, "index", "zh-Hant"), "name", "description") == ["自訂的摘要"]
    # the generated edition converts the front matter too (macros/plugin/editions.py), not only the text
    assert meta(head(site, "index", "zh-Hans"), "name", "description") == ["自订的摘要"]
    assert meta(head(site, "index", "en"), "name", "description") == ["A summary of our own"]
    assert meta(head(site, "other", "zh-Hant"), "name", "description") == [sentence]
    [en] = meta(head(site, "other", "en"), "name", "description")
    assert en.startswith("The first paragraph. A long sentence") and en.endswith("…") and len(en) <= MAX_CHARS["en"] + 1


@pytest.mark.xdist_group(walk_group("phone"))
def test_no_request_fails_on_any_page(walk):
    """Material fetches "<alternate>/sitemap.xml" for every <link rel=alternate>: with per-page alternates that was a
    404 on every page (a console error: Lighthouse best practices). Every page of every edition and the 404 page, on
    a phone, until the network is quiet (the shared walk, conftest.py)."""
    failed = {url: visit["failed"] for url, visit in walk("phone").items() if visit["failed"]}
    assert failed == {}
