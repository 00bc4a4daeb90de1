"""The 简体中文 edition is generated from the Traditional one at build and says so: same pages and paths, every page
the conversion of its zh-Hant page (nothing kept by hand), no Traditional character left, a visible notice that the
Traditional edition prevails, its own language markup, switcher entry, sitemap alternates, search index, PDF and
download columns (macros/plugin/editions.py, data/report.yaml, data/zh_hans_phrases.yaml)."""

from __future__ import annotations

import csv
import io
import re
import subprocess
from html import escape, unescape
from html.parser import HTMLParser

import pytest
import yaml

from macros.model.han import HAN_CLASS

from conftest import GENERATED, PREFIX, ROOT, html_path, page_slugs, site_base_path
from macros.model.chinese import Converter
from macros.model.dataset import cached_dataset

SLUGS = page_slugs()
HANS = "zh-Hans"
SOURCE = GENERATED[HANS]
FILES = cached_dataset(ROOT).report.files   # the downloads' name, data/report.yaml's (a new year changes it)


@pytest.fixture(scope="module")
def convert(dataset):
    return dataset.report.locales.converters[HANS]


class _Text(HTMLParser):
    """The reader-facing text of a page — text nodes and the title, alt, aria-label, placeholder attributes — except
    inside an element that says it is in another language (the switcher's 繁體中文 is the name of that edition)."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self, own: str):
        super().__init__(convert_charrefs=True)
        self.own, self.stack, self.parts, self.skip = own, [own], [], 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "style", "svg"):
            self.skip += 1 if tag != "svg" else 0
        lang = attrs.get("lang", self.stack[-1])
        if self.stack[-1] == self.own and lang == self.own:
            self.parts += [attrs[a] for a in ("title", "alt", "aria-label", "placeholder") if attrs.get(a)]
        if tag not in self.VOID:
            self.stack.append(lang)

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.skip -= 1
        if tag not in self.VOID and len(self.stack) > 1:
            self.stack.pop()

    def handle_data(self, data):
        if not self.skip and self.stack[-1] == self.own:
            self.parts.append(data)


def reader_text(path) -> str:
    parser = _Text(HANS)
    parser.feed(path.read_text(encoding="utf-8"))
    return " ".join(parser.parts)


def article(path) -> str:
    html = path.read_text(encoding="utf-8")
    return re.search(r"<article[^>]*>(.*)</article>", html, re.S).group(1)


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html))).strip()


@pytest.mark.parametrize("slug", SLUGS)
def test_no_traditional_character_is_left(site, slug):
    """A second conversion pass changes nothing on any page (text, titles, labels, navigation, search box)."""
    text = reader_text(html_path(site, slug, HANS))
    assert len(text) > 100
    left = Converter("hk2s").left_unconverted(text)
    assert left == [], f"{slug}: Traditional characters left: {left}"


@pytest.mark.parametrize("slug", [s for s in SLUGS if s != "downloads"])  # the downloads centre lists each
def test_every_page_is_the_conversion_of_its_traditional_page(site, convert, slug):  # edition's own files
    """Generated, not kept by hand: the zh-Hans article is the zh-Hant article converted, plus the notice."""
    hans = article(html_path(site, slug, HANS))
    hans = re.sub(r'<p class="esg-converted".*?</p>', "", hans, count=1, flags=re.S)
    hant = article(html_path(site, slug, SOURCE))
    assert text_of(hans) == text_of(convert(hant))


@pytest.mark.parametrize("slug", SLUGS)
def test_every_page_says_it_is_converted_and_which_edition_prevails(site, slug, convert):
    path = html_path(site, slug, HANS)
    html = path.read_text(encoding="utf-8")
    assert re.search(r'<html lang="zh-Hans"', html)
    notice = re.search(r'<p class="esg-converted" role="note">(.*?)</p>', html, re.S)
    assert notice, f"{slug}: no notice"
    # data/ui_strings.yaml converted_notice, as written now in the source edition, in Simplified characters
    said = convert(cached_dataset(ROOT).report.t_text("converted_notice", SOURCE))
    assert said != cached_dataset(ROOT).report.t_text("converted_notice", SOURCE) and said in text_of(notice.group(1))
    href = re.search(r'<a href="([^"]+)" hreflang="zh-Hant">', notice.group(1)).group(1)
    target = (path.parent / href).resolve()
    assert (target / "index.html" if target.is_dir() else target) == html_path(site, slug, SOURCE).resolve()
    # the notice sits under the title, before the text: a reader sees it first
    assert html.index("esg-converted") < html.index("</h1>") + 200


@pytest.mark.parametrize("slug", SLUGS)
def test_the_switcher_has_three_editions_on_the_same_page(site, slug):
    path = html_path(site, slug, HANS)
    html = path.read_text(encoding="utf-8")
    links = [(a, lang, re.sub(r"<[^>]+>|[\s✓]", "", name)) for a, lang, name in
             re.findall(r'<a href="([^"]+)" hreflang="([^"]+)"[^>]*class="md-select__link[^"]*"[^>]*>(.*?)</a>', html, re.S)]
    from conftest import mkdocs_config   # each edition by the name mkdocs.yml gives it, in the order it lists them

    i18n = next(p["i18n"] for p in mkdocs_config()["plugins"] if isinstance(p, dict) and "i18n" in p)
    names = [(x["locale"], re.sub(r"\s", "", x["name"])) for x in i18n["languages"]]
    assert len(names) > 1 and [(lang, name) for _, lang, name in links] == names
    base = site_base_path()
    for href, lang, _ in links:
        target = (site / href[len(base):]).resolve() if href.startswith("/") else (path.parent / href).resolve()
        assert (target / "index.html" if target.is_dir() else target) == html_path(site, slug, lang).resolve()


def _menu_titles(menu, page: str, lang: str) -> list[str]:
    """The menu's titles on the way to `page` (section, then page), as data/menu.yaml gives them in `lang`."""
    for entry in menu:
        if entry.page == page:
            return [entry.title(lang)] if entry.title(lang) else []
        if entry.pages and (below := _menu_titles(entry.pages, page, lang)):
            return [entry.title(lang), *below]
    return []


def test_nav_and_site_name_are_converted(site, dataset, convert):
    """The menu titles of a page in a section, the site's name and its copyright, as data/menu.yaml and
    data/report.yaml have them now, read in Simplified characters (each differs from its Traditional form, so the
    check sees it)."""
    slug = next(s for s in SLUGS if len(_menu_titles(dataset.menu, s, SOURCE)) > 1)   # a page in a section
    html = html_path(site, slug, HANS).read_text(encoding="utf-8")
    texts = dataset.report.site_texts(SOURCE)
    expected = [*_menu_titles(dataset.menu, slug, SOURCE), texts["site_name"], texts["copyright"]]
    assert any(convert(x) != x for x in expected), f"nothing to convert in {expected}: the check would see nothing"
    for traditional in expected:
        assert escape(convert(traditional), quote=False) in html, f"{slug}: {convert(traditional)!r} not on the page"
    assert re.search(rf"<title>[^<]*{re.escape(escape(convert(texts['site_name']), quote=False))}</title>", html)


def test_mainland_phrases_are_used(site, convert):
    """The phrase table (data/zh_hans_phrases.yaml) reaches the built pages: pages whose text OpenCC's characters
    alone would leave in Taiwan or Hong Kong words read the mainland way (which words: tests/test_zh_hans_words.py,
    on sentences of its own; that each page is its source converted: above)."""
    characters = Converter("hk2s")
    differ = []
    for slug in SLUGS:
        hant = text_of(article(html_path(site, slug, SOURCE)))
        hans = text_of(re.sub(r'<p class="esg-converted".*?</p>', "", article(html_path(site, slug, HANS)), count=1,
                              flags=re.S))
        if characters(hant) != convert(hant):
            differ.append(slug)
            assert hans != characters(hant), f"{slug}: only its characters are converted, not its words"
    assert len(differ) >= 3, f"the phrase table changes the words of only {differ}"


def test_sitemap_lists_the_zh_hans_alternate_of_every_page(site):
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    urls = re.findall(r"<url>(.*?)</url>", sitemap, re.S)
    assert len(urls) >= 3 * len(SLUGS)
    for url in urls:
        assert re.search(r'hreflang="zh-Hans" href="[^"]+/zh-Hans/', url), url


def test_its_search_index_is_simplified_and_its_own(site):
    import json

    index = json.loads((site / PREFIX[HANS] / "search" / "search_index.json").read_text(encoding="utf-8"))
    text = " ".join(d["title"] + d["text"] for d in index["docs"])
    assert "\u200b" in text, "not segmented by jieba"
    assert Converter("hk2s").left_unconverted(re.sub(r"<[^>]+>", "", text).replace("\u200b", "")) == []
    # a row's label in the mainland's words, not in OpenCC's characters only (as data/ has the label now)
    worded = next(r.label for r in cached_dataset(ROOT).rows.values()
                  if Converter("hk2s")(r.label.get(SOURCE)) != r.label.get(HANS))
    assert worded.get(HANS) in text.replace("\u200b", "")
    assert Converter("hk2s")(worded.get(SOURCE)) not in text.replace("\u200b", "")
    assert not any(d["location"].startswith(("en/", "zh-Hans/")) for d in index["docs"])


def test_its_pdf_is_in_the_simplified_face(site):
    path = site / f"{FILES}-zh-Hans.pdf"
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    assert "Noto-Sans-CJK-SC" in fonts, fonts   # (the Traditional face sets only Chinese quoted from that edition)
    text = subprocess.run(["pdftotext", "-l", "3", str(path), "-"], capture_output=True, text=True, check=True).stdout
    short = cached_dataset(ROOT).report.info.short_name   # the company's short name (data/report.yaml), a Han name
    assert short.get(HANS) != short.get(SOURCE) and short.get(HANS) in text and short.get(SOURCE) not in text


def test_downloads_carry_a_simplified_label_column(site, dataset):
    """Each row's label and unit in both scripts, as data/ has them now (an editor may rename a label)."""
    raw = (site / "downloads" / f"{FILES}-kpis.csv").read_bytes().decode("utf-8-sig")
    rows = {r["kpi_id"]: r for r in csv.DictReader(io.StringIO(raw))}
    to_simplified = Converter("hk2s")
    for kpi_id, row in dataset.rows.items():
        label, unit = row.label, dataset.units[row.unit].label
        assert rows[kpi_id]["indicator_zh_hant"] == label.get("zh-Hant")
        assert rows[kpi_id]["indicator_zh_hans"] == label.get("zh-Hans") == to_simplified(label.get("zh-Hans"))
        assert rows[kpi_id]["unit_zh_hans"] == unit.get("zh-Hans")
    assert rows["ghg_scope2"]["indicator_zh_hans"] != rows["ghg_scope2"]["indicator_zh_hant"]   # converted, not copied


# Simplified queries finding what the Traditional ones do, in the zh-Hans edition only: tests/test_search.py
# (test_real_queries_find_the_expected_row_or_page_in_the_readers_language_only[zh-Hans]), whose queries come from
# data/ converted; the literal list kept here named page words an editor may reword.


# That front matter is converted too (a page's description) is checked on the mini site of
# tests/test_seo.py::test_description_front_matter_wins_and_the_first_paragraph_is_the_default.


# ── 简体中文 as a mainland editor writes it (issue 22); the fast layer is tests/test_zh_hans_words.py ──
def test_regional_words_are_rare(site):
    """Hong Kong or Taiwan words left in the zh-Hans narrative, counted by tests/regional_words.py from its own list
    (not from the phrase table): under 0.5 per 1,000 Han characters (2.89 before the reviewed vocabulary)."""
    import regional_words

    pages = regional_words.measure(site)
    per_k, found, han = regional_words.rate(pages)
    assert han > 20_000
    assert per_k < 0.5, f"{per_k:.2f} per 1,000: {dict(found)}"


CORNER = re.compile("[「」『』]")


@pytest.mark.parametrize("slug", SLUGS)
def test_quotation_marks_are_the_mainland_s_and_the_traditional_keeps_its_own(site, slug):
    """GB/T 15834 “” and ‘’ in every zh-Hans page (text, titles, labels, navigation); the zh-Hant page unchanged."""
    hans = reader_text(html_path(site, slug, HANS))
    assert not CORNER.search(hans), f"{slug}: {CORNER.findall(hans)[:5]}"
    hant = html_path(site, slug, SOURCE).read_text(encoding="utf-8")
    if "「" in hant:
        assert "“" in hans, slug


def test_search_entries_downloads_and_pdf_use_mainland_quotation_marks(site, convert):
    import json

    def entries(prefix):
        docs = json.loads((site / prefix / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
        return " ".join(d["title"] + d["text"] for d in docs)

    text = entries(PREFIX[HANS])
    assert "“" in text and not CORNER.search(text)
    assert CORNER.search(entries(PREFIX[SOURCE]))        # zh-Hant keeps 「」
    raw = (site / "downloads" / f"{FILES}-kpis.csv").read_bytes().decode("utf-8-sig")
    hans = [r[k] for r in csv.DictReader(io.StringIO(raw)) for k in r if k.endswith("_zh_hans")]
    assert hans and not any(CORNER.search(v) for v in hans)
    import openpyxl

    book = openpyxl.load_workbook(site / "downloads" / f"{FILES}-kpis.xlsx", read_only=True)
    readme = " ".join(str(c) for row in book["README"].iter_rows(values_only=True) for c in row if c)
    ui = cached_dataset(ROOT).report   # its texts as data/ui_strings.yaml writes them now, converted as the edition is
    assert convert(ui.t_text("data_decimals", SOURCE)) in readme   # (the words: tests/test_zh_hans_words.py)
    assert "“/”" in readme and "「/」" in readme               # zh-Hans with “”, beside zh-Hant with 「」
    pdf = subprocess.run(["pdftotext", str(site / f"{FILES}-zh-Hans.pdf"), "-"], capture_output=True,
                         text=True, check=True).stdout
    assert "“" in pdf and not CORNER.search(pdf)
    assert convert(ui.t_text("pdf_ir_website", SOURCE)) + "：" in pdf   # a label's colon is full-width (the cover)
    assert not re.search(f"[{HAN_CLASS}]:", pdf), re.search(f".{{20}}[{HAN_CLASS}]:.{{20}}", pdf)


def test_interface_in_mainland_words(site, convert):
    """Material's strings are overrides/partials/languages/zh-Hans.html's; ours, data/ui_strings.yaml's as written
    now, converted (which words: tests/test_zh_hans_words.py)."""
    html = html_path(site, "kpis", HANS).read_text(encoding="utf-8")
    assert "回到顶部" in html and "页首" not in html
    ui = cached_dataset(ROOT).report
    for key in ("download_xlsx", "download_csv"):
        assert escape(convert(ui.t_text(key, SOURCE)), quote=False) in html, key


def test_the_traditional_edition_keeps_its_own_words(site):
    """The mainland vocabulary and punctuation are the generated edition's only: the text that prevails is as printed."""
    phrases = [p["printed"] for p in yaml.safe_load((ROOT / "data/zh_hans_phrases.yaml").read_text(
        encoding="utf-8"))["phrases"]]
    checked = 0
    for slug in SLUGS:   # each phrase the page's source writes (as docs/ has it now) is on its built page as written
        source = (ROOT / "docs" / f"{slug}.{SOURCE}.md").read_text(encoding="utf-8")
        html = html_path(site, slug, SOURCE).read_text(encoding="utf-8")
        expected = [w for w in phrases if w in source] + (["「"] if "「" in source else [])
        checked += len(expected)
        assert all(w in html for w in expected), (slug, [w for w in expected if w not in html])
    assert checked >= 10, f"only {checked} words checked: does data/zh_hans_phrases.yaml match the pages?"
