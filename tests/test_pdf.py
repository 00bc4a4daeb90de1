"""The downloadable report: one PDF per language, read back as a reader's PDF viewer would (poppler's pdftotext,
pdfinfo, pdffonts, pdftoppm; pypdf for the outline, /Lang and link annotations, which poppler's tools do not print).
Expectations come from the built pages (titles, headings), mkdocs.yml (language names), data/menu.yaml (the order)
and data/ (KPI values, UI strings); the faces each edition must show are literals here."""

from __future__ import annotations

import functools
import html
import re
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import LANGS, ROOT, chapter_slugs, html_path, mkdocs_config, page_slugs, site_url

from test_site import article, tags

pytestmark = pytest.mark.xdist_group("pdf")   # one worker reads the three PDFs (pdftotext, pypdf) once

MAX_BYTES = 2_000_000  # each PDF at most 2 MB: a reader downloads it on a phone


def run(*cmd: str) -> str:
    return subprocess.run(cmd, check=True, capture_output=True, text=True, timeout=120).stdout


def squash(text: str) -> str:
    """Text without any whitespace: titles wrap differently in the PDF than on screen."""
    return re.sub(r"\s+", "", text)


def nav_slugs() -> list[str]:
    """The pages in menu order (the order of the PDF's chapters), from data/menu.yaml."""
    from macros.model.dataset import cached_dataset
    from macros.model.menu import pages

    return pages(cached_dataset(ROOT).menu)


def h1(site: Path, slug: str, lang: str) -> str:
    return headings(site, slug, lang, 1)[0]


def headings(site: Path, slug: str, lang: str, level: int) -> list[str]:
    body = re.sub(r'<a class="headerlink".*?</a>', "", article(html_path(site, slug, lang)), flags=re.S)
    return [html.unescape(re.sub(r"<[^>]+>", "", h)).strip()
            for h in re.findall(rf"<h{level}\b[^>]*>(.*?)</h{level}>", body, re.S)]


def author(lang: str) -> str:
    """The company as data/report.yaml names it in the edition's language (a generated edition's is converted)."""
    from macros.model.dataset import cached_dataset

    return cached_dataset(ROOT).report.info.company.get(lang)


def pdf_name(lang: str) -> str:
    """The PDF's published name, the address readers and the IR site link to: data/report.yaml's `files:` with its
    year, read here as written there (not through the build's code, whose naming this checks), then `-<locale>.pdf`.
    A new year renames it by data alone."""
    import yaml

    raw = yaml.safe_load((ROOT / "data/report.yaml").read_text(encoding="utf-8"))
    return f"{raw['files'].format(year=raw['year'])}-{lang}.pdf"


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


def kpi_row_cells(dataset, row, lang: str) -> list[str]:
    """A KPI row's cells after its label, as patterns: each year's figure of data/ (with its "restated" mark), then
    the change, as the edition writes them (the formatting has its own tests, on figures of its own)."""
    from macros.render import formatting

    table = next(t for t in dataset.tables.values() if row in t.rows)
    years = next(f.years for f in dataset.kpi_files if table in f.tables)
    cells = []
    for year in years:
        cell = re.escape(formatting.fmt(row.values[year], dataset.report.editions[lang]))
        if (row.id, year) in dataset.restated:   # the mark may wrap under the figure in a narrow column
            cell += r"(?:\s*" + re.escape(dataset.report.t("restated", lang).strip()) + ")?"
        cells.append(cell)
    if table.change and len(years) >= 2:
        delta = formatting.change(row.values[years[-2]], row.values[years[-1]], dataset.units[row.unit].percent, lang,
                                  dataset.report)
        cells.append(re.escape(delta if delta is not None else formatting.DASH))
    return cells


@pytest.mark.parametrize("lang", LANGS)
def test_every_kpi_row_reads_as_in_the_data(pdfs, dataset, lang):
    """Each KPI row is a line of the PDF: the start of its label, then each year's value and the change, in order,
    as data/ gives them."""
    lines = pdfs[lang]["layout"].splitlines()
    for row_id, row in dataset.rows.items():
        cells = kpi_row_cells(dataset, row, lang)
        values = re.compile(r"(?<!\S)" + r"\s+".join(cells) + r"(?!\S)")
        label = squash(row.label.get(lang))
        # a breakdown's first line opens with "of which" (macros/model/breakdown.py): the label follows it
        of_which = squash(dataset.report.t("of_which", lang))
        found = [line for line in lines if values.search(line)
                 and label.startswith(squash(re.split(r"\s{2,}", line.strip())[0]).removeprefix(of_which))]
        assert found, f"{pdf_name(lang)}: no line '{row.label.get(lang)} … {' '.join(cells)}'"


@pytest.mark.parametrize("lang", LANGS)
def test_pages_are_numbered_and_none_is_blank(pdfs, site, lang):
    from macros.model.dataset import cached_dataset

    ui = cached_dataset(ROOT).report
    pages = pdfs[lang]["pages"]
    total = int(pdfs[lang]["info"]["Pages"])
    assert len(pages) == total
    assert len(page_slugs()) + 1 <= total <= 150, f"{total} pages: a table broken row by row, or pages missing?"
    for n, text in enumerate(pages[1:-1], start=2):  # the cover and the back page carry no footer
        footer = squash(ui.t_text("pdf_page", lang, n=n, total=total))   # data/ui_strings.yaml's words, now
        assert footer in squash(text), f"page {n}: no '{footer}' footer"
        assert squash(text).replace(footer, ""), f"page {n} is blank"
    assert squash(pages[0]) and squash(pages[-1]), "blank cover or back page"


@pytest.mark.parametrize("lang", LANGS)
def test_tables_repeat_their_header_and_stay_on_the_page(site, pdfs, lang):
    """The content index runs over several pages: every one of them starts it with the column headers again. No word
    of any page lies outside the paper (a table wider than the page would)."""
    reader_pages = outline(pdfs[lang]["reader"])
    index_title = h1(site, "content-index", lang)
    start = next(page for title, page, _ in reader_pages if squash(title) == squash(index_title))
    head = re.search(r"<thead>(.*?)</thead>", article(html_path(site, "content-index", lang)), re.S).group(1)
    columns = [squash(html.unescape(re.sub(r"<[^>]+>", "", c))) for c in re.findall(r"<th[^>]*>(.*?)</th>", head)]
    pages = pdfs[lang]["pages"][start - 1:-1]  # to the back page
    assert len(pages) >= 2, "the content index should run over more than one page"
    for offset, text in enumerate(pages):
        assert all(c in squash(text) for c in columns), f"page {start + offset}: no header row {columns}"

    bbox = word_boxes_xml(pdfs[lang]["path"])
    for n, (width, body) in enumerate(re.findall(r'<page width="([\d.]+)"[^>]*>(.*?)</page>', bbox, re.S), 1):
        for x_min, x_max, word in re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>(.*?)</word>',
                                             body):
            assert 0 <= float(x_min) and float(x_max) <= float(width), f"page {n}: '{word}' runs off the page"


def site_palette() -> dict[str, str]:
    """The site's own colours: the custom properties of docs/assets/extra.css's custom palette (light scheme)."""
    css = (ROOT / "docs" / "assets" / "extra.css").read_text(encoding="utf-8")
    block = re.search(r'\[data-md-color-primary="custom"\]\s*\{(.*?)\}', css, re.S)
    assert block, "docs/assets/extra.css: no [data-md-color-primary=\"custom\"] palette"
    return {name: value.lower() for name, value in re.findall(r"(--[\w-]+):\s*(#[0-9a-fA-F]{6})\b", block.group(1))}


def pdf_palette() -> dict[str, str]:
    from macros.render import print_document as pdf

    return {k: v.lower() for k, v in pdf.palette((ROOT / "overrides" / "pdf" / "report.css").read_text(encoding="utf-8")).items()}


def rgb(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))


def test_the_pdf_is_in_the_sites_palette():
    """Issue 12: the PDF's colours are the site's (navy, its figure colour, tint and muted grey), under the site's
    names, and its print CSS and chart colours name no colour outside that palette (the old teal crept back that
    way). White is the only literal allowed: text on the navy pages."""
    site, ours = site_palette(), pdf_palette()
    shared = {"--md-primary-fg-color", "--esg-figure", "--esg-tint", "--esg-muted"}
    assert shared <= set(site) and shared <= set(ours), (sorted(site), sorted(ours))
    assert {k: ours[k] for k in site if k in ours} == {k: site[k] for k in site if k in ours}
    for name in ("report.css", "chart.css"):
        css = re.sub(r"/\*.*?\*/", "", (ROOT / "overrides" / "pdf" / name).read_text(encoding="utf-8"), flags=re.S)
        css = re.sub(r":root\s*\{.*?\}", "", css, flags=re.S)  # the palette itself
        literals = {c.lower() for c in re.findall(r"#[0-9a-fA-F]{3,6}\b", css)} - {"#fff", "#ffffff"}
        assert not literals, f"overrides/pdf/{name}: colours outside the palette {sorted(literals)}"
        assert re.search(r"var\(--md-primary-fg-color\)", css), f"overrides/pdf/{name} does not use the site's navy"




@pytest.mark.parametrize("lang", LANGS)
def test_charts_are_drawn_in_colour(site, pdfs, lang, tmp_path):
    """The bar charts take their colours from CSS variables on the site; in the PDF the earlier year's grey and the
    report year's bar in the site's navy (docs/assets/extra.css) must show. Rendered like a viewer would, the
    appendix's pages hold both colours in solid areas."""
    from PIL import Image

    start = next(page for title, page, _ in outline(pdfs[lang]["reader"])
                 if squash(title) == squash(h1(site, "kpis", lang)))
    charts = article(html_path(site, "kpis", lang)).count('<figure class="esg-chart">')
    assert charts
    run("pdftoppm", "-r", "30", "-png", "-f", str(start), "-l", str(start + 8), str(pdfs[lang]["path"]),
        str(tmp_path / "p"))
    colours = {"navy": rgb(site_palette()["--md-primary-fg-color"]), "grey": rgb(pdf_palette()["--pdf-bar-prev"])}
    counts = dict.fromkeys(colours, 0)
    for png in tmp_path.glob("p-*.png"):
        image = Image.open(png).convert("RGB")
        for count, pixel in image.getcolors(image.width * image.height):
            for name, colour in colours.items():
                if sum(abs(a - b) for a, b in zip(pixel, colour)) <= 12:
                    counts[name] += count
    # a full-length bar is ~4 x 75 px at 30 dpi; every chart has at least one of each colour
    assert all(n >= 100 * charts for n in counts.values()), counts


# ── fonts, metadata, structure ───────────────────────────────────────────────
# The faces each edition must show (PostScript names as pdffonts prints them): Chinese in Noto Sans CJK of its own
# script; English in a Latin text face with real italics and bold, Chinese quoted in it in the Traditional face.
CJK_FACE = {"zh-Hant": "Noto-Sans-CJK-TC", "en": "Noto-Sans-CJK-TC", "zh-Hans": "Noto-Sans-CJK-SC"}
LATIN_FACES = {"en": {"Noto-Serif", "Noto-Serif-Italic", "Noto-Serif-Bold", "Noto-Sans", "Noto-Sans-Bold"}}


def fonts(path: Path) -> list[tuple[str, str, str]]:
    """(name without subset tag, embedded, subsetted) of every font pdffonts lists."""
    rows = run("pdffonts", str(path)).splitlines()[2:]
    return [(row.split()[0].split("+", 1)[-1], row.split()[-5], row.split()[-4]) for row in rows]


@pytest.mark.parametrize("lang", LANGS)
def test_fonts_are_embedded_subsetted_and_made_for_each_script(pdfs, lang):
    found = fonts(pdfs[lang]["path"])
    names = {name for name, _, _ in found}
    assert found
    assert all(emb == "yes" and sub == "yes" for _, emb, sub in found), found
    assert not [n for n in names if "Oblique" in n], f"a slanted copy of an upright face (no real italic): {names}"
    cjk = {name for name in names if "CJK" in name}
    assert cjk and all(name.startswith(CJK_FACE[lang]) for name in cjk), f"Chinese set in {cjk}, not {CJK_FACE[lang]}"
    latin = LATIN_FACES.get(lang, set())
    if not latin:  # a Chinese edition: its text and headings in the Regular and Bold of its face
        assert {CJK_FACE[lang], f"{CJK_FACE[lang]}-Bold"} <= cjk, f"no Regular and Bold of {CJK_FACE[lang]}: {cjk}"
    assert latin <= names, f"{pdf_name(lang)}: missing Latin faces {latin - names} (has {names})"
    if latin:  # the Latin text is not set in the CJK face's Latin letters
        assert any(n.endswith("Italic") and "CJK" not in n for n in names), names


@pytest.mark.parametrize("lang", LANGS)
def test_document_metadata(site, pdfs, lang):
    info, reader = pdfs[lang]["info"], pdfs[lang]["reader"]
    assert info["Title"] == h1(site, "index", lang)
    assert info["Author"] == author(lang)
    assert info["Tagged"] == "yes"  # PDF/UA-1: headings, tables and reading order for screen readers
    assert reader.trailer["/Root"]["/Lang"] == lang
    assert pdfs[lang]["path"].stat().st_size <= MAX_BYTES


def outline_tree(reader, items=None) -> list[tuple[str, int, list]]:
    """The whole outline: [(title, page number, [children, likewise])]."""
    out = []
    for item in reader.outline if items is None else items:
        if isinstance(item, list):
            out[-1][2].extend(outline_tree(reader, item))
        else:
            out.append((item.title, reader.get_destination_page_number(item) + 1, []))
    return out


@pytest.mark.parametrize("lang", LANGS)
def test_bookmarks_follow_the_chapters_and_the_contents_page_numbers(site, pdfs, lang):
    """Bookmarks in nav order, each on its chapter's first page, its sections under it; a page that is a part of a
    printed chapter (chapter 三) is a bookmark under that chapter's, with its sections under it (issue 24: the
    outline had three chapters numbered 三). The contents list each chapter with a dotted leader and that page. (A
    title that just fills its line must still get its dots: "2. Digital Marketing … Reduce Costs" once ran into its
    page number.)"""
    reader, pages = pdfs[lang]["reader"], pdfs[lang]["pages"]
    marks = outline_tree(reader)
    assert squash(marks[0][0]) == squash(h1(site, "index", lang)) and marks[0][1] == 1
    parts = printed_parts(site, lang)
    # the bookmarks of the pages, in order: (slug, title, page, children), a part's found under its chapter's
    expected_top = list(dict.fromkeys(parts[s][0] if s in parts else h1(site, s, lang) for s in nav_slugs()[1:]))
    top = [mark for mark in marks if squash(mark[0]) in {squash(t) for t in expected_top}]
    assert [squash(t) for t, _, _ in top] == [squash(t) for t in expected_top]
    by_title = {squash(t): (page, children) for t, page, children in top}
    found = []
    for slug in nav_slugs()[1:]:
        if slug in parts:
            chapter, part = parts[slug]
            page, children = next((p, c) for t, p, c in by_title[squash(chapter)][1] if squash(t) == squash(part))
            title = part
        else:
            title = h1(site, slug, lang)
            page, children = by_title[squash(title)]
        found.append((slug, title, page, children))
    for chapter in {chapter for chapter, _ in parts.values()}:
        first = next(page for slug, _, page, _ in found if parts.get(slug, ("",))[0] == chapter)
        assert by_title[squash(chapter)][0] == first, f"bookmark '{chapter}' is not on its first part's page"
    # the pages between the cover and the first chapter, their lines as laid out: without -layout, pdftotext reads a
    # contents page's last entries' numbers after its footer once the list runs onto a second page
    contents = "".join(pdfs[lang]["layout"].split("\f")[1:found[0][2] - 1])
    for slug, title, page, children in found:
        assert squash(title) in squash(pages[page - 1]), f"bookmark '{title}' points to page {page}"
        assert [squash(t) for t, _, _ in children] == [squash(t) for t in headings(site, slug, lang, 2)]
        listed = re.search(r"\s*".join(map(re.escape, squash(title))) + r"\s*\.{3,}\s*(\d+)", contents)
        assert listed and int(listed.group(1)) == page, f"contents: '{title}' not on page {page}"


def printed_parts(site: Path, lang: str) -> dict[str, tuple[str, str]]:
    """{slug: (printed chapter, part title)} of the pages that are parts of one printed chapter: consecutive pages of
    a menu section (data/menu.yaml) whose titles begin with the same "chapter：" (chapter 三's pages; a page added to
    the section with a title of its own is not a part)."""
    from macros.model.dataset import cached_dataset

    out = {}
    for item in cached_dataset(ROOT).menu:
        run: list[tuple[str, str, str]] = []   # (slug, chapter, part) of consecutive pages sharing a chapter so far
        for slug in [child.page for child in item.pages] + [None]:   # None: the section's end
            title = h1(site, slug, lang) if slug else ""
            chapter, colon, part = (re.split(r"\s*([:：])\s*", title, maxsplit=1) + ["", ""])[:3]
            if run and (not colon or chapter != run[0][1]):
                if len(run) > 1:
                    out |= {s: (c, p) for s, c, p in run}
                run = []
            if colon:
                run.append((slug, chapter, part))
    return out


@pytest.mark.parametrize("lang", LANGS)
def test_a_chapter_of_several_parts_is_printed_once(site, pdfs, lang):
    """Issue 24: chapter 三 is one chapter of the printed report with three parts; the contents list its title once,
    then each part with its own sections (it listed three chapters numbered 三、)."""
    parts = printed_parts(site, lang)
    assert len(parts) >= 2, f"no section of data/menu.yaml prints as a chapter of parts: {parts}"
    first = squash(h1(site, nav_slugs()[1], lang))   # the first chapter: the contents are the pages before it
    start = next(page for title, page, _ in outline(pdfs[lang]["reader"]) if squash(title) == first)
    # the contents' pages: those before the first chapter that carry the contents' dotted leaders (the home page's
    # highlights and chapter list, printed before the first chapter too, have none)
    contents = squash("".join(p for p in pdfs[lang]["pages"][1:start - 1] if "....." in p))
    for chapter in {chapter for chapter, _ in parts.values()}:
        assert contents.count(squash(chapter)) == 1, f"contents: '{chapter}' listed {contents.count(squash(chapter))} times"
    for chapter, part in parts.values():
        assert squash(part) in contents, f"contents: part '{part}' of '{chapter}' missing"
    # the body heads the chapter once and each part by its own title; the part's whole page title ("三、…：重視人才培養")
    # is the running head's only
    height = float(pdfs[lang]["info"]["Page size"].split()[2])
    body = "".join(squash(line[4]) for page in bbox_lines(pdfs[lang]["path"])[start - 1:-1]
                   for line in body_lines(page, height))
    for chapter in {chapter for chapter, _ in parts.values()}:
        assert body.count(squash(chapter)) == 1, f"the body heads '{chapter}' {body.count(squash(chapter))} times"
    for slug, (chapter, part) in parts.items():
        assert squash(part) in body, f"the body does not head the part '{part}'"
        assert squash(h1(site, slug, lang)) not in body, f"'{h1(site, slug, lang)}' in the body"




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
    for slug in chapter_slugs():  # the downloads centre lists every edition's PDF (tests/test_download_centre.py)
        path = html_path(site, slug, lang)
        links = [(path.parent / a["href"]).resolve() for t, a in tags(path)
                 if t == "a" and a.get("href", "").endswith(".pdf")]
        if slug == "downloads":  # the downloads centre lists every edition's PDF (tests/test_download_centre.py)
            assert set(links) == {(site / pdf_name(x)).resolve() for x in LANGS}, f"{lang}: PDF links {links}"
            continue
        assert links and set(links) == {target}, f"{slug} {lang}: PDF links {links}"
        if slug in ("index", "kpis"):  # the footer's link and one in the page itself
            assert len(links) >= 2, f"{slug} {lang}: no PDF link in the page body"


# ── a typeset publication ───────────────────────────────────────────────────
@functools.lru_cache(maxsize=None)   # a PDF of the session's site does not change; several tests read each
def word_boxes_xml(path: Path) -> str:
    """pdftotext -bbox of the PDF: every word with its box (0.7 CPU-s a PDF)."""
    return run("pdftotext", "-bbox", str(path), "-")


@functools.lru_cache(maxsize=None)
def words(path: Path) -> list[list[tuple[float, float, float, float, str]]]:
    """Per page, every word with its box (x0, y0, x1, y1 from the top left, in points), from pdftotext -bbox."""
    bbox = word_boxes_xml(path)
    pages = []
    for body in re.findall(r"<page [^>]*>(.*?)</page>", bbox, re.S):
        pages.append([(float(x0), float(y0), float(x1), float(y1), html.unescape(word)) for x0, y0, x1, y1, word in
                      re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>',
                                 body)])
    return pages


def page_of(pdf: dict, title: str) -> int:
    return next(page for t, page, _ in outline(pdf["reader"]) if squash(t) == squash(title))


@pytest.mark.parametrize("lang", LANGS)
def test_content_index_gives_the_page_of_every_section_it_points_to(site, pdfs, dataset, lang):
    """Every section a Guide item points to is a link in the content index, printed with a page number; that number is
    the page where the link lands (its named destination: the heading), and that page shows the heading."""
    pdf, reader = pdfs[lang], pdfs[lang]["reader"]
    start = page_of(pdf, h1(site, "content-index", lang))
    layout = words(pdf["path"])
    destinations = {name: reader.get_destination_page_number(dest) + 1
                    for name, dest in reader.named_destinations.items()}
    heights = [float(page.mediabox.height) for page in reader.pages]
    links = []  # (destination, printed page number), one per link
    for n in range(start, len(reader.pages) + 1):
        groups = []  # a link is several boxes in a row (one per line, its leader, its number), touching each other
        for annot in reader.pages[n - 1].get("/Annots") or []:
            annot = annot.get_object()
            if annot.get("/Subtype") == "/Link" and annot.get("/Dest") is not None:
                x0, y0, x1, y1 = (float(v) for v in annot["/Rect"])
                box = (min(x0, x1), heights[n - 1] - max(y0, y1), max(x0, x1), heights[n - 1] - min(y0, y1))
                dest = str(annot["/Dest"])
                if groups and groups[-1][0] == dest and box[1] <= max(b[3] for b in groups[-1][1]) + 1:
                    groups[-1][1].append(box)
                else:
                    groups.append((dest, [box]))
        for dest, boxes in groups:
            inside = sorted({w for w in layout[n - 1] for x0, top, x1, bottom in boxes if w[0] >= x0 - 1
                             and w[2] <= x1 + 1 and top < (w[1] + w[3]) / 2 < bottom}, key=lambda w: (w[1], w[0]))
            number = re.search(r"(\d+)$", "".join(w[4] for w in inside))
            links.append((dest, int(number.group(1)) if number else None))
    expected = sum(len(m.sections) for m in dataset.content_index.values() if not m.not_applicable)
    assert len(links) == expected, f"{len(links)} links with a page in the content index, the data maps {expected}"
    pages = pdf["pages"]
    for dest, number in links:
        assert number is not None, f"content index: the link to #{dest} shows no page number"
        assert number == destinations[dest], f"content index: #{dest} printed as page {number}, is on {destinations[dest]}"
        heading = re.search(rf'<h[1-6] id="{re.escape(dest.split("--")[-1])}"[^>]*>(.*?)</h[1-6]>',
                            article(html_path(site, dest.split("--")[0], lang)), re.S)
        if "--" in dest and heading:
            text = html.unescape(re.sub(r"<[^>]+>", "", re.sub(r'<a class="headerlink".*?</a>', "", heading.group(1))))
            assert squash(text) in squash(pages[number - 1]), f"page {number} does not show '{text}'"


@pytest.mark.parametrize("lang", LANGS)
def test_no_page_ends_with_a_heading(site, pdfs, dataset, lang):
    """A heading keeps the text that follows it: no page's last line (or last lines, a heading of two or three lines)
    is a heading of the report, nor a group row of the content index (area, category, aspect: "Aspect B2: Health and
    Safety" was stranded at a page's foot). The page's footnotes (our notes) come after its text and are left out.
    Whole lines: a drawing's last label that a heading also names (綠色數據中心, "5 綠色數據中心" in the material
    issues) is not a heading."""
    titles = {squash(t) for slug in page_slugs() for level in (2, 3, 4) for t in headings(site, slug, lang, level)}
    groups = {squash(html.unescape(re.sub(r"<[^>]+>", "", row))) for row in re.findall(
        r'<tr class="esg-ci-(?:area|cat|aspect)"[^>]*>(.*?)</tr>', article(html_path(site, "content-index", lang)), re.S)}
    assert len(groups) >= 10, groups
    titles |= groups
    note = squash(dataset.report.t_text("pdf_note", lang, text="\0").split("\0")[0])
    height = float(pdfs[lang]["info"]["Page size"].split()[2])
    pages = bbox_lines(pdfs[lang]["path"])
    checked = 0
    for n, page in enumerate(pages[1:-1], start=2):
        # in the order they stand on the page, top to bottom: the PDF's own order may write a table's group row after
        # the rows below it (an added KPI row and paragraph moved 層面B3 to the middle of page 47 of the content
        # index, and read in the PDF's order it was the page's last line)
        lines = sorted(body_lines(page, height), key=lambda line: line[1])
        notes = [line[1] for line in lines if re.match(rf"\d+\.{re.escape(note)}", squash(line[4]))]
        lines = [squash(line[4]) for line in lines if not notes or line[1] < min(notes)]
        ends = {"".join(lines[-k:]) for k in (1, 2, 3) if len(lines) >= k} & titles
        checked += bool(lines)
        assert not ends, f"page {n} ends with the heading {ends}"
    assert checked > len(pages) / 2


@pytest.mark.parametrize("lang", LANGS)
def test_kpi_charts_stay_with_their_heading_and_caption(site, pdfs, lang):
    """Each KPI chart is on the page of its caption and of its table's last row, and the table's heading on the page
    of its first row. A long table runs on over pages (its header repeated) rather than leave half a page empty
    before it (issue 24). The table's wrapper carries more classes than esg-table since the cards for phones:
    `esg-table esg-kpi`; the renderer writes each heading, table and chart as one block (KPI_BLOCK_CLASS)."""
    from macros.render.tables import KPI_BLOCK_CLASS

    body = article(html_path(site, "kpis", lang))
    blocks = [found.groups() for chunk in body.split(f'<div class="{KPI_BLOCK_CLASS}">')[1:]
              for found in [re.match(r'\s*<h3[^>]*>(.*?)</h3>(?:(?!<h3).)*?(<table\b.*?</table>)(?:(?!<h3).)*?'
                                     r'<figure class="esg-chart">.*?<figcaption>(.*?)</figcaption>', chunk, re.S)] if found]
    assert blocks and len(blocks) == body.count('<figure class="esg-chart">')
    pages = [squash(p) for p in pdfs[lang]["pages"]]

    def text(fragment: str) -> str:
        return squash(html.unescape(re.sub(r"<[^>]+>", "", re.sub(r'<a class="headerlink".*?</a>', "", fragment))))

    for heading, table, caption in blocks:
        heading, caption = text(heading), text(caption)
        # each row's label, without our note and without "of which" (printed once a group: macros/render/tables.py)
        rows = [text(re.sub(r"<small.*?</small>|<span class=\"esg-of[^\"]*\">.*?</span>", "", label)) for label in
                re.findall(r"<th scope=\"row\"[^>]*>(.*?)</th>", table, re.S)]
        on = [n for n, page in enumerate(pages, 1) if caption in page]
        assert on, f"chart caption '{caption}' not in the PDF"
        assert rows[-1] in pages[on[0] - 1], f"chart '{caption}' on page {on[0]}, away from its table's last row"
        first = [n for n, page in enumerate(pages[: on[0]], 1) if rows[0] in page][-1]
        assert heading in pages[first - 1], f"'{heading}' is not on page {first}, where its table starts"


@pytest.mark.parametrize("lang", LANGS)
def test_short_terms_in_tables_are_not_broken(site, pdfs, lang):
    """A narrative table's cell that holds one short term prints on one line, as a column of its own.

    The subject: the narrow first columns of the narrative's Markdown tables — committees (審核委員會), stakeholders
    (政府與監管機構), feedback channels (客戶服務熱線), training groups (中高管理層). Chinese text may break between any two
    characters, so an automatic table layout squeezes such a column and breaks the term ("政府與監|管機構"). It was
    the lines-of-defence table's 第一道防線 until that table became a drawn diagram, whose lines the build sets
    itself (SVG text: nothing for the typesetter to break); the Chinese editions must still have terms of five or more
    characters to check, so that the rule is tested on terms a narrow column would break."""
    layout = pdfs[lang]["layout"]
    terms = set()
    for slug in page_slugs():
        # the narrative's Markdown tables: no class (data-cards: labelled for phones, macros/render/table_cards.py)
        for table in re.findall(r"<table(?: data-cards=\"row\")?>.*?</table>", article(html_path(site, slug, lang)),
                                re.S):
            for cell in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", table, re.S):
                text = html.unescape(re.sub(r"<[^>]+>", "", cell)).strip()
                if text and len(text) <= 8 and not re.search(r"\s", text):
                    terms.add(text)
    if lang != "en":
        long_terms = [t for t in terms if len(re.findall(r"[\u4e00-\u9fff]", t)) >= 5]
        assert len(long_terms) >= 3, f"too few Chinese terms of five or more characters in tables: {sorted(terms)}"
    broken = [t for t in terms if not re.search(rf"(^|\s){re.escape(t)}(\s|$)", layout, re.M)]
    assert not broken, f"terms broken over lines in {pdf_name(lang)}: {broken}"


def language_name(lang: str) -> str:
    config = mkdocs_config()
    i18n = next(p["i18n"] for p in config["plugins"] if isinstance(p, dict) and "i18n" in p)
    return next(lc["name"] for lc in i18n["languages"] if lc["locale"] == lang)


@pytest.mark.parametrize("lang", LANGS)
def test_cover_and_back_page(site, pdfs, dataset, lang):
    """The cover: year, title, company, the edition's language. The back page: the report's feedback section with its
    address, and which edition prevails (a converted edition says it is converted from the one that prevails)."""
    cover, back = squash(pdfs[lang]["pages"][0]), squash(pdfs[lang]["pages"][-1])
    for text in (str(dataset.report.year), h1(site, "index", lang), author(lang), language_name(lang)):
        assert squash(text) in cover, f"cover of {pdf_name(lang)} lacks '{text}'"
    feedback = re.search(r'<h2 id="feedback".*?(?=<h2|$)', article(html_path(site, "about-this-report", lang)), re.S)
    address = re.search(r'href="mailto:([^"]+)"', feedback.group(0)).group(1)
    generated = lang in dataset.report.locales.generated
    prevails = dataset.report.t("converted_notice" if generated else "pdf_prevails", lang)
    for text in (headings(site, "about-this-report", lang, 2)[-1], address, prevails, author(lang)):
        assert squash(text) in back, f"back page of {pdf_name(lang)} lacks '{text}'"
    if generated:  # said on the cover too
        assert squash(prevails) in cover, f"cover of {pdf_name(lang)} does not say it is converted"
    assert headings(site, "about-this-report", lang, 2)[-1] == html.unescape(
        re.sub(r"<[^>]+>", "", re.sub(r'<a class="headerlink".*?</a>', "", feedback.group(0).split("</h2>")[0])))


def test_a_face_that_is_not_installed_stops_the_build():
    """data/report.yaml's pdf_font must name installed families: WeasyPrint would quietly use another face."""
    from macros.render import typesetting as pdf
    from macros.render.typesetting import TypesettingError

    installed = pdf.installed_families()
    assert {"noto serif", "noto sans", "noto sans cjk tc", "noto sans cjk sc"} <= installed
    pdf.check_faces({"en": ["Noto Serif", "Noto Sans"]}, installed)
    with pytest.raises(TypesettingError, match=r"data/report\.yaml.*edition en: 'Noto Sreif'.*fonts-noto-core"):
        pdf.check_faces({"en": ["Noto Sreif", "Noto Sans"]}, installed)


# ── typesetting: hyphenation, measure, subscripts (issue 24) ─────────────────
HYPHEN = "\u2010"   # the hyphen WeasyPrint adds at a break (a word's own hyphen is "-")
# breaks a typesetter rejects: pyphen's en_GB patterns make them (envir-onmental); the PDF's patterns must not
KNOWN_BAD_BREAKS = ["envir|onmental", "envir|on", "literat|ure", "lit|er|at|ure", "statist|ics", "stat|ist",
                    "innov|ation", "inform|ation", "respons|ib", "commun|ic", "pro|gress", "compan|ies", "capab|il",
                    "op|er|at", "ment|al", "gov|ernance"]
MM = 72 / 25.4


@functools.lru_cache(maxsize=None)   # eight tests read each PDF's lines: pdftotext ran 24 times
def bbox_lines(path: Path) -> list[list[tuple[float, float, float, float, str]]]:
    """Per page, its lines in reading order: (x_min, y_min, x_max, y_max, text), from pdftotext -bbox-layout."""
    out = run("pdftotext", "-bbox-layout", str(path), "-")
    pages = []
    for body in re.findall(r"<page [^>]*>(.*?)</page>", out, re.S):
        pages.append([(float(a), float(b), float(c), float(d),
                       " ".join(html.unescape(w) for w in re.findall(r"<word[^>]*>(.*?)</word>", words)))
                      for a, b, c, d, words in re.findall(r'<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                                                          r'yMax="([\d.]+)">(.*?)</line>', body, re.S)])
    return pages


def body_lines(page: list, height: float) -> list:
    """The lines of a page between its running head and its footer (the page's margins: report.css @page)."""
    return [line for line in page if 22 * MM - 2 < line[1] and line[3] < height - 20 * MM]


def hyphenated_breaks(pdf) -> list[tuple[int, str, str, int, bool, bool]]:
    """Every word the typesetter broke: (page, head, tail, position in a run of broken lines, last line of page, tail
    alone on its line)."""
    height = float(pdf["info"]["Page size"].split()[2])
    breaks = []
    for n, page in enumerate(bbox_lines(pdf["path"]), 1):
        lines, run_length = body_lines(page, height), 0
        for i, line in enumerate(lines):
            if not line[4].endswith(HYPHEN):
                run_length = 0
                continue
            run_length += 1
            following = lines[i + 1][4].split() if i + 1 < len(lines) else [""]
            breaks.append((n, line[4].split()[-1][:-1], following[0], run_length, i + 1 == len(lines),
                           len(following) == 1))
    return breaks


def paragraph_last_words(site: Path, lang: str) -> set[str]:
    words = set()
    for slug in chapter_slugs():
        for block in re.findall(r"<(p|li|dd)\b[^>]*>(.*?)</\1>", article(html_path(site, slug, lang)), re.S):
            text = re.findall(r"[A-Za-z\u00c0-\u024f'\u2019]+", html.unescape(re.sub(r"<[^>]+>", " ", block[1])))
            if text:
                words.add(text[-1])
    return words


def test_english_hyphenation_a_typesetter_would_sign(site, pdfs):
    """Issue 24: the English PDF breaks words as a typesetter would: patterns whose breaks are right (pyphen's en_US:
    en-vi-ron-men-tal; never en_GB's envir-onmental), no break in a word under 7 letters or leaving fewer than 3
    letters on a side, at most 2 broken lines in a row, never a paragraph's last word, never the last line of a page,
    never an address."""
    import pyphen

    patterns = pyphen.Pyphen(lang="en_US")
    breaks = hyphenated_breaks(pdfs["en"])
    assert breaks, "no broken word at all: is the English text still hyphenated?"
    last_words = paragraph_last_words(site, "en")
    problems = []
    for page, head, tail, run_length, page_end, alone in breaks:
        word = re.sub(r"[^A-Za-z\u00c0-\u024f'\u2019-]+$", "", tail)
        whole = re.sub(r"^\W+", "", head) + word
        stem = re.sub(r"^\W+", "", head).split("-")[-1]   # the part of a compound (anti-corruption) that was broken
        if page_end:
            problems.append(f"p{page} '{head}-' breaks across the page")
            continue
        if run_length > 2:
            problems.append(f"p{page} '{head}-{word}' is the {run_length}th broken line in a row")
        if len(stem) < 3 or len(word.split("-")[0]) < 3 or len(stem + word.split("-")[0]) < 7:
            problems.append(f"p{page} '{head}-{word}': under 7 letters or under 3 on a side")
        part = (stem + word.split("-")[0]).lower()
        if len(stem) not in patterns.positions(part):
            problems.append(f"p{page} '{head}-{word}': not a break of the en_US patterns ({patterns.inserted(part)})")
        if any(bad.replace("|", "") in part and part.startswith(stem.lower()) and bad.split("|")[0] == stem.lower()
               for bad in KNOWN_BAD_BREAKS):
            problems.append(f"p{page} '{head}-{word}': a known bad break")
        if re.search(r"://|www\.|@", whole):
            problems.append(f"p{page} '{head}-{word}': an address broken")
        if whole in last_words and alone:
            problems.append(f"p{page} '{head}-{word}': a paragraph's last word broken")
    assert not problems, "\n".join(problems)


def test_known_bad_breaks_are_what_the_other_patterns_make():
    """The list of bad breaks above is real: pyphen's en_GB patterns (the report's own English) make them, and en_US,
    chosen for the PDF in data/report.yaml, makes none of them."""
    import pyphen

    gb, us = pyphen.Pyphen(lang="en_GB"), pyphen.Pyphen(lang="en_US")
    for word, bad in (("environmental", "envir"), ("literature", "literat"), ("statistics", "statist"),
                      ("information", "inform"), ("innovation", "innov")):
        assert len(bad) in gb.positions(word) and len(bad) not in us.positions(word), word
    from macros.model.dataset import load_dataset

    assert load_dataset(ROOT).report.editions["en"].spec.pdf_hyphenation == "en_US"


MEASURE = {"en": (60, 75), "zh-Hant": (35, 45), "zh-Hans": (35, 45)}   # characters a full line of running text


@pytest.mark.parametrize("lang", LANGS)
def test_running_text_has_a_measure_made_for_reading(pdfs, lang):
    """Issue 24: a full line of the chapters' running text holds 60–75 Latin or 35–45 Chinese characters (it held about
    107 and 78). Full lines: those that start where most lines of text start (the column; a table's cells start
    elsewhere) and end less than a character (10 pt) from the text area's right edge (Chinese lines, justified without
    spaces to stretch, end up to a character short of it)."""
    from collections import Counter

    pdf = pdfs[lang]
    height = float(pdf["info"]["Page size"].split()[2])
    width = float(pdf["info"]["Page size"].split()[0])
    right = width - 19 * MM   # the page's right margin (report.css @page)
    lines = [line for page in bbox_lines(pdf["path"])[2:-1] for line in body_lines(page, height)
             if len(line[4]) > 20 and right - line[2] < 10]
    column = Counter(round(line[0]) for line in lines).most_common(1)[0][0]
    assert column > 19 * MM + 20 * MM, f"{pdf_name(lang)}: the text starts {column} pt from the edge: no side margin"
    lengths = [len(line[4]) for line in lines if round(line[0]) == column]
    assert len(lengths) > 200, f"only {len(lengths)} full lines of text found"
    lengths.sort()
    low, high = MEASURE[lang]
    median = lengths[len(lengths) // 2]
    assert low <= median <= high, f"{pdf_name(lang)}: full lines hold {median} characters (median), not {low}–{high}"


@pytest.mark.parametrize("lang", LANGS)
def test_co2e_is_set_with_a_subscript(pdfs, lang):
    """Issue 24: wherever the report writes CO2e (tCO2e, CO2), the 2 is a subscript: smaller and lower than its CO."""
    words = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>',
                       word_boxes_xml(pdfs[lang]["path"]))
    inline = [w[4] for w in words if re.search(r"CO2", w[4])]
    assert not inline, f"{pdf_name(lang)}: CO2 set on the line: {inline[:5]}"
    cos = [w for w in words if re.fullmatch(r"\W*t?CO", w[4])]
    assert cos or lang != "en", "the English report writes tCO2e: none found"
    for x0, y0, x1, y1, text in cos:
        two = [w for w in words if w[4].startswith("2") and abs(float(w[0]) - float(x1)) < 1.5
               and abs(float(w[1]) - float(y0)) < 12]
        assert two, f"'{text}' at {x1},{y0} has no subscript 2 beside it"
        assert float(two[0][3]) - float(two[0][1]) < 0.85 * (float(y1) - float(y0)), "the 2 is not smaller"
        assert float(two[0][3]) > float(y1), "the 2 is not lowered"




def test_co2_is_subscripted_in_text_and_drawings_never_in_markup_or_code():
    """macros/render/quotes.py subscript_co2, which the site's pages (and so the PDF) go through: <sub>2</sub> in text,
    the subscript character in SVG text (which holds no markup), nothing in attributes, code, or other words."""
    from macros.render.quotes import subscript_co2

    out = subscript_co2('<dd>emissions of 10 tCO2e and CO2</dd><svg><text>tCO2e of the department</text></svg>'
                        '<a title="CO2" href="#co2">CO2e</a><code>CO2</code>')
    assert out == ('<dd>emissions of 10 tCO<sub>2</sub>e and CO<sub>2</sub></dd>'
                   '<svg><text>tCO\u2082e of the department</text></svg>'
                   '<a title="CO2" href="#co2">CO<sub>2</sub>e</a><code>CO2</code>')
    assert subscript_co2("<p>CO2-rich, SCO2x, CO20</p>") == "<p>CO<sub>2</sub>-rich, SCO2x, CO20</p>"


# ── a document's own voice (issue 24) ───────────────────────────────────────
@pytest.mark.parametrize("lang", LANGS)
def test_the_pdf_speaks_as_a_document_not_as_the_website(site, pdfs, dataset, lang):
    """Words of the pages that only make sense on the site (marked esg-web-only: "select a section to go to it",
    "Every figure comes from the site's data files", "This online edition") are on the site and not in the PDF; our
    notes (website_note), marked "Website note:" on the site, are the PDF's footnotes, "Editor's note: …"."""
    text = squash("".join(pdfs[lang]["pages"]))
    web_only, notes = [], []
    for slug in chapter_slugs():
        page = article(html_path(site, slug, lang))
        web_only += [html.unescape(re.sub(r"<[^>]+>", "", t)) for t in
                     re.findall(r'<span class="esg-web-only">(.*?)</span>', page, re.S)]
        notes += [html.unescape(re.sub(r"<[^>]+>", "", t)) for t in
                  re.findall(r'<small class="esg-site-note">(.*?)</small>', page, re.S)]
    assert len(web_only) >= 3 and len(notes) >= 8, (web_only, notes)
    for words in web_only:
        assert squash(words) not in text, f"{pdf_name(lang)} prints the website's words '{words}'"
    before, after = dataset.report.t("website_note", lang, text="\0").split("\0")
    assert squash(before) not in text, f"{pdf_name(lang)} still says '{before}'"
    for note in notes:
        assert note.startswith(before) and note.endswith(after), note
        own = dataset.report.t("pdf_note", lang, text=note[len(before):len(note) - len(after)])
        assert squash(own) in text, f"{pdf_name(lang)}: the note '{own}' is not printed"




@pytest.mark.parametrize("lang", LANGS)
def test_cover_and_back_page_say_how_to_reach_the_company(pdfs, dataset, lang):
    """Issue 24: the cover and the back page carry the company's IR website (https) and the back page its e-mail (and
    registered address, when data/report.yaml gives one), all from data. The site's address is printed only when it is
    the real one (the deploy's SITE_URL): the session's build has none, so its stand-in address is nowhere."""
    contact = dataset.report.info.contact
    cover, back = squash(pdfs[lang]["pages"][0]), squash(pdfs[lang]["pages"][-1])
    assert contact.ir_website in cover and contact.ir_website in back
    assert contact.email in back
    if contact.registered_address:
        assert squash(contact.registered_address.get(lang)) in back
    import os

    if not os.environ.get("SITE_URL"):
        stand_in = site_url().rstrip("/")
        assert all(stand_in not in page for page in pdfs[lang]["pages"]), "the stand-in address is printed"




@pytest.mark.parametrize("lang", [lang for lang in LANGS if lang.startswith("zh")])
def test_no_chinese_paragraph_ends_on_a_line_of_one_character(pdfs, lang):
    """Issue 24: a Chinese paragraph's last line holds at least two characters ("力。" alone was on 8 lines). Lines of
    running text: those that start where many long lines start (the text column and its lists; a table's one-character
    cells, such as the unit 人, start elsewhere)."""
    from collections import Counter

    pdf = pdfs[lang]
    height = float(pdf["info"]["Page size"].split()[2])
    pages = [body_lines(page, height) for page in bbox_lines(pdf["path"])[2:-1]]
    starts = Counter(round(line[0]) for page in pages for line in page if len(line[4]) > 20)
    columns = {x for x, count in starts.items() if count >= 20}
    alone = [(n, line[4]) for n, page in enumerate(pages, 3) for line in page if round(line[0]) in columns
             and re.fullmatch(r"[\u3400-\u9fff][\u3000-\u303f\uff00-\uffef）」』]*", line[4].strip())]
    assert columns and not alone, f"{pdf_name(lang)}: lines of one character: {alone}"


def test_quotes_in_text_rendered_from_data_are_curled():
    """macros/render/quotes.py: text nodes get typographic quotes, whether typed or escaped by html.escape; markup,
    attributes, code and drawings keep theirs; a quote after a bracket, space or new block opens."""
    from macros.render.quotes import curl_quotes

    assert curl_quotes('<p>the &quot;Pengcheng Award&quot; of the People&#x27;s Republic ("q")</p>') == \
        "<p>the \u201cPengcheng Award\u201d of the People\u2019s Republic (\u201cq\u201d)</p>"
    assert curl_quotes("<p>(kWh in '000s)</p>") == "<p>(kWh in \u2019000s)</p>"
    assert curl_quotes("<li><em>\"Care\"</em> is the Company's</li>") == \
        "<li><em>\u201cCare\u201d</em> is the Company\u2019s</li>"
    kept = '<a href="x\'y" title="a &quot;b&quot;">x</a><code>a="b"</code><svg><text>it\'s</text></svg>'
    assert curl_quotes(kept) == kept


def test_english_pdf_has_no_straight_quotes(pdfs):
    """Issue 24: 199 straight quotes and apostrophes were counted in the English PDF; none is left (the Markdown's
    by smarty, text from data/ by macros/plugin/typography.py, the PDF's own strings written with ’)."""
    text = "".join(pdfs["en"]["pages"])
    straight = re.findall(r".{0,30}[\"'].{0,30}", text)
    assert not straight, straight[:10]
    assert len(re.findall("[\u2018\u2019\u201c\u201d]", text)) > 200


@pytest.mark.parametrize("lang", LANGS)
def test_units_never_break(pdfs, dataset, lang):
    """Issue 24: a unit of data/units.yaml prints whole in its table cell ("噸二氧化碳當/量" broke inside the word); a
    unit may break after a "/" (噸二氧化碳當量/ then 人). A broken unit shows as a cell holding its beginning and a cell
    below holding the rest."""
    cells = {c.strip() for line in pdfs[lang]["layout"].splitlines() for c in re.split(r"\s{2,}", line) if c.strip()}
    units = {unit.label.get(lang) for unit in dataset.units.values() if unit.label}
    assert len(units) >= 20, units
    broken = [u for u in units if u not in cells and any(
        u[:i] in cells and u[i:] in cells and u[i - 1] != "/" for i in range(2, len(u) - 1))]
    assert not broken, f"{pdf_name(lang)}: units broken inside a word: {broken}"


# ── long tables over pages: "(continued)" (issue 24) ────────────────────────
def struct_tables(reader) -> list[tuple[int, bool, int]]:
    """Every Table of the PDF's structure tree in document order, as WeasyPrint tags them (one Table per page a table
    is on): (page, whether it has a header row group, its body rows)."""
    pages = {page.indirect_reference.idnum: n for n, page in enumerate(reader.pages, 1)}
    out = []

    def kids(element) -> list:
        k = element.get("/K")
        return [] if k is None else [x.get_object() for x in (k if isinstance(k, list) else [k])]

    def walk(element, page):
        if not hasattr(element, "get"):
            return
        if "/Pg" in element:
            page = pages[element.raw_get("/Pg").idnum]
        if element.get("/S") == "/Table":
            groups = {child.get("/S"): child for child in kids(element) if hasattr(child, "get")}
            rows = sum(1 for child in kids(groups["/TBody"]) if hasattr(child, "get") and child.get("/S") == "/TR") \
                if "/TBody" in groups else 0
            out.append((page, "/THead" in groups, rows))
            return
        for child in kids(element):
            walk(child, page)

    walk(reader.trailer["/Root"]["/StructTreeRoot"], None)
    return out


def article_tables(site: Path, lang: str) -> list[tuple[str, list[str], int, int]]:
    """Every table of the PDF's chapters in order (pages in nav order): (its name: the title of the call-out it is in,
    else the heading above it; its header cells' texts, its body rows, its header cells in the body)."""
    def text(markup: str) -> str:
        return html.unescape(re.sub(r"<[^>]+>", "", markup)).strip()

    out = []
    token = re.compile(r"<h[1-4]\b[^>]*>(?P<heading>.*?)</h[1-4]>|<p class=\"admonition-title\">(?P<title>.*?)</p>"
                       r"|(?P<table><table\b.*?</table>)|(?P<open><div\b[^>]*>)|(?P<close></div>)", re.S)
    for slug in nav_slugs()[1:]:
        body = re.sub(r'<a class="headerlink".*?</a>', "", article(html_path(site, slug, lang)), flags=re.S)
        name, divs = "", []   # divs: for each open <div>, the call-out's title ('' until read) or None
        for match in token.finditer(body):
            if match["heading"] is not None:
                name = text(match["heading"])
            elif match["open"]:
                divs.append("" if re.search(r'class="admonition\b', match["open"]) else None)
            elif match["close"]:
                divs and divs.pop()
            elif match["title"] is not None and divs and divs[-1] == "":
                divs[-1] = text(match["title"])
            elif match["table"]:
                table = match["table"]
                callout = next((title for title in reversed(divs) if title), None)
                head = re.search(r"<thead>(.*?)</thead>", table, re.S)
                cells = [text(c) for c in re.findall(r"<th\b[^>]*>(.*?)</th>", head.group(1), re.S)] if head else []
                rows = table.split("<tbody", 1)[1] if "<tbody" in table else ""
                out.append((callout or name, cells, len(re.findall(r"<tr\b", rows)), len(re.findall(r"<th\b", rows))))
    return out


def running_heads(pdf) -> list[str]:
    """Each page's running head (the lines above the text area), squashed."""
    return [squash(" ".join(line[4] for line in page if line[3] < 22 * MM)) for page in bbox_lines(pdf["path"])]


def table_continuations(site: Path, pdf, lang: str) -> dict[int, tuple[str, list[str], bool]]:
    """{page: (the name of the table that runs on to it, its header cells, whether the page's part of it has its
    header row)}. Which pages a table runs on to comes from the PDF's structure tree (WeasyPrint tags a Table per page
    a table is on), its body rows counted against the table's in the built page."""
    fragments = struct_tables(pdf["reader"])
    continued, at = {}, 0
    for name, cells, rows, _ in article_tables(site, lang):
        pages, count = [], 0
        while count < rows:
            assert at < len(fragments), f"{pdf['path'].name}: the tables of the pages are not all in the PDF"
            page, has_head, fragment_rows = fragments[at]
            pages.append((page, has_head))
            count, at = count + fragment_rows, at + 1
        assert count == rows, f"{pdf['path'].name}: the table under '{name}' has {rows} rows, the PDF's parts {count}"
        continued |= {page: (name, cells, has_head) for page, has_head in pages[1:]}
    assert at == len(fragments), f"{pdf['path'].name}: {len(fragments) - at} tables in the PDF that no page has"
    return continued


@pytest.mark.parametrize("lang", LANGS)
def test_a_table_that_runs_on_says_continued_over_its_header_row(site, pdfs, dataset, lang):
    """Issue 24: every page that a table runs on to shows, at the top, "<the table's heading> (continued)" in the
    edition's language (the running head's right) and the table's header row again."""
    pdf = pdfs[lang]
    heads = running_heads(pdf)
    continued = table_continuations(site, pdf, lang)
    assert len(continued) >= 5, f"only {len(continued)} pages continue a table: {continued}"
    for page, (name, cells, has_head) in continued.items():
        mark = squash(dataset.report.t_text("pdf_continued", lang, name=name))
        assert mark in heads[page - 1], f"{pdf_name(lang)} p{page}: no '{mark}' above the table (head: {heads[page - 1]})"
        assert has_head and all(squash(c) in squash(pdf["pages"][page - 1]) for c in cells), \
            f"{pdf_name(lang)} p{page}: the table under '{name}' runs on without its header row {cells}"


def test_the_first_and_last_body_rows_carry_the_continued_mark():
    """macros/render/pdf_pages.py mark_continued: a table of two body rows or more gets the mark (the heading above it,
    its permalink and website-only words left out, escaped for an attribute) on its first body row and an empty one on
    its last; a one-row table and the header row get none; a table before any heading is named by the words alone."""
    from macros.render.pdf_pages import mark_continued

    page = ('<table><thead><tr><th>A</th></tr></thead><tbody><tr><td>0</td></tr><tr><td>1</td></tr></tbody></table>'
            '<h3 id="x">Waste &amp; <em>water</em><span class="esg-web-only"> (web)</span><a class="headerlink" '
            'href="#x">¶</a></h3><table><thead><tr><th>A</th></tr></thead><tbody><tr><td>1</td></tr>'
            '<tr class="s"><td>2</td></tr><tr><td>3</td></tr></tbody></table>'
            '<h2>One</h2><table><thead><tr><th>A</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table>')
    out = mark_continued(page, "\0 (continued)")
    assert out.count("data-pdf-continued") == 4
    assert '<tbody><tr data-pdf-continued="(continued)"><td>0</td></tr><tr data-pdf-continued=""><td>1' in out
    assert ('<tbody><tr data-pdf-continued="Waste &amp; water (continued)"><td>1</td></tr><tr class="s"><td>2</td>'
            '</tr><tr data-pdf-continued=""><td>3') in out
    assert "<thead><tr><th>" in out and out.endswith("<tbody><tr><td>1</td></tr></tbody></table>")
    assert 'data-pdf-continued="&lt;b&gt;x&lt;/b&gt;（續）"' in mark_continued(
        "<h2>&lt;b&gt;x&lt;/b&gt;</h2>" + page.split("<h3")[0], "\0（續）")


# ── pages that hold together: full pages (issue 24) ──────────────────────────
FULL = 0.6   # a page of a chapter, but its last, is filled at least this far down its text area


def chapter_first_pages(site: Path, reader, lang: str) -> set[int]:
    """The pages where a page of the site begins (its h1's bookmark, or its part's under a printed chapter)."""
    parts = printed_parts(site, lang)
    titles = {squash(parts[slug][1] if slug in parts else h1(site, slug, lang)) for slug in nav_slugs()}
    found = set()

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            elif squash(item.title) in titles:
                found.add(reader.get_destination_page_number(item) + 1)
    walk(reader.outline)
    return found


@pytest.mark.parametrize("lang", LANGS)
def test_no_page_of_a_chapter_is_left_mostly_empty(site, pdfs, dataset, lang):
    """Issue 24: every page of a chapter but its last is filled at least 60% down its text area (English p13 was 40%,
    the materiality diagram moved whole to the next page; p54 51%, the workforce chart took its table's last row
    along; zh p16 29%, a case study's call-out moved whole). A page's fill: the lowest line of its text (the drawings'
    labels and captions are text too) above its footnotes, measured from the top of the text area."""
    pdf = pdfs[lang]
    height = float(pdf["info"]["Page size"].split()[2])
    top, bottom = 22 * MM, height - 20 * MM   # report.css @page margins
    starts = chapter_first_pages(site, pdf["reader"], lang)
    assert len(starts) >= len(nav_slugs()) - 1, starts
    note = squash(dataset.report.t_text("pdf_note", lang, text="\0").split("\0")[0])
    pages = bbox_lines(pdf["path"])
    first_chapter = min(starts - {1})
    empty = []
    for n, page in enumerate(pages, 1):
        if n < first_chapter or n + 1 in starts or n == len(pages) - 1:   # front matter; a chapter's last page
            continue
        lines = body_lines(page, height)
        notes = [line[1] for line in lines if re.match(rf"\d+\.{re.escape(note)}", squash(line[4]))]
        lines = [line for line in lines if not notes or line[1] < min(notes)]
        fill = (max(line[3] for line in lines) - top) / (bottom - top) if lines else 0
        if fill < FULL:
            empty.append(f"p{n} {fill:.0%}")
    assert not empty, f"{pdf_name(lang)}: pages of a chapter less than {FULL:.0%} full: {empty}"


def test_the_parts_of_a_printed_chapter_are_headed_under_it():
    """macros/render/pdf_pages.py as_parts: the first part of a printed chapter gets the chapter's title before its own
    heading; each part's heading shows its part title (escaped), keeps its id and class, and keeps its whole title
    for the running head; a page that is no part is left as it was."""
    from macros.render.pdf_pages import as_parts

    toc = [{"title": "Alone", "id": "a", "parts": []},
           {"title": "3. A <Caring> Enterprise", "id": "p1", "parts": [{"title": "Talent", "id": "p1"},
                                                                        {"title": "Welfare & more", "id": "p2"}]}]
    chapters = [{"id": "a", "title": "Alone", "html": "<h1 id=\"a\">Alone</h1><p>x</p>"},
                {"id": "p1", "title": "3. A <Caring> Enterprise: Talent", "html": '<h1 id="p1">3. …</h1><h2>S</h2>'},
                {"id": "p2", "title": "3. A <Caring> Enterprise: Welfare & more",
                 "html": '<h1 id="p2" class="x">3. …</h1><h1>not this</h1>'}]
    out = as_parts(chapters, toc)
    assert out[0] is chapters[0]
    assert out[1]["html"] == ('<h1 class="esg-pdf-chapter">3. A &lt;Caring&gt; Enterprise</h1><h1 id="p1" '
                              'class="esg-pdf-part" data-pdf-title="3. A &lt;Caring&gt; Enterprise: Talent">Talent</h1>'
                              "<h2>S</h2>")
    assert out[2]["html"] == ('<h1 id="p2" class="esg-pdf-part x" data-pdf-title="3. A &lt;Caring&gt; Enterprise: '
                              'Welfare &amp; more">Welfare &amp; more</h1><h1>not this</h1>')
    assert chapters[1]["html"].startswith('<h1 id="p1">')   # the input is not changed


def header_cells(reader) -> list[tuple[str | None, object]]:
    """Every TH of the PDF's structure tree: (its row group: /THead, /TBody or None, its /A attributes)."""
    out = []
    stack = [(reader.trailer["/Root"]["/StructTreeRoot"], None)]
    while stack:
        element, group = stack.pop()
        element = element.get_object()
        if not hasattr(element, "get"):
            continue
        group = element.get("/S") if element.get("/S") in ("/THead", "/TBody", "/TFoot") else group
        if element.get("/S") == "/TH":
            out.append((group, element.get("/A")))
            continue
        kids = element.get("/K")
        stack += [(kid, group) for kid in (kids if isinstance(kids, list) else [] if kids is None else [kids])]
    return out


@pytest.mark.parametrize("lang", LANGS)
def test_table_header_cells_carry_their_scope(site, pdfs, lang):
    """Issue 24 (PDF/UA, UA-15-003): every TH of the tagged PDF says what it heads: a column (the header row, repeated
    on each page the table is on) or a row (a body row's label, a group row of the content index). WeasyPrint 70
    writes no /Scope; macros/render/pdf_tags.py adds it. Counted against the built pages' tables: as many row
    headers as the tables' bodies have, as many column headers as their header rows have on all their pages."""
    cells = header_cells(pdfs[lang]["reader"])
    scopes = [(group, attributes.get("/Scope") if hasattr(attributes, "get") else None) for group, attributes in cells]
    assert not [s for s in scopes if s[1] is None], f"{pdf_name(lang)}: TH without /Scope: {len(scopes)}"
    assert all(scope == ("/Column" if group == "/THead" else "/Row") for group, scope in scopes)
    tables = article_tables(site, lang)
    fragments = struct_tables(pdfs[lang]["reader"])
    column, at = 0, 0
    for _, head, rows, _ in tables:   # each table's header row on each of its pages
        count = 0
        while count < rows:
            count, at, column = count + fragments[at][2], at + 1, column + len(head)
    assert sum(1 for _, scope in scopes if scope == "/Row") == sum(t[3] for t in tables)
    assert sum(1 for _, scope in scopes if scope == "/Column") == column
    assert column >= 100 and sum(t[3] for t in tables) >= 100


def test_header_scope_follows_weasyprints_own_rule():
    """A TH of the header row group heads its column; one of the body (or of a table without row groups), its row."""
    from macros.render.pdf_tags import header_scope

    assert header_scope("/THead") == "/Column"
    assert header_scope("/TBody") == "/Row" and header_scope(None) == "/Row" and header_scope("/TFoot") == "/Row"


def block_texts(site: Path, lang: str) -> list[tuple[str, str, str, str]]:
    """The long blocks of the PDF's chapters other than tables, in order (pages in nav order): (kind, name, its
    beginning, its end, as squashed text): call-outs (a case study: named by its title) and lists of three items or
    more that are in neither a table, another list nor a call-out (named by the heading above them). Which lists are
    long blocks is the rule of macros/render/pdf_pages.py; the texts are the built pages'."""
    from macros.render.pdf_pages import _blocks, heading_text

    def text(fragment: str) -> str:
        return squash(html.unescape(re.sub(r"<[^>]+>", "", re.sub(r"<small\b.*?</small>|<sup\b.*?</sup>", "",
                                                                   fragment, flags=re.S))))
    out = []
    for slug in nav_slugs()[1:]:
        body = re.sub(r'<a class="headerlink".*?</a>', "", article(html_path(site, slug, lang)), flags=re.S)
        callouts = len(re.findall(r'<div class="admonition\b', body))
        blocks = _blocks(body)
        assert sum(1 for b in blocks if b[0] == "callout") == callouts, f"{slug}: a call-out is not a long block"
        for kind, start, end, _ in blocks:
            if re.search(r'<div class="esg-tiles[^"]*">\s*$', body[:start]):
                continue   # a grid of figure tiles: its text reads across the rows, never in the page's order
            if kind == "callout":
                title = re.match(r'<div[^>]*>\s*<p class="admonition-title">(.*?)</p>', body[start:end], re.S)
                name, first = heading_text(title.group(1)), text(title.group(1))
            else:
                heading = [m for m in re.finditer(r"<h[1-4]\b[^>]*>(.*?)</h[1-4]>", body[:start], re.S)]
                name = heading_text(heading[-1].group(1)) if heading else ""
                first = text(re.search(r"<li\b.*?(?=<li\b|</[uo]l>)", body[start:end], re.S).group(0))
            # the last words of its last line: a list's items are set apart by bullets, lines by the layout
            whole = text(re.split(r"<li\b[^>]*>|<p\b[^>]*>|<t[rdh]\b[^>]*>", body[start:end])[-1])
            # a call-out begins with its whole title, never split over pages ("Case study: Co-organising the" began
            # two of them, and a page of the first was taken for the second's); a list with its first item's words
            out.append((kind, name, first if kind == "callout" else first[:25], whole[-25:]))
    return out


@pytest.mark.parametrize("lang", LANGS)
def test_a_list_or_call_out_that_runs_on_says_continued(site, pdfs, dataset, lang):
    """Issue 24: a call-out (case study) or a long list that runs over pages says "<its name> (continued)" at the top
    of each page it runs on to (a call-out's name is its title, a list's the heading above it); no page that no table,
    list or call-out runs on to says it. Where each block starts and ends: its first and last words, found page by
    page in order."""
    pages = [squash(page).replace(HYPHEN, "") for page in pdfs[lang]["pages"]]   # words broken by the typesetter
    heads = running_heads(pdfs[lang])
    at, spanning, continued = 3, 0, set(table_continuations(site, pdfs[lang], lang))
    for kind, name, first, last in block_texts(site, lang):
        start = next((n for n in range(at, len(pages)) if first in pages[n - 1]), None)
        assert start, f"{pdf_name(lang)}: the {kind} '{name}' ({first}) not found after page {at}"
        end = next((n for n in range(start, len(pages)) if last in pages[n - 1]), None)
        assert end, f"{pdf_name(lang)}: the end of the {kind} '{name}' ({last}) not found after page {start}"
        mark = squash(dataset.report.t_text("pdf_continued", lang, name=name))
        for page in range(start + 1, end + 1):
            assert mark in heads[page - 1], f"{pdf_name(lang)} p{page}: the {kind} runs on without '{mark}'"
            continued.add(page)
        spanning += end > start
        at = start
    assert spanning >= 3, f"{pdf_name(lang)}: only {spanning} lists and call-outs run over a page"
    # and no other page says "continued" (a block that starts at a page's top is not continued)
    words = squash(dataset.report.t_text("pdf_continued", lang, name=""))
    wrong = [n for n, head in enumerate(heads, 1) if n not in continued and words in head]
    assert not wrong, f"{pdf_name(lang)}: pages that continue no table, list or call-out say '{words}': {wrong}"


def test_lists_and_call_outs_carry_the_continued_mark_where_it_is_never_first_on_a_page():
    """macros/render/pdf_pages.py mark_continued: a list of three items or more is marked in its first item after the
    item's lead (else on its second item) and ended by an empty block after it; shorter lists, nested lists, lists of
    a table, a drawing or a nav are not marked. A call-out is marked on the block after its title (its name) and
    ended after it; a table inside it ends on the call-out's mark, so the call-out is still continued after it."""
    from macros.render.pdf_pages import END, mark_continued

    end = END.format("")
    out = mark_continued('<h2>Risks</h2><ol><li>Lead<ul><li>a</li><li>b</li><li>c</li></ul></li><li>two</li>'
                         '<li>three</li></ol><ul><li>x</li><li>y</li></ul><figure><details><ul><li>1</li><li>2</li>'
                         '<li>3</li></ul></details></figure><nav><ul><li>1</li><li>2</li><li>3</li></ul></nav>'
                         '<ul><li>one</li><li>two</li><li>three</li></ul>', "\0 (continued)")
    assert out.count('data-pdf-continued="Risks (continued)"') == 2 and out.count(end) == 2
    assert '<li>Lead<ul data-pdf-continued="Risks (continued)"><li>a</li><li>b</li>' in out
    assert "<li>three</li></ol>" + end in out and "<li>y</li></ul><figure>" in out
    assert '<li>one</li><li data-pdf-continued="Risks (continued)">two</li>' in out
    callout = ('<div class="admonition example">\n<p class="admonition-title">Case: A &amp; B</p>\n<p>Text.</p>'
               "<table><thead><tr><th>H</th></tr></thead><tbody><tr><td>1</td></tr><tr><td>2</td></tr></tbody>"
               "</table><ul><li>1</li><li>2</li><li>3</li></ul></div>")
    out = mark_continued("<h2>Section</h2>" + callout, "\0（續）")
    mark = 'data-pdf-continued="Case: A &amp; B（續）"'
    assert f"<p {mark}>Text.</p>" in out and out.endswith("</ul></div>" + end)
    assert f"<tbody><tr {mark}><td>1</td></tr><tr {mark}><td>2</td>" in out   # ends on the call-out's mark
    assert out.count("data-pdf-continued") == 4   # the list inside is the call-out's


def test_a_word_broken_at_a_page_foot_is_typeset_again_whole():
    """macros/render/pdf_breaks.py: the words WeasyPrint broke at the foot of a page are found on its laid-out pages
    (CSS cannot forbid it: hyphenate-limit-last is unknown to WeasyPrint 70), and typeset again kept whole, none is
    broken at a page's foot. keep_whole wraps each occurrence in text only, never in a tag, a drawing or a longer word."""
    from weasyprint import HTML

    from macros.render.pdf_breaks import keep_whole, words_broken_at_page_end

    text = " ".join(["environmental responsibilities"] * 40)
    document = (f'<html lang="en"><style>@page {{ size: 60mm 40mm; margin: 5mm }} body {{ margin: 0; font: 10pt/12pt '
                'serif } p { hyphens: auto; text-align: justify; orphans: 1; widows: 1 } .esg-whole { hyphens: '
                f'manual }}</style>\n<p>{text}</p></html>')
    broken = words_broken_at_page_end(HTML(string=document).render().pages)
    assert broken and set(broken) <= {"environmental", "responsibilities"}
    assert words_broken_at_page_end(HTML(string=keep_whole(document, broken)).render().pages) == []
    assert keep_whole('<p class="environmental">environmental, environmentally</p><svg><text>environmental</text>'
                      "</svg>", ["environmental"]) == ('<p class="environmental"><span class="esg-whole">environmental'
                                                       "</span>, environmentally</p><svg><text>environmental</text></svg>")
