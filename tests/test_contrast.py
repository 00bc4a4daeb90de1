"""Contrast in every mode (issue 23, point 7): in the light and the dark scheme, every text of every diagram and chart
meets WCAG AA 4.5:1 against what is behind it (the page, or the filled shape it sits on), and every stroke (box
outline, connector, frame, rule) and every bar 3:1 against the page (WCAG 1.4.11, non-text contrast). Measured in a
browser from the computed SVG styles, in every edition, on every page that has a diagram or a chart."""

from __future__ import annotations

import pytest

from conftest import (DESKTOP, LANGS, ROOT, html_path, new_site_context, on_every_page, page_slugs, page_url,
                      walk_group)

MEASURE = r"""() => {
  const parse = s => { const m = s.match(/rgba?\(([^)]+)\)/); if (!m) return null;
    const p = m[1].split(/[ ,\/]+/).filter(Boolean).map(Number); return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1]; };
  const over = (c, bg) => [0,1,2].map(i => c[i] * c[3] + bg[i] * (1 - c[3]));
  const lum = c => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]); };
  const ratio = (a, b) => { const x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
  const pageBg = (() => { let e = document.querySelector('.md-content'); 
    for (; e; e = e.parentElement) { const c = parse(getComputedStyle(e).backgroundColor); if (c && c[3] > 0) return c; }
    return [255,255,255,1]; })();
  const out = [];
  for (const svg of document.querySelectorAll('.esg-diagram svg, .esg-chart svg')) {
    const shapes = [...svg.querySelectorAll('rect, path, line, polyline, circle')];
    const behind = el => {   // the filled shape under the middle of el, else the page
      const r = el.getBoundingClientRect(), x = r.left + r.width / 2, y = r.top + r.height / 2;
      let bg = pageBg.slice(0, 3);
      for (const s of shapes) { const b = s.getBoundingClientRect(); const f = parse(getComputedStyle(s).fill);
        if (f && f[3] > 0 && getComputedStyle(s).fill !== 'none' && x >= b.left && x <= b.right && y >= b.top && y <= b.bottom
            && s.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING) bg = over(f, bg); }
      return bg; };
    for (const t of svg.querySelectorAll('text')) {
      const c = parse(getComputedStyle(t).fill); if (!c) continue; const bg = behind(t);
      out.push({kind: 'text', cls: t.getAttribute('class'), text: t.textContent.slice(0, 20), ratio: ratio(over(c, bg), bg),
                chapter: !!svg.closest('.esg-chapter-chart')});
    }
    for (const s of shapes) {
      const st = getComputedStyle(s); const c = parse(st.stroke);
      if (c && st.stroke !== 'none' && parseFloat(st.strokeWidth) > 0)
        out.push({kind: 'stroke', cls: s.getAttribute('class'), ratio: ratio(over(c, pageBg), pageBg.slice(0, 3))});
      const f = parse(st.fill);   // a bar of a chart: a graphical object against the page
      if (svg.closest('.esg-chart') && f && st.fill !== 'none' && (s.getAttribute('class') || '').includes('bar'))
        out.push({kind: 'bar', cls: s.getAttribute('class'), ratio: ratio(over(f, pageBg), pageBg.slice(0, 3)),
                  chapter: !!svg.closest('.esg-chapter-chart')});
    }
  }
  return out;
}
"""


def _pages_with_figures(site, lang) -> list[str]:
    return [slug for slug in page_slugs()
            if any(c in html_path(site, slug, lang).read_text(encoding="utf-8")
                   for c in ('class="esg-diagram', 'class="esg-chart'))]


# The light scheme is the desktop walk's (conftest.py: every page is visited there once); the dark one is visited here.
on_every_page("desktop", "contrast")(lambda page: {"scheme": page.evaluate("document.body.dataset.mdColorScheme"),
                                                    "items": page.evaluate(MEASURE)})


def _measured_in_the_dark(browser, server, lang, slugs) -> dict[str, list]:
    context = new_site_context(browser, server, DESKTOP, color_scheme="dark")
    page = context.new_page()
    measured = {}
    for slug in slugs:
        page.goto(server + page_url(slug, lang))
        assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
        measured[slug] = page.evaluate(MEASURE)
    context.close()
    return measured


def _assert_contrast(measured_by_page: dict[str, list], lang, scheme, chapter_charts):
    in_chapter_charts: dict[str, set] = {}
    measured, low = {"text": 0, "stroke": 0, "bar": 0}, []
    for slug, items in measured_by_page.items():
        for item in items:
            measured[item["kind"]] += 1
            if item.get("chapter"):
                in_chapter_charts.setdefault(slug, set()).add(item["kind"])
            need = 4.5 if item["kind"] == "text" else 3.0
            if item["ratio"] < need:
                low.append(f"{slug}: {item['kind']} {item['cls']} {item.get('text', '')!r} {item['ratio']:.2f}:1")
    assert all(n >= 5 for n in measured.values()), f"too little measured: {measured}"
    assert {c: in_chapter_charts.get(c) for c in chapter_charts} == {c: {"text", "bar"} for c in chapter_charts}
    assert not low, f"{lang} {scheme}: below WCAG AA:\n" + "\n".join(sorted(set(low))[:30])


def _figure_pages(site, dataset, lang) -> tuple[list[str], set[str]]:
    slugs = _pages_with_figures(site, lang)
    assert len(slugs) >= 2, slugs
    chapter_charts = set(dataset.chapter_charts)   # each chapter's small chart (data/chapter_figures.yaml)
    assert chapter_charts and chapter_charts <= set(slugs), (chapter_charts, slugs)
    return slugs, chapter_charts


@pytest.mark.xdist_group(walk_group("desktop"))
@pytest.mark.parametrize("lang", LANGS)
def test_diagrams_and_charts_meet_aa_contrast_in_the_light_scheme(walk, site, dataset, lang):
    slugs, chapter_charts = _figure_pages(site, dataset, lang)
    seen = {slug: walk("desktop")[page_url(slug, lang)]["contrast"] for slug in slugs}
    assert {slug: record["scheme"] for slug, record in seen.items()} == {slug: "default" for slug in slugs}
    _assert_contrast({slug: record["items"] for slug, record in seen.items()}, lang, "light", chapter_charts)


@pytest.mark.parametrize("lang", LANGS)
def test_diagrams_and_charts_meet_aa_contrast_in_the_dark_scheme(browser, server, site, dataset, lang):
    slugs, chapter_charts = _figure_pages(site, dataset, lang)
    _assert_contrast(_measured_in_the_dark(browser, server, lang, slugs), lang, "dark", chapter_charts)
