"""Everything made from data/ says exactly what data/ says: tables, board, charts, downloads, content index links;
and every declared consistency rule really bites when its row is changed."""

from __future__ import annotations

import csv
import difflib
import io
import json
import re
import shutil
from html import unescape
from decimal import Decimal
from urllib.parse import urldefrag

import pytest

from conftest import GENERATED, LANGS, LOCALES, ROOT, html_path
from macros.render import downloads
from macros.model.dataset import DataErrors, load_dataset
from macros.model.schema import NotDisclosed
from test_site import article


# typographic quotes as typed in data/: the pages curl them (macros/render/quotes.py)
STRAIGHT = str.maketrans("\u2018\u2019\u201c\u201d", "''\"\"")


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


# ── board ───────────────────────────────────────────────────────────────────
@pytest.mark.parametrize("lang", LANGS)
def test_board_tables_show_the_data(site, dataset, lang):
    html = article(html_path(site, "kpis", lang))
    board = dataset.board
    comp = re.search(r'<table data-table="board_composition"[^>]*>(.*?)</table>', html, re.S).group(1)
    mark = r'<small class="esg-restated"[^>]*>.*?</small>'
    for row in board.composition:
        cells = re.findall(r"<td[^>]*>(.*?)</td>", re.search(rf'<tr data-kpi="{row.id}"[^>]*>(.*?)</tr>', comp,
                                                              re.S).group(1), re.S)
        assert [_text(re.sub(mark, "", c, flags=re.S)) for c in cells] == [f"{row.count:f}", f"{row.share:f}"]
        # a count an editor restated (data/restatements.yaml) says so beside it, and only then
        assert bool(re.search(mark, cells[0], re.S)) == ((row.id, board.as_of.year) in dataset.restated), row.id
    members = re.search(r'<table data-table="board_members"[^>]*>(.*?)</table>', html, re.S).group(1)
    for m in board.members:
        row = _text(re.search(rf'<tr[^>]*data-director="{m.id}"[^>]*>(.*?)</tr>', members, re.S).group(1))
        assert m.name.get(lang) in row and str(m.age) in row and board.roles[m.role].get(lang) in row


# ── charts ──────────────────────────────────────────────────────────────────
def chart_values(dataset, table) -> list[str]:
    """A chart's value labels, row by row, oldest year first: each figure as data/ writes it, with thousands
    separators (Python's own, not the site's formatting); the same in every edition (none reaches 萬 / million)."""
    return [f"{dataset.rows[r].values[y]:,f}" for r in table.chart_rows for y in dataset.years]


@pytest.mark.parametrize("lang", LANGS)
def test_every_chart_describes_exactly_its_data(site, dataset, lang):
    html = article(html_path(site, "kpis", lang))
    charted = [t for t in dataset.tables.values() if t.chart == "bars"]
    assert charted, "no table has a chart"
    for table in charted:
        svg = re.search(rf'<svg[^>]*aria-labelledby="chart-{table.id}-t chart-{table.id}-d".*?</svg>', html, re.S)
        assert svg, f"chart of {table.id} missing"
        desc = re.search(r"<desc[^>]*>(.*?)</desc>", svg.group(0), re.S).group(1)
        values = [_text(v) for v in re.findall(r'<text class="esg-chart-value"[^>]*>(.*?)</text>', svg.group(0))]
        expected = chart_values(dataset, table)
        assert values == expected, f"{table.id}: bars say {values}, data/ says {expected}"
        for row_id in table.chart_rows:
            assert dataset.rows[row_id].label.get(lang) in desc
        assert "<script" not in svg.group(0)


# ── downloads ───────────────────────────────────────────────────────────────
def _data_text(v) -> str:
    return "/" if isinstance(v, NotDisclosed) else f"{v:f}"


def test_csv_download_equals_the_data(site, dataset):
    raw = (site / "downloads" / downloads.file_names(dataset)["csv"]).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "Excel needs the UTF-8 BOM to show Chinese"
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert [r["kpi_id"] for r in rows] == list(dataset.rows)
    for r in rows:
        row = dataset.rows[r["kpi_id"]]
        for lang in LANGS:  # a label column per edition: indicator_zh_hant, indicator_en, indicator_zh_hans
            column = lang.lower().replace("-", "_")
            assert r[f"indicator_{column}"] == row.label.get(lang)
            assert r[f"unit_{column}"] == dataset.units[row.unit].label.get(lang)
        assert r["hkex_kpi"].split() == row.hkex
        for year in dataset.years:
            assert r[str(year)] == _data_text(row.values[year]), f"{row.id} {year}"


def test_json_download_equals_the_data(site, dataset):
    doc = json.loads((site / "downloads" / downloads.file_names(dataset)["json"]).read_text(encoding="utf-8"))
    assert doc["years"] == dataset.years
    by_id = {k["id"]: k for k in doc["kpis"]}
    assert list(by_id) == list(dataset.rows)
    for kpi_id, row in dataset.rows.items():
        entry = by_id[kpi_id]
        assert entry["hkex_kpi"] == row.hkex and entry["unit"]["id"] == row.unit
        for year, value in row.values.items():
            if isinstance(value, NotDisclosed):
                assert entry["values"][str(year)] is None and entry["text"][str(year)] == "/"
            else:
                assert Decimal(str(entry["values"][str(year)])) == value
                assert entry["text"][str(year)] == f"{value:f}"


def test_xlsx_download_equals_the_data(site, dataset):
    from openpyxl import load_workbook

    wb = load_workbook(site / "downloads" / downloads.file_names(dataset)["xlsx"])
    assert set(dataset.tables) <= set(wb.sheetnames), "one sheet per table"
    parent_of = downloads.parent_ids(dataset)
    for table_id, table in dataset.tables.items():
        ws = wb[table_id[:31]]
        header = [c.value for c in ws[2]]
        assert header[-len(dataset.years):] == dataset.years
        for excel_row, row in zip(ws.iter_rows(min_row=3, values_only=True), table.rows):
            assert excel_row[0] == row.id
            assert header[1] == "parent_kpi_id" and (excel_row[1] or None) == parent_of.get(row.id)  # "of which"
            n = len(LANGS)   # an indicator and a unit column per edition
            assert excel_row[3:3 + 2 * n] == (*[row.label.get(x) for x in LANGS],
                                              *[dataset.units[row.unit].label.get(x) for x in LANGS])
            for cell, year in zip(excel_row[3 + 2 * n:], dataset.years):
                value = row.values[year]
                if isinstance(value, NotDisclosed):
                    assert cell == "/"
                else:
                    assert isinstance(cell, (int, float)), f"{row.id} {year}: {cell!r} is not a number"
                    assert Decimal(str(cell)) == value


@pytest.mark.parametrize("lang", LANGS)
def test_data_page_links_the_downloads(site, dataset, lang):
    page = html_path(site, "kpis", lang)
    hrefs = re.findall(r'<a href="([^"]+)" download>', article(page))
    assert len(hrefs) == len(downloads.file_names(dataset))
    for href in hrefs:
        assert (page.parent / href).resolve().is_file(), href


def test_a_new_year_changes_only_data(tmp_path, dataset):
    """Add the year after the last to every row of a copy of data/: tables and downloads grow a column with no code
    change (the years as data/ has them now)."""
    shutil.copytree(ROOT / "data", tmp_path / "data")
    shutil.copytree(ROOT / "docs", tmp_path / "docs")
    years, new = dataset.years, dataset.years[-1] + 1
    listed = "years: [" + ", ".join(map(str, years)) + "]"
    for path in (tmp_path / "data" / "kpis").glob("*.yaml"):
        text = path.read_text(encoding="utf-8").replace(listed, listed[:-1] + f", {new}]")
        text = re.sub(rf"(values: \{{[^}}]*\b{years[-1]}: ([^,}}]+))\}}", rf"\1, {new}: \2}}", text)
        path.write_text(text, encoding="utf-8")
    ds = load_dataset(tmp_path)
    assert ds.years == [*years, new]
    from macros.render.tables import kpi_table_html

    html = kpi_table_html(ds, ds.tables["ghg"], "en", ds.years)
    assert re.search(rf'<th scope="col" class="esg-num[^"]*">{new}</th>', html)
    assert dataset.report.t_text("change", "en", a=years[-1], b=new) in html
    header = downloads.csv_bytes(ds).decode("utf-8-sig").splitlines()[0].split(",")
    assert header[header.index(str(years[0])):header.index("added")] == [str(y) for y in [*years, new]]


# ── every declared rule bites ───────────────────────────────────────────────
def _declared_checks():
    ds = load_dataset(ROOT)
    for row_id, row in ds.rows.items():
        for year, value in (row.values.items() if row.check else []):
            if not isinstance(value, NotDisclosed):
                yield row_id, year
                break


@pytest.mark.parametrize("row_id,year", list(_declared_checks()))
def test_each_consistency_rule_fails_on_a_mutated_copy(tmp_path, row_id, year):
    """Bump the checked row's published value by one unit of its last digit: the build must refuse it."""
    shutil.copytree(ROOT / "data", tmp_path / "data")
    shutil.copytree(ROOT / "docs", tmp_path / "docs")
    ds = load_dataset(tmp_path)
    located, path = ds.origin[row_id]
    value = ds.rows[row_id].values[year]
    bumped = value + Decimal(1).scaleb(value.as_tuple().exponent)
    file = tmp_path / located.file
    lines = file.read_text(encoding="utf-8").splitlines(keepends=True)
    line_no = located.line_of(path + ("values",)) - 1
    new = re.sub(rf"({year}: ){re.escape(f'{value:f}')}(?=[,}}])", rf"\g<1>{bumped:f}", lines[line_no], count=1)
    assert new != lines[line_no], f"could not mutate {row_id} on line {line_no + 1}: {lines[line_no]!r}"
    lines[line_no] = new
    file.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(DataErrors) as info:
        load_dataset(tmp_path)
    assert f"{row_id} {year} is {bumped:f}" in str(info.value)


# ── the content index ───────────────────────────────────────────────────────
@pytest.mark.parametrize("lang", LANGS)
def test_content_index_covers_the_guide_and_its_links_resolve(site, dataset, lang):
    page = html_path(site, "content-index", lang)
    html = article(page)
    codes = re.findall(r'<tr data-code="([^"]+)"[^>]*>', html)
    expected = [c for c in dataset.guide_order if dataset.guide[c].kind in ("general_disclosure", "kpi")]
    assert codes == expected
    text = unescape(_text(html)).translate(STRAIGHT)   # the page sets typographic quotes (macros/render/quotes.py)
    for code in dataset.guide_order:
        assert " ".join(dataset.guide[code].text.get(lang).split()) in text, f"wording of {code} missing"
    links = re.findall(r'<tr data-code="[^"]+"[^>]*>.*?</tr>', html, re.S)
    checked = 0
    for row in links:
        for href in re.findall(r'<a href="([^"]+)"', row):
            url, fragment = urldefrag(href)
            target = (page.parent / url).resolve()
            target = target / "index.html" if target.is_dir() else target
            assert target.is_file(), f"{href} from content index ({lang}) leads nowhere"
            if fragment:
                assert f'id="{fragment}"' in target.read_text(encoding="utf-8"), f"{href}: no #{fragment}"
            assert (lang == "en") == ("/en/" in str(target.relative_to(site.parent))), f"{href} changes language"
            checked += 1
    assert checked >= 40
    not_applicable = [code for code, entry in dataset.content_index.items() if entry.not_applicable]
    assert len(not_applicable) >= 6
    for code in not_applicable:
        where = re.findall(r"<td[^>]*>(.*?)</td>", re.search(rf'<tr data-code="{re.escape(code)}"[^>]*>(.*?)</tr>',
                                                               html, re.S).group(1), re.S)[-1]
        printed, _, note = where.partition("<br>")
        # the report prints 不適用 and nothing else: the cell reads just that, and an explanation of ours is marked
        assert _text(printed) == dataset.report.strings["not_applicable"].get(lang), f"{code}: {printed!r}"
        entry = dataset.content_index[code]
        if entry.website_note:
            wanted = dataset.report.strings["website_note"].get(lang).format(text=entry.website_note.get(lang))
            assert unescape(_text(note)).translate(STRAIGHT) == wanted.translate(STRAIGHT), \
                f"{code}: the note is not marked as the website's: {note!r}"
        else:
            assert not note, f"{code}: text beside 不適用 that data/content_index.yaml does not give: {note!r}"


def test_content_index_marks_not_applicable_where_the_report_prints_it(dataset):
    """The report's index prints 不適用 against exactly the items that data/content_index.yaml marks so."""
    source = (ROOT / "data" / "printed" / "report.zh-Hant.txt").read_text(encoding="utf-8").split("\n")
    start = next(i for i, line in enumerate(source) if line.startswith("56附錄三"))
    printed = [line.removesuffix("不適用").strip() for line in source[start:] if line.rstrip().endswith("不適用")]
    wording = {code: re.sub(r"\s+", "", e.text.get("zh-Hant")) for code, e in dataset.guide.items()
               if e.kind in ("general_disclosure", "kpi")}
    marked = set()
    for line in printed:  # the printed wording differs from the Guide's in a word or two (資料/數據)
        line = re.sub(r"\s+", "", line)
        ratio, code = max((difflib.SequenceMatcher(None, line, text).ratio(), code) for code, text in wording.items())
        assert ratio > 0.8, f"printed 不適用 item matches no Guide item: {line} (best {code}, {ratio:.2f})"
        marked.add(code)
    assert marked == {code for code, e in dataset.content_index.items() if e.not_applicable}


# ── figures quoted in the narrative ─────────────────────────────────────────
CALL = re.compile(r"""\{\{\s*(kpi|fact|money)\(\s*["']([a-z0-9_]+)["']\s*(?:,\s*(\d{4}))?\s*(,\s*words=True)?\s*\)\s*\}\}""")


def quoted(dataset, kind: str, ident: str, year: str, words: str, lang: str) -> str:
    """What a kpi(), fact() or money() call of a page shows in `lang`: the figure of data/, formatted as the edition
    writes it (tests/test_editions.py tests the formatting itself, on figures of its own)."""
    from macros.render import formatting

    edition = dataset.report.editions[lang]
    if kind == "fact":
        f = dataset.facts[ident]
        return formatting.fmt(f.value, edition, f.format)
    value = dataset.value(ident, int(year) if year else dataset.year)
    if kind == "money":
        return formatting.money(value, dataset.unit_of(ident).id, edition)
    return formatting.words(value, edition) if words else formatting.fmt(value, edition)


def test_every_figure_quoted_in_a_page_is_the_data(site, dataset):
    """Every kpi(), fact() and money() of a page shows the figure of data/, in its edition and in zh-Hans."""
    checked = 0
    for source in sorted((ROOT / "docs").glob("*.md")):
        slug, lang = source.name[:-3].rsplit(".", 1)
        editions = [lang] + [g for g, src in GENERATED.items() if src == lang]
        texts = {e: unescape(_text(article(html_path(site, slug, e)))) for e in editions}
        for kind, ident, year, words in CALL.findall(source.read_text(encoding="utf-8")):
            expected = quoted(dataset, kind, ident, year, words, lang)
            for edition, text in texts.items():
                shown = LOCALES.convert(edition, expected) if edition != lang else expected
                assert shown in text, f"{source.name} ({edition}): {kind}({ident!r}) should show {shown!r}"
            checked += 1
    assert checked, "no page quotes a figure: is CALL still the macros' syntax?"
