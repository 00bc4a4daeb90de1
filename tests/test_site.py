"""The built site, both languages: same pages and anchors, right lang, a switcher that stays on the page,
KPI tables that show exactly the data, nothing loaded from another host, and a segmented Chinese search index."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import DEFAULT, HAND, LANGS, PREFIX, html_path, page_slugs, site_base_path
from macros.model.breakdown import grouped
from macros.model.schema import NotDisclosed

SLUGS = page_slugs()
BASE_PATH = site_base_path()


def ui(key: str, lang: str, **values) -> str:
    """A UI string of data/ui_strings.yaml in an edition, as written there now (an editor may reword it)."""
    from conftest import ROOT
    from macros.model.dataset import cached_dataset

    return cached_dataset(ROOT).report.t_text(key, lang, **values)


class Tags(HTMLParser):
    """Collects start tags with their attributes, and text per element id (enough for our assertions)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def tags(path: Path) -> list[tuple[str, dict]]:
    parser = Tags()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.tags


def article(path: Path) -> str:
    html = path.read_text(encoding="utf-8")
    start = html.index('<article class="md-content__inner')
    return html[start: html.index("</article>", start)]


def heading_ids(path: Path) -> list[str]:
    return re.findall(r'<h[1-6][^>]*\bid="([^"]+)"', article(path))


def test_every_edition_has_every_page(site):
    """The generated edition too: it has no files of its own, so nothing but the build makes its pages."""
    assert SLUGS and set(HAND) <= set(LANGS)   # every page of docs/ (an editor may add one), every edition
    for slug in SLUGS:
        for lang in LANGS:
            assert html_path(site, slug, lang).exists(), f"{slug} missing in {lang}"


@pytest.mark.parametrize("slug", SLUGS)
def test_same_heading_ids_in_every_edition(site, slug):
    ids = {lang: heading_ids(html_path(site, slug, lang)) for lang in LANGS}
    first = ids[LANGS[0]]
    assert first, f"{slug}: no headings"
    assert all(found == first for found in ids.values()), f"{slug}: heading ids differ: {ids}"
    assert all(re.fullmatch(r"[a-z0-9-]+", i) for i in first), f"{slug}: unstable ids {first}"


@pytest.mark.parametrize("slug", SLUGS)
def test_lang_and_switcher_keep_the_reader_on_the_page(site, slug):
    for lang in LANGS:
        path = html_path(site, slug, lang)
        html = path.read_text(encoding="utf-8")
        assert re.search(rf'<html lang="{lang}"', html), f"{slug} {lang}: wrong <html lang>"
        links = {a["hreflang"]: a["href"] for t, a in tags(path) if t == "a" and "md-select__link" in a.get("class", "")}
        assert set(links) == set(LANGS), f"{slug} {lang}: switcher offers {links}"
        for other, href in links.items():
            if href.startswith("/"):  # absolute: a path under site_url
                assert href.startswith(BASE_PATH), f"{slug} {lang}: {href} is outside the site"
                target = (site / href[len(BASE_PATH):]).resolve()
            else:
                target = (path.parent / href).resolve()
            expected = html_path(site, slug, other).resolve()
            if target.is_dir():
                target = target / "index.html"
            assert target == expected, f"{slug} {lang}: switcher to {other} goes to {href}"


def table_cells(html: str, table_id: str) -> dict[str, list[str]]:
    """{kpi id: [cell texts without screen-reader spans]} for one rendered KPI table."""
    m = re.search(rf'<table [^>]*?data-table="{table_id}"[^>]*>(.*?)</table>', html, re.S)
    assert m, f"table {table_id} not rendered"
    rows = {}
    for kpi_id, body in re.findall(r'<tr data-kpi="([a-z0-9_]+)"[^>]*>(.*?)</tr>', m.group(1), re.S):
        cells = re.findall(r"<td[^>]*>(.*?)</td>", body, re.S)
        rows[kpi_id] = [re.sub(r"<[^>]+>", "", re.sub(r'<span class="esg-sr-only">.*?</span>', "", c)).strip()
                        for c in cells]
    return rows


@pytest.mark.parametrize("lang", LANGS)
def test_kpi_tables_show_exactly_the_data(site, dataset, lang):
    html = article(html_path(site, "kpis", lang))
    checked = 0
    for kfile in dataset.kpi_files:
        for table in kfile.tables:
            rows = table_cells(html, table.id)
            # each total followed by its breakdowns ("of which", macros/model/breakdown.py)
            assert list(rows) == [r.id for r, _ in grouped(table)], f"{table.id}: rows differ"
            for row in table.rows:
                cells = rows[row.id]
                assert cells[0] == dataset.units[row.unit].label.get(lang)
                for year, cell in zip(kfile.years, cells[1:]):
                    value = row.values[year]
                    mark = dataset.report.t("restated", lang) if (row.id, year) in dataset.restated else ""
                    assert cell.endswith(mark), f"{row.id} {year}: restated, but no mark {mark!r} in {cell!r}"
                    cell = cell[:len(cell) - len(mark)].strip() if mark else cell
                    if isinstance(value, NotDisclosed):
                        assert cell == "—"
                    else:
                        assert cell.replace(",", "") == f"{value:f}", f"{row.id} {year}: {cell} ≠ {value}"
                    checked += 1
    assert checked


EXTERNAL = re.compile(r"^(https?:)?//", re.I)
READ_AS_TEXT = ("aria-label", "title", "alt", "placeholder", "aria-description")


def test_no_attribute_a_reader_hears_carries_markup(site):
    """An attribute read out or shown as text (a table's aria-label, a link's title, an image's alt) holds words,
    never tags: a UI string with markup in it (the Guide's title in italics) was heard as "<em>"."""
    offenders = []
    for path in site.rglob("*.html"):
        for tag, attrs in tags(path):
            offenders += [f"{path.relative_to(site)}: <{tag} {name}={value!r}>" for name, value in attrs.items()
                          if name in READ_AS_TEXT and value and re.search(r"</?[a-zA-Z][^>]*>", value)]
    assert not offenders, "\n".join(offenders[:20])


def test_nothing_is_loaded_from_another_host(site):
    offenders = []
    for path in site.rglob("*.html"):
        for tag, attrs in tags(path):
            refs = []
            if tag in ("script", "img", "iframe", "source", "audio", "video", "embed"):
                refs.append(attrs.get("src") or "")
            if tag == "link" and (attrs.get("rel") or "").lower() in ("stylesheet", "preload", "icon", "modulepreload",
                                                                    "preconnect", "dns-prefetch", "manifest"):
                refs.append(attrs.get("href") or "")
            offenders += [f"{path.relative_to(site)}: <{tag}> {r}" for r in refs if EXTERNAL.match(r)]
        text = path.read_text(encoding="utf-8")
        offenders += [f"{path.relative_to(site)}: style url({u})" for u in re.findall(r"url\(['\"]?((?:https?:)?//[^)'\"]+)", text)]
    for path in site.rglob("*.css"):
        offenders += [f"{path.relative_to(site)}: url({u})"
                      for u in re.findall(r"url\(['\"]?((?:https?:)?//[^)'\"]+)", path.read_text(encoding="utf-8"))]
        offenders += [f"{path.relative_to(site)}: @import {u}" for u in re.findall(r"@import\s+['\"]?((?:https?:)?//[^'\";]+)",
                                                                                 path.read_text(encoding="utf-8"))]
    assert not offenders, "\n".join(offenders[:20])


def material_translations(path: Path) -> dict:
    """The UI strings Material's JavaScript uses, from the page's __config block."""
    html = path.read_text(encoding="utf-8")
    config = re.search(r'<script id="__config" type="application/json">(.*?)</script>', html, re.S).group(1)
    return json.loads(config)["translations"]


def test_ui_strings_read_as_hong_kong_usage(site):
    """Material's zh-Hant strings are overridden where Hong Kong usage differs (拷貝 → 複製, 个 → 個)."""
    zh = material_translations(html_path(site, "index", "zh-Hant"))
    assert zh["clipboard.copy"] == "複製" and zh["clipboard.copied"] == "已複製"
    assert "个" not in zh["search.result.one"]
    html = html_path(site, "index", "zh-Hant").read_text(encoding="utf-8")
    assert "跳至內容" in html and "拷貝" not in html
    en = material_translations(html_path(site, "index", "en"))
    assert en["clipboard.copy"] == "Copy to clipboard"


def test_the_404_page_is_the_default_language_and_speaks_every_editions(site):
    """The root 404.html (what the host serves for every missing address): zh-Hant chrome (the English build must
    not overwrite it), the message in every edition's language, and a way home to each edition under the site's path.
    Each other edition has its own, in its own language only."""
    page = site / "404.html"
    html = page.read_text(encoding="utf-8")
    assert re.search(r'<html lang="zh-Hant"', html), "404.html is not the zh-Hant rendering"
    title = {lang: ui("not_found_title", lang) for lang in LANGS}
    for lang in (x for x in LANGS if x != DEFAULT):
        own = (site / lang / "404.html").read_text(encoding="utf-8")
        assert re.search(f'<html lang="{lang}"', own) and title[lang] in own and title[DEFAULT] not in own, lang
        assert "esg-not-found.js" not in own      # only the root page sends readers on
    body = article(page)
    assert title[DEFAULT] in body and re.search(rf'<[^>]+lang="en"[^>]*>[^<]*{re.escape(title["en"])}', body)
    line = ui("not_found_text", "zh-Hans", home="")[:8]   # the message's opening words, in Simplified characters
    assert re.search(rf'<p lang="zh-Hans">{re.escape(line)}', body), "no line in Simplified Chinese"
    links = {a.get("href") for tag, a in tags(page) if tag == "a"}
    for home in (BASE_PATH, BASE_PATH + "en/", BASE_PATH + "zh-Hans/"):
        assert home in links, f"404.html has no link to {home}"
        assert (site / home[len(BASE_PATH):] / "index.html").exists()
    homes = {BASE_PATH + PREFIX[lang] for lang in LANGS}
    for lang in LANGS:   # each 404 page's language switcher: every edition's home, not a page built before it
        switcher = {a.get("href") for tag, a in tags(site / PREFIX[lang] / "404.html")
                    if tag == "a" and "md-select__link" in (a.get("class") or "")}
        assert switcher == homes, f"{PREFIX[lang]}404.html's language switcher: {sorted(switcher)}"


@pytest.mark.parametrize("lang", LANGS)
def test_a_mistyped_address_meets_the_404_page_of_its_edition(site, browser, lang):
    """Served as GitHub Pages does (the root 404.html for any missing address, under the site's path), a mistyped
    address in an edition shows that edition's 404 page: its language, its navigation and its search."""
    from urllib.parse import urlsplit

    def serve(route):
        path = urlsplit(route.request.url).path
        file = site / path[len(BASE_PATH):] if path.startswith(BASE_PATH) else site / "missing"
        file = file / "index.html" if file.is_dir() else file
        if file.is_file():
            route.fulfill(path=str(file))
        else:
            route.fulfill(status=404, path=str(site / "404.html"), content_type="text/html; charset=utf-8")

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.route("**/*", serve)
    page = context.new_page()
    page.goto(f"http://esg.test{BASE_PATH}{PREFIX[lang]}no-such-pag/")
    page.wait_for_function("lang => document.documentElement.lang === lang && document.querySelector('h1')", arg=lang)
    title = ui("not_found_title", lang)
    assert title in page.inner_text("h1")
    assert page.locator("input[data-md-component=search-query]").count() == 1
    assert page.locator("nav.md-nav--primary a").count() > 5
    context.close()


@pytest.mark.parametrize("lang", LANGS)
def test_heading_permalinks_are_titled_in_the_edition_s_language(site, lang):
    """The ¶ after each heading says what it is in the page's language (Python-Markdown writes one English
    "Permanent link" for every language; macros/plugin/interface.py puts ui_strings `permalink` in its place)."""
    html = html_path(site, "governance", lang).read_text(encoding="utf-8")
    titles = set(re.findall(r'<a class="headerlink" href="[^"]*" title="([^"]*)"', html))
    expected = ui("permalink", lang)
    assert titles == {expected}


@pytest.mark.parametrize("lang", LANGS)
def test_footer_link_labels_use_the_edition_s_colon(site, lang):
    html = html_path(site, "kpis", lang).read_text(encoding="utf-8")
    labels = re.findall(r'class="md-footer__link[^"]*" aria-label="([^"]*)"', html)
    assert len(labels) == 2
    for label in labels:
        assert ("：" in label and ": " not in label) if lang.startswith("zh") else ": " in label, label


@pytest.mark.parametrize("lang", LANGS)
def test_co2_has_a_real_subscript_on_every_page(site, dataset, lang):
    """Issue 24: wherever the report writes CO2 (tCO2e, CO2e), the page sets the 2 as a subscript (the PDF takes the
    page's): no CO2 left in the text of any article, and each unit of data/units.yaml that writes it is shown so in
    the KPI appendix (English: tCO2e)."""
    from macros.render.quotes import CO2

    found = []
    for slug in page_slugs():
        body = article(html_path(site, slug, lang))
        text = re.sub(r"<[^>]+>", "\0", re.sub(r"<(svg|code)\b.*?</\1>", "", body, flags=re.S))
        found += [f"{slug}: {m.group(0)}" for m in CO2.finditer(text)]
    assert found == []
    units = {u.label.get(lang) for u in dataset.units.values() if CO2.search(u.label.get(lang))}
    kpis = article(html_path(site, "kpis", lang))
    assert all(CO2.sub(r"\1<sub>2</sub>\2", unit) in kpis for unit in units), units
