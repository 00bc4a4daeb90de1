"""A small chart beside each chapter's figure tiles (issue 23, point 1): data/chapter_figures.yaml `charts:` names the
rows, macros/model/chapter_figures.py checks them, macros/render/charts.py draws them on one scale and links each row
to Appendix 1. Unit tests on the model and the renderer; built-site tests that every chapter's chart is in every
edition with the figures of the data, and in the PDF. (Its contrast in light and dark: tests/test_contrast.py.)"""

from __future__ import annotations

import html
import re
import subprocess
from pathlib import Path

import pytest

from conftest import LANGS, html_path
from test_reader_pass2 import plain   # the figure as printed, written in the tests, not imported from the code
from macros.model.chapter_figures import FILE, MAX_CHART_ROWS
from macros.model.dataset import load_dataset
from macros.model.schema import NotDisclosed
from macros.model.yamlsrc import DataErrors
from macros.render import charts

ROOT = Path(__file__).resolve().parent.parent
RECT = re.compile(r'<rect class="esg-bar esg-bar-\d" x="[\d.]+" y="[\d.]+" width="([\d.]+)"')
VALUE = re.compile(r'<text class="esg-chart-value"[^>]*>([^<]*)</text>')
LINK = re.compile(r'<a href="([^"]*)#kpi-([\w-]+)"')


@pytest.fixture(scope="module")
def chapter_charts(dataset):
    return dataset.chapter_charts


def _years(dataset, kpi_id):
    return next(f.years for f in dataset.kpi_files for t in f.tables if kpi_id in {r.id for r in t.rows})


# ── the data ────────────────────────────────────────────────────────────────────
def test_the_chapters_with_kpis_have_a_chart(chapter_charts, dataset):
    """Environment and people at least (the subjects the issue names), each a chapter with tiles."""
    assert {"green-operations", "people"} <= set(chapter_charts)
    assert set(chapter_charts) <= set(dataset.chapter_figures)


def test_a_chart_is_drawn_on_one_scale_from_the_data(chapter_charts, dataset):
    """Each bar's length is its figure over the chart's largest: parts compared with each other (Scope 1 against
    Scope 2, women against men) read right; the values are the data's, in order, row by row and year by year."""
    for chapter, ids in chapter_charts.items():
        svg = charts.chapter_chart_md(dataset, chapter, ids, "en")
        years = _years(dataset, ids[0])
        values = [dataset.rows[i].values[y] for i in ids for y in years]
        assert VALUE.findall(svg) == [plain(v) if not isinstance(v, NotDisclosed) else "—" for v in values], chapter
        top = max(v for v in values if not isinstance(v, NotDisclosed))
        widths = [float(w) for w in RECT.findall(svg)]
        span = charts.WIDTH - charts.LEFT - charts.RIGHT
        for value, width in zip(values, widths):
            want = 0 if isinstance(value, NotDisclosed) else float(value / top) * span
            assert abs(max(want, 1) - width) < 0.11, f"{chapter}: {value} drawn {width}, want {want:.1f}"
        assert "esg-chart-note" not in svg, "one scale: no note that the scales differ"


def test_the_appendix_charts_keep_a_scale_per_indicator(dataset):
    """The appendix's charts still draw each indicator on its own scale (its largest year fills the width)."""
    table = dataset.tables["waste"]
    svg = charts.chart_svg(dataset, table, "en", _years(dataset, table.rows[0].id))
    widths = [float(w) for w in RECT.findall(svg)]
    span = charts.WIDTH - charts.LEFT - charts.RIGHT
    per_row = [widths[i:i + 2] for i in range(0, len(widths), 2)]
    assert all(abs(max(pair) - span) < 0.11 for pair in per_row), per_row
    assert "esg-chart-note" in svg


@pytest.mark.parametrize("lang", LANGS)
def test_a_chart_links_each_row_to_appendix_1_and_is_titled_from_the_data(chapter_charts, dataset, lang):
    """The line under the chart links every row to its anchor on the KPI page (Markdown links: MkDocs checks them);
    the title is the rows' table caption, or the row's own label when the chart has one row."""
    for chapter, ids in chapter_charts.items():
        md = charts.chapter_chart_md(dataset, chapter, ids, lang, "../")
        links = re.findall(r"\]\(\.\./kpis\.md#kpi-([\w-]+)\)", md)
        assert links == ids, (chapter, links)
        table = next(t for t in dataset.tables.values() if ids[0] in {r.id for r in t.rows})
        title = (dataset.rows[ids[0]].label if len(ids) == 1 else table.caption).get(lang)
        assert f"<title id=\"chart-chapter-{chapter}-t\">{html.escape(title, quote=False)}" in md, chapter
        assert 'class="esg-chart esg-chapter-chart"' in md


# ── bad input: file, line, what is wrong, how to mend it ───────────────────────
def _break(root: Path, old: str, new: str) -> int:
    path = root / FILE
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


CHART_LINE = "  people: [employees_female, employees_male]\n"
CASES = {
    "unknown id": ("[employees_female, employees_male]\n", "[employees_female, employees_mal]\n",
                   ["unknown KPI id 'employees_mal'", "did you mean employees_male", "data/kpis/*.yaml"]),
    "twice": ("[employees_female, employees_male]\n", "[employees_female, employees_female]\n", ["listed twice"]),
    "two tables": ("[employees_female, employees_male]\n", "[employees_female, turnover_female]\n",
                   ["'turnover_female' is in table 'turnover', not in 'workforce'", "table 'workforce' has:"]),
    "two units": ("[ghg_scope1, ghg_scope2]\n", "[ghg_scope2, ghg_per_employee]\n",
                  ["'ghg_per_employee' is in tco2e_per_person", "one scale and one unit"]),
    "no tiles": ("  people: [employees_female", "  peple: [employees_female",
                 ["chapter 'peple' has a chart but no tiles", "did you mean people", "under `chapters:`"]),
    "not a list": ("[employees_female, employees_male]\n", "employees_female\n", ["expected a list of KPI ids"]),
    "too many": ("[employees_female, employees_male]\n",
                 "[employees_female, employees_male, employees_mainland, employees_hk_overseas, employees_full_time, "
                 "employees_part_time, employees_under_31]\n", [f"7 rows: a small chart shows {MAX_CHART_ROWS} at most"]),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_bad_chart_stops_with_file_and_line(data_copy, dataset, case):
    old, new, words = CASES[case]
    line = _break(data_copy, old, new)
    with pytest.raises(DataErrors) as err:
        load_dataset(data_copy)   # with the rest of data/: the chart is the dataset's (Dataset.chapter_charts)
    message = str(err.value)
    assert f"{FILE}:{line}" in message, message
    for word in words:
        assert word in message, message


def test_charts_are_optional_but_never_empty(data_copy, dataset):
    text = (data_copy / FILE).read_text(encoding="utf-8")
    (data_copy / FILE).write_text(text[: text.index("\ncharts:")] + "\n", encoding="utf-8")
    assert load_dataset(data_copy).chapter_charts == {}
    (data_copy / FILE).write_text(text[: text.index("\ncharts:")] + "\ncharts:\n", encoding="utf-8")
    with pytest.raises(DataErrors, match=r"chapter_figures\.yaml:\d+.*expected `charts:`"):
        load_dataset(data_copy)


def test_a_chapters_tiles_and_anothers_chart_are_told_together_with_their_lines(data_copy, dataset):
    """data/chapter_figures.yaml is read with the rest of data/ (Dataset.chapter_figures, .chapter_charts): a mistake
    in one chapter's tiles and one in another chapter's chart are told together, each at its line (the chart's was
    told only once the tiles were mended); a YAML slip in the file is told at its line. Lines found by their keys."""
    from conftest import edit
    from figures import data_line

    tiles_chapter = next(iter(dataset.chapter_figures))
    chart_chapter = next(c for c in dataset.chapter_charts if c != tiles_chapter)
    tile, bar = dataset.chapter_figures[tiles_chapter][0], dataset.chapter_charts[chart_chapter][0]
    tiles, chart = (data_line(FILE, *path, root=data_copy) for path in (("chapters", tiles_chapter),
                                                                        ("charts", chart_chapter)))
    at_tiles = edit(data_copy, FILE, tiles, tiles.replace(f"[{tile}", f"[{tile}_typo", 1))
    at_chart = edit(data_copy, FILE, chart, chart.replace(f"[{bar}", f"[{bar}_typo", 1))
    with pytest.raises(DataErrors) as err:
        load_dataset(data_copy)
    message = str(err.value)
    for line, kpi_id in ((at_tiles, tile), (at_chart, bar)):
        assert f"{FILE}:{line}: " in message and f"unknown KPI id '{kpi_id}_typo'" in message, message
    edit(data_copy, FILE, f"[{bar}_typo", f"[{bar}")
    edit(data_copy, FILE, chart.rstrip("\n"), chart.rstrip("\n").rstrip("]"))   # a bracket left open
    with pytest.raises(DataErrors) as err:
        load_dataset(data_copy)
    assert f"{FILE}:{at_chart}: " in str(err.value) and "is not closed" in str(err.value), err.value


# ── the built site and the PDF ─────────────────────────────────────────────────
def _chart_block(page: str, chapter: str) -> str:
    block = page.split('<figure class="esg-chart esg-chapter-chart">', 1)
    assert len(block) == 2, f"{chapter}: no chapter chart"
    figure, rest = block[1].split("</figure>", 1)
    rows_line = re.match(r'\s*<p class="esg-chart-rows">(.*?)</p>', rest, re.S)
    assert rows_line, f"{chapter}: no line linking the chart's rows to Appendix 1"
    return figure, rows_line.group(1)


@pytest.mark.parametrize("lang", LANGS)
def test_every_chapter_chart_is_in_each_edition_with_the_datas_figures(site, dataset, chapter_charts, lang):
    """Each chapter's chart follows its tiles in this edition, with the data's figures for each row and year, a
    text description of them, and links to the rows of the KPI appendix that exist."""
    kpi_page = html_path(site, "kpis", lang).read_text(encoding="utf-8")
    for chapter, ids in chapter_charts.items():
        page = html_path(site, chapter, lang).read_text(encoding="utf-8")
        assert page.index('class="esg-tiles esg-chapter-figures"') < page.index("esg-chapter-chart"), chapter
        figure, rows_line = _chart_block(page, chapter)
        values = [dataset.rows[i].values[y] for i in ids for y in _years(dataset, i)]
        shown = [plain(v) if not isinstance(v, NotDisclosed) else "—" for v in values]
        assert VALUE.findall(figure) == shown, f"{chapter} ({lang})"
        desc = re.search(r"<desc [^>]*>(.*?)</desc>", figure, re.S).group(1)
        assert all(s in desc for s in shown), f"{chapter} ({lang}): {desc}"
        links = LINK.findall(rows_line)
        assert [kpi for _, kpi in links] == ids, f"{chapter} ({lang}): {links}"
        for href, kpi_id in links:
            assert href.rstrip("/").endswith("kpis"), href
            assert f'id="kpi-{kpi_id}"' in kpi_page


@pytest.mark.parametrize("lang", LANGS)
def test_the_pdf_prints_each_chapters_chart(site, dataset, chapter_charts, lang):
    """The PDF takes the page's HTML: each chapter's chart is printed (its caption and its figures) with the chapter,
    before Appendix 1's tables, and its rows' links point inside the document."""
    pdf = site / dataset.report.pdf_name(lang)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    text = re.sub(r"\s+", "", text)
    line = dataset.report.t_text("chart_rows", lang, rows="")
    assert text.count(re.sub(r"\s+", "", line)) >= len(chapter_charts), f"{lang}: {line!r} printed too rarely"
    for chapter, ids in chapter_charts.items():
        page = html_path(site, chapter, lang).read_text(encoding="utf-8")
        caption = re.sub(r"<[^>]+>", "", re.search(r"<figcaption>(.*?)</figcaption>",
                                                   _chart_block(page, chapter)[0], re.S).group(1))
        assert re.sub(r"\s+", "", html.unescape(caption)) in text, f"{chapter} ({lang}): caption not printed"


@pytest.mark.parametrize("lang", LANGS)
def test_the_pdf_sets_each_chapters_chart_in_the_text_column(site, dataset, chapter_charts, lang):
    """Seen on the zh-Hant PDF's pages: the chart stood at the page's left margin while its line of links stood in the
    text column. Each chart's first label starts where that line (the column) starts."""
    from test_pdf import bbox_lines

    pdf = site / dataset.report.pdf_name(lang)
    squash = lambda s: re.sub(r"\s+", "", s)   # noqa: E731
    line_start = squash(dataset.report.t_text("chart_rows", lang, rows=""))
    found = {}
    for page in bbox_lines(pdf):
        texts = [(x0, squash(text)) for x0, _, _, _, text in page]
        rows_line = next((x0 for x0, t in texts if t.startswith(line_start)), None)
        if rows_line is None:
            continue
        for chapter, ids in chapter_charts.items():   # the chart's first label (1–2 lines), then its first year
            label, first_year = squash(dataset.rows[ids[0]].label.get(lang)), str(_years(dataset, ids[0])[0])
            chart = [x0 for i, (x0, t) in enumerate(texts) if t and label.startswith(t)
                     and any(after.startswith(first_year) for _, after in texts[i + 1:i + 3])]
            if chart and chapter not in found:
                found[chapter] = (chart[-1], rows_line)   # the nearest its bars (a tile above may share its name)
    assert set(found) == set(chapter_charts), f"{lang}: charts not found on a page with their links: {found}"
    off = {c: xs for c, xs in found.items() if abs(xs[0] - xs[1]) > 2}
    assert not off, f"{lang}: chart's first label and the text column start at {off} (pt)"
