"""The downloadable report: one PDF per language, read back as a reader's PDF viewer would (poppler's pdftotext,
pdfinfo, pdffonts, pdftoppm; pypdf for the outline, /Lang and link annotations, which poppler's tools do not print).
Expectations come from the built pages (titles, headings), mkdocs.yml (author, nav order) and data/ (KPI values)."""

from __future__ import annotations

import html
import re
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import LANGS, chapter_slugs, html_path, mkdocs_config, page_slugs, site_url
from macros.render import formatting
from macros.model.schema import NotDisclosed
from test_site import article, tags

MAX_BYTES = 5 * 1024 * 1024
FOOTER = {"zh-Hant": "第{n}頁，共{total}頁", "en": "Page{n}of{total}"}  # whitespace removed, as in squash()


def run(*cmd: str) -> str:
    return subprocess.run(cmd, check=True, capture_output=True, text=True, timeout=120).stdout


def squash(text: str) -> str:
    """Text without any whitespace: titles wrap differently in the PDF than on screen."""
    return re.sub(r"\s+", "", text)


def nav_slugs() -> list[str]:
    """The pages in nav order (the order of the PDF's chapters), from mkdocs.yml."""
    def walk(items):
        for item in items:
            value = next(iter(item.values())) if isinstance(item, dict) else item
            if isinstance(value, list):
                yield from walk(value)
            else:
                yield value[: -len(".md")]
    return list(walk(mkdocs_config()["nav"]))


def h1(site: Path, slug: str, lang: str) -> str:
    return headings(site, slug, lang, 1)[0]


def headings(site: Path, slug: str, lang: str, level: int) -> list[str]:
    body = re.sub(r'<a class="headerlink".*?</a>', "", article(html_path(site, slug, lang)), flags=re.S)
    return [html.unescape(re.sub(r"<[^>]+>", "", h)).strip()
            for h in re.findall(rf"<h{level}\b[^>]*>(.*?)</h{level}>", body, re.S)]


def author(lang: str) -> str:
    config = mkdocs_config()
    i18n = next(p["i18n"] for p in config["plugins"] if isinstance(p, dict) and "i18n" in p)
    own = next(lang_config for lang_config in i18n["languages"] if lang_config["locale"] == lang)
    return own.get("site_author", config["site_author"])


def pdf_name(lang: str) -> str:
    """The PDF's published name: the address readers and the IR site link to, so a literal here."""
    return f"medlive-esg-2022-{lang}.pdf"


@pytest.fixture(scope="module")
def pdfs(site):
    """{lang: {path, pages (text of each page), layout (text with columns kept), info (pdfinfo), reader (pypdf)}}"""
    from pypdf import PdfReader

    out = {}
    for lang in LANGS:
        path = site / pdf_name(lang)
        assert path.exists(), f"{path.name} not built"
        info = dict(line.split(":", 1) for line in run("pdfinfo", str(path)).splitlines() if ":" in line)
        out[lang] = {"path": path, "pages": run("pdftotext", str(path), "-").split("\f")[:-1],
                     "layout": run("pdftotext", "-layout", str(path), "-"),
                     "info": {k.strip(): v.strip() for k, v in info.items()}, "reader": PdfReader(path)}
    return out


def outline(reader) -> list[tuple[str, int, list[tuple[str, int]]]]:
    """[(title, page number, [(child title, page number)])] of the top-level bookmarks."""
    result = []
    for item in reader.outline:
        if isinstance(item, list):
            result[-1][2].extend((c.title, reader.get_destination_page_number(c) + 1) for c in item
                                 if not isinstance(c, list))
        else:
            result.append((item.title, reader.get_destination_page_number(item) + 1, []))
    return result


# ── content ──────────────────────────────────────────────────────────────────
@pytest.mark.parametrize("lang", LANGS)
def test_every_chapter_title_is_in_the_pdf_as_text(site, pdfs, lang):
    text = squash("".join(pdfs[lang]["pages"]))
    slugs = chapter_slugs()
    assert "downloads" in page_slugs() and "downloads" not in slugs   # a site page, not a chapter
    for slug in slugs:
        assert squash(h1(site, slug, lang)) in text, f"{slug}: title missing from {pdf_name(lang)}"
    # copied text is the characters themselves: nothing unmapped, no private-use glyph codes
    assert not re.search("[\ufffd\ue000-\uf8ff]", text), "text that does not copy as characters"


@pytest.mark.parametrize("lang", LANGS)
def test_every_kpi_row_reads_as_in_the_data(pdfs, dataset, lang):
    """Each KPI row is a line of the PDF: the start of its label, then each year's value and the change, in order."""
    lines = pdfs[lang]["layout"].splitlines()
    checked = 0
    for kfile in dataset.kpi_files:
        years = kfile.years
        for table in kfile.tables:
            for row in table.rows:
                cells = [formatting.fmt(row.values[y], dataset.report.editions[lang]) for y in years]
                if table.change and len(years) >= 2:
                    unit = dataset.units[row.unit]
                    cells.append(formatting.change(row.values[years[-2]], row.values[years[-1]], unit.percent, lang, dataset.report)
                                 or formatting.DASH)
                values = re.compile(r"(?<!\S)" + r"\s+".join(map(re.escape, cells)) + r"(?!\S)")
                label = squash(row.label.get(lang))
                found = [line for line in lines if values.search(line)
                         and label.startswith(squash(re.split(r"\s{2,}", line.strip())[0]))]
                assert found, f"{pdf_name(lang)}: no line '{row.label.get(lang)} … {' '.join(cells)}'"
                checked += 1
    assert checked >= 50


@pytest.mark.parametrize("lang", LANGS)
def test_pages_are_numbered_and_none_is_blank(pdfs, site, lang):
    pages = pdfs[lang]["pages"]
    total = int(pdfs[lang]["info"]["Pages"])
    assert len(pages) == total
    assert len(page_slugs()) + 1 <= total <= 150, f"{total} pages: a table broken row by row, or pages missing?"
    for n, text in enumerate(pages[1:], start=2):  # page 1 is the cover: no footer
        footer = FOOTER[lang].format(n=n, total=total)
        assert footer in squash(text), f"page {n}: no '{footer}' footer"
        assert squash(text).replace(footer, ""), f"page {n} is blank"
    assert squash(pages[0]), "blank cover"


@pytest.mark.parametrize("lang", LANGS)
def test_tables_repeat_their_header_and_stay_on_the_page(site, pdfs, lang):
    """The content index runs over several pages: every one of them starts it with the column headers again. No word
    of any page lies outside the paper (a table wider than the page would)."""
    reader_pages = outline(pdfs[lang]["reader"])
    index_title = h1(site, "content-index", lang)
    start = next(page for title, page, _ in reader_pages if squash(title) == squash(index_title))
    head = re.search(r"<thead>(.*?)</thead>", article(html_path(site, "content-index", lang)), re.S).group(1)
    columns = [squash(html.unescape(re.sub(r"<[^>]+>", "", c))) for c in re.findall(r"<th[^>]*>(.*?)</th>", head)]
    pages = pdfs[lang]["pages"][start - 1:]
    assert len(pages) >= 2, "the content index should run over more than one page"
    for offset, text in enumerate(pages):
        assert all(c in squash(text) for c in columns), f"page {start + offset}: no header row {columns}"

    bbox = run("pdftotext", "-bbox", str(pdfs[lang]["path"]), "-")
    for n, (width, body) in enumerate(re.findall(r'<page width="([\d.]+)"[^>]*>(.*?)</page>', bbox, re.S), 1):
        for x_min, x_max, word in re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>(.*?)</word>',
                                             body):
            assert 0 <= float(x_min) and float(x_max) <= float(width), f"page {n}: '{word}' runs off the page"


@pytest.mark.parametrize("lang", LANGS)
def test_charts_are_drawn_in_colour(site, pdfs, lang, tmp_path):
    """The bar charts take their colours from CSS variables on the site; in the PDF their grey and teal bars must
    show. Rendered like a viewer would, the appendix's pages hold both colours in solid areas."""
    from PIL import Image

    start = next(page for title, page, _ in outline(pdfs[lang]["reader"])
                 if squash(title) == squash(h1(site, "kpis", lang)))
    charts = article(html_path(site, "kpis", lang)).count('<figure class="esg-chart">')
    assert charts
    run("pdftoppm", "-r", "30", "-png", "-f", str(start), "-l", str(start + 8), str(pdfs[lang]["path"]),
        str(tmp_path / "p"))
    counts = {"teal": 0, "grey": 0}
    for png in tmp_path.glob("p-*.png"):
        image = Image.open(png).convert("RGB")
        for count, (r, g, b) in image.getcolors(image.width * image.height):
            if abs(r - 0x00) + abs(g - 0x79) + abs(b - 0x6b) <= 12:
                counts["teal"] += count
            elif abs(r - 0x9e) + abs(g - 0x9e) + abs(b - 0x9e) <= 12:
                counts["grey"] += count
    # a full-length bar is ~4 x 75 px at 30 dpi; every chart has at least one of each colour
    assert counts["teal"] >= 100 * charts and counts["grey"] >= 100 * charts, counts


# ── fonts, metadata, structure ───────────────────────────────────────────────
@pytest.mark.parametrize("lang", LANGS)
def test_fonts_are_embedded_subsetted_and_traditional_chinese(pdfs, lang):
    rows = run("pdffonts", str(pdfs[lang]["path"])).splitlines()[2:]
    fonts = [(row.split()[0], row.split()[-5], row.split()[-4]) for row in rows]  # name, emb, sub
    assert fonts
    assert all(emb == "yes" and sub == "yes" for _, emb, sub in fonts), fonts
    cjk = [name for name, _, _ in fonts if "CJK" in name]
    assert cjk and all("CJK-TC" in name for name in cjk), f"Chinese set in a non-Traditional face: {cjk}"


@pytest.mark.parametrize("lang", LANGS)
def test_document_metadata(site, pdfs, lang):
    info, reader = pdfs[lang]["info"], pdfs[lang]["reader"]
    assert info["Title"] == h1(site, "index", lang)
    assert info["Author"] == author(lang)
    assert info["Tagged"] == "yes"  # PDF/UA-1: headings, tables and reading order for screen readers
    assert reader.trailer["/Root"]["/Lang"] == lang
    assert pdfs[lang]["path"].stat().st_size <= MAX_BYTES


@pytest.mark.parametrize("lang", LANGS)
def test_bookmarks_follow_the_chapters_and_the_contents_page_numbers(site, pdfs, lang):
    marks = outline(pdfs[lang]["reader"])
    pages = pdfs[lang]["pages"]
    assert squash(marks[0][0]) == squash(h1(site, "index", lang)) and marks[0][1] == 1
    chapters = [(title, page, children) for title, page, children in marks
                if squash(title) in {squash(h1(site, s, lang)) for s in nav_slugs()[1:]}]
    assert [squash(t) for t, _, _ in chapters] == [squash(h1(site, s, lang)) for s in nav_slugs()[1:]]
    contents = "".join(pages[1:chapters[0][1] - 1])  # the pages between the cover and the first chapter
    for slug, (title, page, children) in zip(nav_slugs()[1:], chapters):
        assert squash(title) in squash(pages[page - 1]), f"bookmark '{title}' points to page {page}"
        assert [squash(t) for t, _ in children] == [squash(t) for t in headings(site, slug, lang, 2)]
        listed = re.search(r"\s*".join(map(re.escape, squash(title))) + r"\s*\.{3,}\s*(\d+)", contents)
        assert listed and int(listed.group(1)) == page, f"contents: '{title}' not on page {page}"


@pytest.mark.parametrize("lang", LANGS)
def test_links_between_pages_stay_inside_the_pdf(pdfs, lang):
    reader = pdfs[lang]["reader"]
    inside, outside = 0, []
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            action = annot.get("/A") or {}
            if annot.get("/Subtype") != "/Link":
                continue
            if annot.get("/Dest") is not None or action.get("/S") == "/GoTo":
                inside += 1
            elif action.get("/S") == "/URI":
                outside.append(str(action["/URI"]))
    assert inside >= 100, f"only {inside} internal links"
    own = site_url().rstrip("/")
    to_pages = [u for u in outside if u.startswith(own) and not re.search(r"\.\w+$", urlsplit(u).path)
                and urlsplit(u).path.rstrip("/") != urlsplit(own).path.rstrip("/")]
    assert to_pages == [], f"links to the site's pages that should point inside the PDF: {to_pages}"


# ── the site links to it ────────────────────────────────────────────────────
@pytest.mark.parametrize("lang", LANGS)
def test_every_page_links_its_language_pdf(site, lang):
    target = (site / pdf_name(lang)).resolve()
    assert target.is_file()
    for slug in page_slugs():
        path = html_path(site, slug, lang)
        links = [(path.parent / a["href"]).resolve() for t, a in tags(path)
                 if t == "a" and a.get("href", "").endswith(".pdf")]
        if slug == "downloads":  # the downloads centre lists every edition's PDF (tests/test_download_centre.py)
            assert set(links) == {(site / pdf_name(x)).resolve() for x in LANGS}, f"{lang}: PDF links {links}"
            continue
        assert links and set(links) == {target}, f"{slug} {lang}: PDF links {links}"
        if slug in ("index", "kpis"):  # the footer's link and one in the page itself
            assert len(links) >= 2, f"{slug} {lang}: no PDF link in the page body"
