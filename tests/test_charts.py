"""KPI charts inform: each indicator on its own scale (no hairline beside a long bar), its change printed beside
its label, and the caption where the chart is.

Expected lengths and changes are computed here from data/ (the values of each charted row), not by the chart code.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

import pytest

from conftest import DESKTOP, LANGS, PHONE, html_path, page_url
from macros.model.schema import NotDisclosed
from test_site import article

SVG = re.compile(r'<svg[^>]*aria-labelledby="chart-([a-z0-9_]+)-t[^"]*"[^>]*>(.*?)</svg>', re.S)
BAR = re.compile(r'<rect class="esg-bar[^"]*"[^>]*width="([\d.]+)"')


def expected_change(a: Decimal, b: Decimal, percent: bool) -> str:
    if percent:
        diff = b - a
        places = max(-a.as_tuple().exponent, -b.as_tuple().exponent, 0)
        return f"{diff:+.{places}f}"
    return f"{((b - a) / a * 100).quantize(Decimal('0.1'), ROUND_HALF_UP):+}%"


@pytest.mark.parametrize("lang", LANGS)
def test_each_indicator_has_its_own_scale_and_no_hairline(site, dataset, lang):
    html = article(html_path(site, "kpis", lang))
    charts = dict(SVG.findall(html))
    charted = [t for t in dataset.tables.values() if t.chart == "bars"]
    assert charted and set(charts) == {t.id for t in charted}
    for table in charted:
        bars = [w for chunk in re.split(r'<text class="esg-chart-year"', charts[table.id]) for w in BAR.findall(chunk)]
        rows = [dataset.rows[r] for r in table.chart_rows]
        per_row = len(dataset.years)
        assert len(bars) == per_row * len(rows)
        widths = [[float(w) for w in bars[i * per_row:(i + 1) * per_row]] for i in range(len(rows))]
        full = max(max(w) for w in widths)
        for row, ws in zip(rows, widths):
            values = [row.values[y] for y in dataset.years]
            numbers = [v for v in values if not isinstance(v, NotDisclosed)]
            top = max(numbers)
            # the row's largest value fills the width every indicator's largest value fills
            assert abs(max(ws) - full) < 0.2, f"{table.id}/{row.id}: not on its own scale ({ws}, full {full})"
            for v, w in zip(values, ws):
                if isinstance(v, NotDisclosed):
                    continue
                assert abs(w - float(v / top) * full) < 0.2 or (v == 0 and w <= 1), (table.id, row.id, v, w)
            # no hairline: a bar under 8 units beside one over 100 only if its value really is that small
            for v, w in zip(values, ws):
                if not isinstance(v, NotDisclosed) and w < 8 and max(ws) > 100:
                    assert v / top < Decimal("0.08"), f"{table.id}/{row.id}: {v} drawn as a hairline ({w})"


@pytest.mark.parametrize("lang", LANGS)
def test_each_indicator_prints_its_change(site, dataset, lang):
    html = article(html_path(site, "kpis", lang))
    charts = dict(SVG.findall(html))
    a, b = dataset.years[-2], dataset.years[-1]
    for table in (t for t in dataset.tables.values() if t.chart == "bars"):
        shown = [c.replace("−", "-") for c in re.findall(r'<text class="esg-chart-change"[^>]*>(.*?)</text>',
                                                         charts[table.id])]
        expected = []
        for rid in table.chart_rows:
            row = dataset.rows[rid]
            va, vb = row.values[a], row.values[b]
            if isinstance(va, NotDisclosed) or isinstance(vb, NotDisclosed) or (va == 0 and not dataset.units[row.unit].percent):
                continue
            expected.append(expected_change(va, vb, dataset.units[row.unit].percent))
        assert [s[: len(e)] for s, e in zip(shown, expected)] == expected and len(shown) == len(expected), \
            f"{table.id}: changes {shown}, data says {expected}"


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_chart_captions_start_where_their_chart_starts(browser, server, width):
    ctx = browser.new_context(viewport={"width": width, "height": 900})
    page = ctx.new_page()
    try:
        for lang in LANGS:
            page.goto(server + page_url("kpis", lang))
            offsets = page.evaluate("""() => [...document.querySelectorAll('figure.esg-chart')].map(f => {
                const s = f.querySelector('svg').getBoundingClientRect(), c = f.querySelector('figcaption');
                const range = document.createRange(); range.selectNodeContents(c);
                return [range.getClientRects()[0].left - s.left, getComputedStyle(c).textAlign];
            })""")
            assert offsets, lang
            for dx, align in offsets:
                assert abs(dx) <= 2, f"{lang} at {width}px: caption starts {dx:.0f}px from its chart ({align})"
    finally:
        ctx.close()
