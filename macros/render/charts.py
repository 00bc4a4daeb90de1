"""Year-on-year bar charts as inline SVG, drawn at build time from data/ (no JavaScript, nothing fetched).

Why: a picture reads faster than a table for trends, but the numbers stay in the adjacent table. Horizontal bars with
the label above each group fit long Chinese labels and narrow phones; colours come from the theme's CSS variables so
the chart follows the light and dark palettes; the SVG carries a title and a text description of every value.
Each indicator is drawn on its own scale (its largest year fills the width): on one shared scale a small indicator
(hazardous waste, 0.041 t) was a hairline beside a large one (19.573 t) and said nothing. So that the eye does not
compare lengths across indicators, each carries its change as a signed figure beside its label (+10.8%), as the
KPI table's change column does, and the description says it in words.
"""

from __future__ import annotations

from decimal import Decimal
from markupsafe import Markup

from .escaping import escape

from . import formatting
from .textfit import text_width, wrap
from ..model.dataset import Dataset, row_frame
from ..model.schema import KpiTable, NotDisclosed

EDGE = 2      # room between the change badge's last glyph and the drawing's edge (a glyph's ink passes its advance)
WIDTH = 340   # about a phone's content width: on a phone the text is drawn at its own size (15 px, near the body's 16)
LABEL_H = 22
BAR_H = 18
GAP = 4
GROUP_GAP = 12
LEFT = 44      # room for the year label
RIGHT = 92     # room for the value text

LABEL_PX = 15   # the sizes docs/assets/extra.css and overrides/pdf/chart.css give these texts
SMALL_PX = 13


def chart_svg(ds: Dataset, table: KpiTable, lang: str, years: list[int]) -> str:
    """A KPI table's chart in Appendix 1: its `chart_rows`, each on its own scale."""
    rows = [r for r in table.rows if r.id in table.chart_rows]
    units = {r.unit for r in rows}
    if len(units) != 1:
        raise ValueError(f"chart of table '{table.id}' mixes units {sorted(units)}; chart_rows must share one unit")
    return bars_svg(ds, rows, table.caption.get(lang), f"chart-{table.id}", lang, years)


def bars_svg(ds: Dataset, rows: list, caption: str, cid: str, lang: str, years: list[int],
             one_scale: bool = False, kind: str = "") -> str:
    """Bars by year for `rows` (one unit), titled `caption`; `one_scale`: every bar on the largest figure's scale,
    for parts compared with each other (Scope 1 against Scope 2, women against men), else each row on its own.
    `kind`: a further class of the figure (a chapter's chart, which the PDF need not keep with a KPI table)."""
    unit = ds.units[rows[0].unit]
    span = WIDTH - LEFT - RIGHT
    t, edition = ds.report.t, ds.report.editions[lang]
    parts, y_pos, descriptions = [], 0, []
    shared = max((r.values[y] for r in rows for y in years if not isinstance(r.values[y], NotDisclosed)),
                 default=Decimal(1)) or Decimal(1)
    for row in rows:
        label = row.label.get(lang)
        numbers = [row.values[y] for y in years if not isinstance(row.values[y], NotDisclosed)]
        top = shared if one_scale else max(numbers, default=Decimal(1)) or Decimal(1)   # the scale of this row
        delta = formatting.change(row.values[years[-2]], row.values[years[-1]], unit.percent, lang, ds.report) \
            if len(years) >= 2 else None
        badge_w = text_width(delta, SMALL_PX) + 8 + EDGE if delta else 0
        lines = wrap(label, WIDTH - badge_w, LABEL_PX)
        for i, line in enumerate(lines):
            parts.append(f'<text class="esg-chart-label" x="0" y="{y_pos + 16 + i * 20}">{escape(line)}</text>')
        if delta:
            parts.append(f'<text class="esg-chart-change" x="{WIDTH - EDGE}" y="{y_pos + 16}" text-anchor="end">'
                         f'{escape(delta)}</text>')
        y_pos += LABEL_H + (len(lines) - 1) * 20
        said = []
        for i, year in enumerate(years):
            value = row.values[year]
            text = formatting.fmt(value, edition)
            said.append(t("chart_value", lang, y=year, v=t("chart_nd", lang) if isinstance(value, NotDisclosed) else text))
            length = 0 if isinstance(value, NotDisclosed) else float(value / top) * span
            parts.append(f'<text class="esg-chart-year" x="0" y="{y_pos + 14}">{year}</text>')
            parts.append(f'<rect class="esg-bar esg-bar-{i % 2}" x="{LEFT}" y="{y_pos}" width="{max(length, 1):.1f}" '
                         f'height="{BAR_H}" rx="2"/>')
            parts.append(f'<text class="esg-chart-value" x="{LEFT + max(length, 1) + 4:.1f}" y="{y_pos + 14}">'
                         f'{escape(text)}</text>')
            y_pos += BAR_H + GAP
        y_pos += GROUP_GAP
        if delta:
            said.append(t("chart_change", lang, a=years[-2], b=years[-1], c=delta))
        descriptions.append(t("chart_item", lang, label=label, unit=unit.label.get(lang),
                              values=t("list_separator", lang).join(said)))
    title = t("chart_title", lang, caption=caption, a=years[0], b=years[-1])
    desc = t("item_separator", lang).join(descriptions)
    unit_text = t("in_parentheses", lang, text=unit.label.get(lang))
    note = t("chart_scale", lang)
    return (f'<figure class="esg-chart{" " + kind if kind else ""}"><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {y_pos}" '
            f'role="img" aria-labelledby="{cid}-t {cid}-d" focusable="false">'
            f'<title id="{cid}-t">{escape(title)}</title><desc id="{cid}-d">{escape(desc)}</desc>'
            f'{"".join(parts)}</svg><figcaption>{escape(title + unit_text)}'
            + (f'<br><span class="esg-chart-note">{escape(note)}</span>' if len(rows) > 1 and not one_scale else "")
            + '</figcaption></figure>')


def chapter_chart_md(ds: Dataset, chapter: str, kpi_ids: list[str], lang: str, to_docs_root: str = "") -> str:
    """A chapter's small chart (data/chapter_figures.yaml `charts:`): its rows by year on one scale, titled by their
    KPI table's caption (by the row's label when it is one), then a line linking each row to Appendix 1 (Markdown links: MkDocs checks them and their
    anchors, and the PDF points them inside the document)."""
    from .escaping import md_text
    from .home import KPI_PAGE
    from .tables import row_anchor

    rows = [ds.rows[i] for i in kpi_ids]
    years, table_caption = row_frame(ds, rows[0].id)   # not the whole file: make serve renders what a save changed
    caption = (rows[0].label if len(rows) == 1 else table_caption).get(lang)   # one row: its own name
    figure = bars_svg(ds, rows, caption, f"chart-chapter-{chapter}", lang, list(years),
                      one_scale=True, kind="esg-chapter-chart")
    t = ds.report.t
    links = t("list_separator", lang).join(   # the separator escaped as every UI string; md_text escapes each label
        Markup(f"[{md_text(r.label.get(lang))}]({to_docs_root}{KPI_PAGE}#{row_anchor(r.id)})") for r in rows)
    return f'{figure}\n\n<p class="esg-chart-rows" markdown="span">{t("chart_rows", lang, rows=links)}</p>'

