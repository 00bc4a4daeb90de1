"""The home page's masthead and highlight tiles, from data/report.yaml, the KPI tables and the facts.

Why: the front page is the report's cover, so it is typography from data — the company's name in the page's own
language and script and in the other hand-written edition's, the report's title with its year, the stock code — and
never an invented logo. A tile shows a figure with its unit and its change on the previous year (sign and words, not
colour alone); the page writes what the figure is, as a link to its KPI row, and that link covers the whole tile.
"""

from __future__ import annotations

from .escaping import escape

from . import formatting
from .restated import restated_mark
from ..model.dataset import Dataset


def company_names(ds: Dataset, lang: str) -> list[tuple[str, str]]:
    """[(locale, name)]: the page's own language first, then each hand-written edition in another script (a
    generated edition's source is the same name in another script of the same language, so it is left out)."""
    locales = ds.report.locales
    others = [h for h in locales.hand if h not in (lang, locales.generated.get(lang))]
    return [(code, ds.report.info.company.get(code)) for code in [lang, *others]]


def masthead_md(ds: Dataset, lang: str, actions: list[str]) -> str:
    """The masthead as Markdown in HTML: the title is the page's one <h1> (`#home`), so MkDocs and the TOC see it."""
    t = ds.report.t
    names = company_names(ds, lang)
    first, *rest = names
    lines = ['<div class="esg-masthead" markdown="1">',
             f'<p class="esg-mast-company" lang="{first[0]}">{escape(first[1])}</p>']
    lines += [f'<p class="esg-mast-company-alt" lang="{code}">{escape(name)}</p>' for code, name in rest]
    lines += [f'<p class="esg-mast-code">{escape(t("stock_code", lang, code=ds.report.info.stock_code))}</p>',
              "", f"# {escape(ds.report.title(lang))} {{#home}}", "",
              f'<p class="esg-mast-actions">{" ".join(actions)}</p>', "</div>"]
    return "\n".join(lines)


def change_text(ds: Dataset, kpi_id: str, lang: str) -> str | None:
    """The report year's change on the year before, in words: 較2021年 +2.0% / +2.0% vs 2021 (None: no change can
    be given, as the earlier year is zero or not disclosed)."""
    years = ds.years
    if len(years) < 2:
        return None
    a, b = years[-2], ds.year
    try:
        old, new = ds.value(kpi_id, a), ds.value(kpi_id, b)
    except KeyError:  # a figure of one year only (the board's composition)
        return None
    delta = formatting.change(old, new, ds.unit_of(kpi_id).percent, lang, ds.report)
    return None if delta is None else ds.report.t("change_vs", lang, a=a, change=delta)


def tile_kpi_html(ds: Dataset, kpi_id: str, lang: str) -> str:
    """A tile's figure, unit and change (inline HTML: it sits in the tile's first paragraph)."""
    value = formatting.fmt(ds.value(kpi_id, ds.year), ds.report.editions[lang])
    unit = ds.unit_of(kpi_id).label.get(lang)
    # real spaces between the parts: the PDF (overrides/pdf/) prints them inline, without the site's CSS
    html = (f'<span class="esg-tile-figure"><strong>{escape(value)}</strong>{restated_mark(ds, kpi_id, ds.year, lang)} '
            f'<span class="esg-tile-unit">{escape(unit)}</span></span>')
    change = change_text(ds, kpi_id, lang)
    if change:
        old, new = ds.value(kpi_id, ds.years[-2]), ds.value(kpi_id, ds.year)
        arrow = "▲" if new > old else "▼" if new < old else "▶"
        html += f' <span class="esg-tile-change"><span aria-hidden="true">{arrow} </span>{escape(change)}</span>'
    return html


def tile_fact_html(ds: Dataset, fact_id: str, lang: str) -> str:
    fact = ds.facts[fact_id]
    return (f'<span class="esg-tile-figure"><strong>{escape(formatting.fmt(fact.value, ds.report.editions[lang], fact.format))}'
            f'</strong></span>')


KPI_PAGE = "kpis.md"  # Appendix 1, where every KPI row has its anchor (tables.row_anchor)


def chapter_tiles_md(ds: Dataset, kpi_ids: list[str], lang: str, to_docs_root: str = "") -> str:
    """A chapter's key figures as tiles (Markdown in HTML, as on the home page): the figure, unit and change, then
    the indicator's name as a link to its row in Appendix 1 (MkDocs checks the link and its anchor)."""
    from .escaping import md_text
    from .tables import row_anchor

    items = [f"-   {tile_kpi_html(ds, kpi_id, lang)}\n\n"
             f"    [{md_text(ds.rows[kpi_id].label.get(lang))}]({to_docs_root}{KPI_PAGE}#{row_anchor(kpi_id)})"
             for kpi_id in kpi_ids]
    return '<div class="esg-tiles esg-chapter-figures" markdown>\n\n' + "\n\n".join(items) + "\n\n</div>"
