"""The print document (macros/render/print_document.py) made from small fixture chapters, without a build: ids and
links made the document's own, KPI blocks kept together, notes worded for print, the contents and the printed
chapters, and the template filled for an edition. tests/test_pdf.py checks the PDFs the build typesets.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from conftest import ROOT
from macros.render import print_document as pd
from macros.render.print_document import PrintDocumentError

pytestmark = pytest.mark.unit

PRINT_DIR = ROOT / "overrides" / "pdf"
PRINT_CSS = PRINT_DIR / "report.css"


def test_a_chart_colour_outside_the_palette_stops_the_build():
    """chart.css names the palette's colours; the hook writes their values into each SVG (its renderer does not
    resolve var()). A name report.css does not define would leave the SVG black: the build stops and says which."""

    colours = pd.palette(PRINT_CSS.read_text(encoding="utf-8"))
    assert pd.svg_css(".a { fill: var(--md-primary-fg-color); } /* note */", colours) == \
        f".a {{ fill: {colours['--md-primary-fg-color']}; }}"
    with pytest.raises(PrintDocumentError, match=r"chart\.css names var\(--esg-teal\).*report\.css"):
        pd.svg_css(".a { fill: var(--esg-teal); }", colours)


def test_shared_title_finds_a_printed_chapter_only_at_a_colon():
    assert pd.shared_title(["三、人性化經營：重視人才培養", "三、人性化經營：持續奉獻公益事業"]) == "三、人性化經營"
    assert pd.shared_title(["3. A Caring Enterprise: Talent", "3. A Caring Enterprise: Welfare"]) == "3. A Caring Enterprise"
    assert pd.shared_title(["Appendix 1: KPIs", "Appendix 2: Laws"]) == ""
    assert pd.shared_title(["附錄一 關鍵績效", "附錄二 法律"]) == ""
    assert pd.shared_title(["Only one: page"]) == ""


def test_the_compositor_keeps_last_words_and_addresses_whole():
    """macros/plugin/pd.py typeset_text: a paragraph's (item's, definition's) last hyphenable word and any address are
    wrapped to stay whole; an item's lead before its own paragraph or list counts as a paragraph; a short last word is
    left alone (it cannot be broken); attributes and drawings are untouched (CO2's subscript is the page's own)."""
    out = pd.typeset_text(
        '<p>the Traditional Chinese version shall prevail.</p><p><a href="#environmental">link</a> in 2022.</p>'
        '<li><strong>Third line: supervision department</strong><p>Text.</p></li>'
        '<li>see (http://nccnchina.org.cn) or ir@kingyee.com.cn<ul><li>x</li></ul></li>'
        '<dd>emissions of 10 tCO2e and CO2</dd><svg><text>tCO2e of the department</text></svg>')
    assert '<span class="esg-whole">prevail</span>.</p>' in out
    assert 'href="#environmental"' in out and "in 2022.</p>" in out
    assert 'supervision <span class="esg-whole">department</span></strong><p>' in out
    assert '<span class="esg-whole">http://nccnchina.org.cn</span>)' in out
    assert '<span class="esg-whole">ir@kingyee.com.cn</span>' in out
    assert "<svg><text>tCO2e of the department</text></svg>" in out
    assert pd.typeset_text("<p>減少排放二氧化碳當量。</p><li>見<a>附錄</a>。</li><p>量</p>") == (
        '<p>減少排放二氧化碳<span class="esg-tail">當量。</span></p>'
        '<li>見<a><span class="esg-tail">附錄</span></a>。</li><p>量</p>')
    # whatever precedes the last character: a figure (not broken inside), punctuation (no line starts with it); an
    # entity is never cut (its ";" is left alone)
    assert pd.typeset_text("<p>由242種提升至284種。</p><td>含片48片</td><li>無不合格情況；及</li><p>A &amp;B及C&amp;及</p>") == (
        '<p>由242種提升至28<span class="esg-tail">4種。</span></p><td>含片4<span class="esg-tail">8片</span></td>'
        '<li>無不合格情況<span class="esg-tail">；及</span></li><p>A &amp;B及C&amp;及</p>')


def test_a_note_the_pdf_cannot_reword_stops_the_build():
    """macros/plugin/pd.py notes_as_footnotes: a note in the site's form becomes the PDF's footnote; a note in any
    other form (its markup changed) stops the build rather than print website wording."""

    page = '<td>Not applicable<br><small class="esg-site-note">Website note: No products.</small></td>'
    out = pd.notes_as_footnotes(page, "Website note: \0", "Editor’s note: \0", "docs/x.md")
    assert out == "<td>Not applicable<small class=\"esg-site-note\">Editor’s note: No products.</small></td>"
    with pytest.raises(PrintDocumentError, match=r"docs/x\.md.*Website note: …"):
        pd.notes_as_footnotes(page.replace("Website note: ", "Note: "), "Website note: \0", "Editor’s note: \0",
                               "docs/x.md")


def test_the_site_address_is_printed_only_when_the_deploy_gives_it():
    url = "https://medlive-esg.github.io/esg-report-2022/"
    assert pd.public_address(url, {}) == ""
    assert pd.public_address(url, {"SITE_URL": " "}) == ""
    assert pd.public_address(url, {"SITE_URL": "https://medlive-esg.github.io/esg-report-2022"}) == url
    assert pd.public_address(url, {"SITE_URL": "https://esg.medlive.cn/"}) == ""   # config and deploy disagree


SITE = pd.Site(lang="en", site_url="https://example.org/esg/", site_author="Medlive", site_description="",
               site_dir="/nonexistent/site", lang_root="en/", language_name="English")


def test_a_pages_ids_and_links_become_the_documents_own():
    """Ids are prefixed with the page's slug; a link to another page of the edition points inside the document, a
    link to another file of the site at the online site; an image is read from the built site; permalinks dropped."""
    page = ('<h1 id="about">About<a class="headerlink" href="#about">¶</a></h1><p id="p">See <a href="#scope">scope</a>,'
            ' <a href="../kpis/#ghg">GHG</a>, <a href="../downloads/kpis.xlsx">data</a> and '
            '<a href="https://x.org/">x</a>.</p><img src="../assets/logo.png" alt=""><label for="f">f</label>')
    out = pd.chapter_html(page, "en/about-us/", "about-us", {"en/about-us/": "about-us", "en/kpis/": "kpis"},
                          SITE.site_url, "", Path("/srv/site"))
    assert "headerlink" not in out
    assert 'id="about-us--about"' in out and 'id="about-us--p"' in out and 'for="about-us--f"' in out
    assert 'href="#about-us--scope"' in out and 'href="#kpis--ghg"' in out
    assert 'href="https://example.org/esg/en/downloads/kpis.xlsx"' in out and 'href="https://x.org/"' in out
    assert 'src="file:///srv/site/en/assets/logo.png"' in out


def test_pages_of_one_nav_section_sharing_a_title_print_as_one_chapter_with_parts():
    chapters = [{"title": t, "id": i, "sections": [], "group": g} for t, i, g in [
        ("1. Scope", "scope", None), ("3. Caring: Talent", "talent", 7), ("3. Caring: Welfare", "welfare", 7),
        ("Appendix 1: KPIs", "kpis", 9), ("Appendix 2: Laws", "laws", 9)]]
    toc = pd.contents(chapters)
    assert [(e["title"], [p["title"] for p in e["parts"]]) for e in toc] == [
        ("1. Scope", []), ("3. Caring", ["Talent", "Welfare"]), ("Appendix 1: KPIs", []), ("Appendix 2: Laws", [])]


@pytest.mark.parametrize("order,expected", [
    (["talent", "welfare", "targets"], [("3. Caring", ["Talent", "Welfare"]), ("Targets", [])]),
    (["targets", "talent", "welfare"], [("Targets", []), ("3. Caring", ["Talent", "Welfare"])]),
    (["talent", "targets", "welfare"], [("3. Caring: Talent", []), ("Targets", []), ("3. Caring: Welfare", [])]),
    (["talent", "welfare", "green"], [("3. Caring", ["Talent", "Welfare", "Green"])]),
])
def test_a_page_added_to_a_section_of_parts_without_its_chapter_title_prints_as_a_chapter_of_its_own(order, expected):
    """An editor adds a page to the menu's section of chapter 三 (data/menu.yaml) with a title of its own: the
    three parts stay one printed chapter, the new page stands beside it (it ended the chapter's grouping: three
    chapters numbered 3. again, the fault of issue 24). Titled as a part ("3. Caring: …"), it joins the chapter."""
    titles = {"talent": "3. Caring: Talent", "welfare": "3. Caring: Welfare", "green": "3. Caring: Green",
              "targets": "Targets"}
    toc = pd.contents([{"title": titles[i], "id": i, "sections": [], "group": 7} for i in order])
    assert [(e["title"], [p["title"] for p in e["parts"]]) for e in toc] == expected


def test_a_restated_figure_of_a_sentence_prints_its_note_as_a_footnote(dataset):
    """Its note is the mark's title on the site (shown when tapped); paper shows no title: a footnote instead, the
    class every note of ours is printed by (report.css .esg-site-note). Marks without a note stay as they are."""
    import dataclasses
    from types import SimpleNamespace

    from macros.render.restated import restated_mark

    fact = next(iter(dataset.facts.values()))
    entry = SimpleNamespace(figure=fact.id, printed=fact.value, value=fact.value + 1, date=dt.date(2023, 5, 1),
                            reason=SimpleNamespace(get=lambda lang: "A & B <corrected>"))
    ds = dataclasses.replace(dataset, restated={(fact.id, dataset.year): entry})
    lang = dataset.report.prevailing
    inline = str(restated_mark(ds, fact.id, dataset.year, lang, note=True))
    printed = pd.restated_notes_as_footnotes(f"<p>12{inline} more</p>")
    assert 'title="' not in printed and 'class="esg-site-note esg-restated-note">' in printed, printed
    assert "A &amp; B &lt;corrected&gt;" in printed and "<corrected>" not in printed
    plain = str(restated_mark(ds, fact.id, dataset.year, lang))
    assert pd.restated_notes_as_footnotes(plain) == plain


def _pages():
    home = pd.PageHtml(url="en/", src="docs/index.en.md", html='<h1 id="home">Report</h1><p>Intro.</p>')
    about = pd.PageHtml(url="en/about-this-report/", src="docs/about-this-report.en.md", html=(
        '<h1 id="about">About this report</h1><h2 id="scope">Scope</h2><p>All of it.</p>'
        '<h2 id="feedback">Feedback</h2><p id="ask">Write to us.</p>'))
    return [home, about]


def test_an_editions_document_from_two_fixture_pages():
    """The template filled for the English edition: the home page is the cover (its h1 gone), each other page a
    chapter in the contents, the back page copies the feedback section without its ids."""
    from macros.model.dataset import cached_dataset

    report = cached_dataset(ROOT).report
    made = pd.print_document("en", _pages(), SITE, report, PRINT_DIR, {})
    assert made.sources == (("index", "docs/index.en.md"), ("about-this-report", "docs/about-this-report.en.md"))
    assert '<h1 id="index--home">' not in made.html and "Intro." in made.html
    assert 'href="#about-this-report--about"' in made.html and 'href="#about-this-report--scope"' in made.html
    assert made.html.count("Write to us.") == 2 and made.html.count('id="about-this-report--ask"') == 1
    assert "example.org/esg" not in made.html, "no deploy address given: the stand-in site_url is not printed"
    assert "example.org/esg" in pd.print_document("en", _pages(), SITE, report, PRINT_DIR,
                                                  {"SITE_URL": SITE.site_url}).html


def test_a_page_without_a_level_one_heading_stops_naming_its_file():
    from macros.model.dataset import cached_dataset

    pages = _pages()
    pages[1] = pd.PageHtml(url=pages[1].url, src=pages[1].src, html=pages[1].html.replace("h1", "h2"))
    with pytest.raises(PrintDocumentError, match=r"docs/about-this-report\.en\.md has no level-1 heading"):
        pd.print_document("en", pages, SITE, cached_dataset(ROOT).report, PRINT_DIR, {})


def test_each_kpi_heading_its_table_legend_and_chart_come_as_one_block_from_the_renderer():
    """The PDF keeps a KPI block on one page (overrides/pdf/report.css .esg-kpi-block): the block is written by
    macros/render/tables.py with the class the print CSS names, not found again by a pattern. Rendered with the
    site's Markdown extensions: the heading is a heading (an id, in the page's contents), the legend one paragraph."""
    import markdown

    from conftest import mkdocs_config
    from macros.model.dataset import cached_dataset, table_anchor
    from macros.render.tables import KPI_BLOCK_CLASS, kpi_section_md

    ds = cached_dataset(ROOT)
    exts = [e if isinstance(e, str) else next(iter(e)) for e in mkdocs_config()["markdown_extensions"]]
    for kfile in ds.kpi_files:
        page = markdown.Markdown(extensions=exts).convert(kpi_section_md(ds, kfile, "en"))
        blocks = page.split(f'<div class="{KPI_BLOCK_CLASS}">')[1:]
        assert len(blocks) == len(kfile.tables), kfile
        for table, block in zip(kfile.tables, blocks):
            assert block.lstrip().startswith(f'<h3 id="{table_anchor(table.id)}">'), block[:200]
            assert block.count("<table ") == 1 and block.count("<figure") == (table.chart == "bars")
            assert "<p>\n<p" not in block and "<p><p" not in block, "the legend wrapped in a second paragraph"
        assert page.count("<figure") == page.count(f'<div class="{KPI_BLOCK_CLASS}">') - sum(
            t.chart != "bars" for t in kfile.tables), "a chart outside its block"
        out = pd.chapter_html(page, "en/kpis/", "kpis", {"en/kpis/": "kpis"}, SITE.site_url, "", None)
        assert out.count(f'<div class="{KPI_BLOCK_CLASS}">') == len(kfile.tables)


def test_a_drawing_prints_at_most_35_percent_of_a_page_high_and_one_of_bands_one_drawing_a_band():
    """Issue 24: a drawing cannot be split over pages, and the material issues' (its three bands 140 mm high) moved
    whole to the next page left a page 44% full when an editor lengthened a paragraph before it. Every diagram prints
    at most DRAWING_MM (35% of the text area) high and wide, its proportions kept; the PDF draws each band as a drawing
    of its own (the same scale, its view cut to the band), one under the other: every band's label and items in its
    own drawing, in order, nothing lost or drawn twice; the first keeps the title and description."""
    import re

    from macros.model.dataset import load_dataset
    from macros.render.diagrams import diagram_html
    from macros.render.escaping import text_of
    from macros.render.pdf_pages import DRAWING_MM, print_drawings, split_bands

    dataset = load_dataset(ROOT)
    assert DRAWING_MM <= 0.36 * (297 - 22 - 20)   # A4 less the margins of report.css @page: room for a heading
    for diagram in dataset.diagrams.values():
        for lang in ("zh-Hant", "en"):
            for view, width in re.findall(r'viewBox="([^"]+)"[^>]* style="width: ([\d.]+)mm"',
                                          print_drawings(diagram_html(dataset, diagram.id, lang))):
                view_w, view_h = (float(v) for v in view.split()[2:])
                assert float(width) <= DRAWING_MM and float(width) * view_h / view_w <= DRAWING_MM + 0.1, (
                    diagram.id, lang, width, view)
    banded = [d for d in dataset.diagrams.values() if d.layout == "bands"]
    assert banded, "no drawing of bands in data/diagrams.yaml"
    for diagram in banded:
        for lang in ("zh-Hant", "en"):
            whole = diagram_html(dataset, diagram.id, lang)
            drawings = re.findall(r"(<svg\b[^>]*>)(.*?)</svg>", split_bands(whole), re.S)
            assert len(drawings) == len(diagram.groups)
            texts = [re.findall(r"<text\b[^>]*>(.*?)</text>", body) for _, body in drawings]
            assert sum(texts, []) == re.findall(r"<text\b[^>]*>(.*?)</text>", whole)
            for group, drawn in zip(diagram.groups, texts):
                assert text_of(drawn[0]) in group.label.get(lang) and len([t for t in drawn if t.isdigit()]) == len(
                    group.nodes), (group.label.get(lang), drawn)
            tops = [[float(v) for v in re.search(r'viewBox="([^"]+)"', opening).group(1).split()] for opening, _ in
                    drawings]
            assert all(a[1] + a[3] <= b[1] for a, b in zip(tops, tops[1:])), tops   # one under the other, in order
            assert 'aria-describedby="diagram-' in drawings[0][0] and "<title" in drawings[0][1]
            assert all("id=" not in opening and "aria-label=" in opening for opening, _ in drawings[1:])
    others = [d for d in dataset.diagrams.values() if d.layout != "bands"]
    assert others and all(split_bands(diagram_html(dataset, d.id, "en")) == diagram_html(dataset, d.id, "en")
                          for d in others)


def test_a_unit_of_the_kpi_tables_is_kept_whole_in_the_text_too():
    """Issue 24, "units never break": an editor who writes a unit in a paragraph ("排放67.8噸二氧化碳當量") gets it
    kept whole as in the KPI tables (it could break "噸二氧化碳當|量" at a line's end). The units are those the
    edition's tables print (each part of one with "/"), in its own script; one-character units (人) and the
    drawings' text are left alone; a unit cell is not wrapped twice."""
    import re

    from macros.render.tables import UNIT_CELL_CLASS

    table = (f'<table><tr><td class="{UNIT_CELL_CLASS}">噸二氧化碳當量/人</td></tr>'
             f'<tr><td class="{UNIT_CELL_CLASS}">兆瓦時</td></tr><tr><td class="{UNIT_CELL_CLASS}">人</td></tr></table>')
    units = pd.units_of([table, f'<td class="{UNIT_CELL_CLASS}">tCO2e per employee</td>'])
    assert units == ("噸二氧化碳當量", "兆瓦時")
    page = (f"{table}<p>排放67.8噸二氧化碳當量，耗電12兆瓦時，人均0.2噸二氧化碳當量/人。</p>"
            "<svg><text>噸二氧化碳當量</text></svg>")
    out = pd.chapter_html(page, "kpis/", "kpis", {"kpis/": "kpis"}, SITE.site_url, "", None, units)
    out = re.sub(r'<span class="esg-tail">([^<]*)</span>', r"\1", out)   # a block's last characters (tested above)
    term = '<span class="esg-term">{}</span>'
    assert (f"<p>排放67.8{term.format('噸二氧化碳當量')}，耗電12{term.format('兆瓦時')}，人均0.2"
            f"{term.format('噸二氧化碳當量')}/人。</p>") in out
    assert out.count(term.format("兆瓦時")) == 2 and "<text>噸二氧化碳當量</text>" in out
    assert '<span class="esg-term"><span class="esg-term">' not in out


def test_the_registered_address_is_printed_on_the_back_page_when_data_gives_it():
    """data/report.yaml's contact.registered_address (not in today's sources: IR adds it) reaches the back page in
    each edition, beside the IR website and e-mail; without it the back page prints no address line at all."""
    import copy

    from macros.model.dataset import cached_dataset
    from macros.model.schema import Label

    report = cached_dataset(ROOT).report
    contact, given = report.info.contact, {"zh-Hant": "開曼群島某處", "en": "Somewhere, Cayman Islands"}
    with_address = copy.copy(report)
    with_address.info = report.info.model_copy(
        update={"contact": contact.model_copy(update={"registered_address": Label.model_construct(given)})})
    for lang in ("en", "zh-Hant"):
        label = report.t("pdf_address", lang)
        html = pd.print_document(lang, _pages(), SITE, report, PRINT_DIR, {}).html
        assert label not in html[html.index('class="back"'):] or not contact.registered_address
        back = (html := pd.print_document(lang, _pages(), SITE, with_address, PRINT_DIR, {}).html)[
            html.index('class="back"'):]
        assert f"{label}" in back and given[lang] in back and contact.ir_website in back and contact.email in back
