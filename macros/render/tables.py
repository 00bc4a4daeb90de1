"""Render KPI tables, the board and the milestones as accessible HTML in the language being built.

Why: analysts read these tables on phones and with screen readers. Each table has a caption, header cells with
scope, a unit column and one column per year from the data. Every row has an id (`kpi-<id>`), so a page can link to
one figure and the row is highlighted when it is the target. Each cell carries its column's name (`data-label`) and
its role (`esg-unit`, `esg-prev`, `esg-cur`, `esg-chg`), so on a phone docs/assets/extra.css lays a row out as a card
(label, then the report year's value and unit, then the previous year and the change) while the markup stays a real
table for screen readers, the desktop and print. Every text from YAML (UI strings included) is HTML-escaped.
"""

from __future__ import annotations

import re
from .escaping import escape

from . import charts, formatting, restated
from .escaping import md_text
from ..model.breakdown import grouped
from ..model.dataset import Dataset, table_anchor
from ..model.schema import KpiFile, KpiTable, NotDisclosed


# Classes the print document finds (macros/render/print_document.py imports them from here, so the two cannot drift):
KPI_BLOCK_CLASS = "esg-kpi-block"   # a KPI table's heading, table, legend and chart: kept on one page in the PDF
UNIT_CELL_CLASS = "esg-unit"        # a KPI row's unit: the PDF breaks it after a "/" only
SITE_NOTE_CLASS = "esg-site-note"   # an explanation of ours: the PDF words it as the editor's footnote
SR_ONLY_CLASS = "esg-sr-only"       # text for screen readers only: never in the PDF's "(continued)" marks


def _t(ds: Dataset, key: str, lang: str, **values) -> str:
    """A UI string (data/ui_strings.yaml) as HTML text: it is data, escaped like every other text."""
    return escape(ds.report.t(key, lang, **values))


def _sr(text: str) -> str:
    return f'<span class="{SR_ONLY_CLASS}">{escape(text)}</span>'


def website_note_html(ds: Dataset, note, lang: str) -> str:
    """An explanation of ours (a `website_note:` in data/), on its own line and marked as the website's, never
    as the report's: "網站註：…" / "Website note: …". Empty when there is none."""
    if note is None:
        return ""
    return (f'<br><small class="{SITE_NOTE_CLASS}">{ds.report.t("website_note", lang, text=escape(note.get(lang)))}'
            '</small>')


def row_anchor(kpi_id: str) -> str:
    """The id of a KPI row on its page (`kpis.md#kpi-employees_total`): one place for pages, tiles and tests."""
    return f"kpi-{kpi_id}"


def _label(text: str) -> str:
    return f' data-label="{escape(text)}"'


def _value_cell(ds: Dataset, value, lang: str, cls: str, label: str, mark: str = "") -> str:
    if isinstance(value, NotDisclosed):
        return (f'<td class="esg-num {cls} esg-nd"{_label(label)}><span aria-hidden="true">—</span>'
                f'{_sr(ds.report.t("not_disclosed", lang))}{mark}</td>')
    return f'<td class="esg-num {cls}"{_label(label)}>{escape(formatting.plain(value))}{mark}</td>'


def kpi_table_html(ds: Dataset, table: KpiTable, lang: str, years: list[int], caption_hidden: bool = False) -> str:
    """A KPI table and, after it, its legend (when a cell needs one)."""
    return "".join(kpi_table_parts(ds, table, lang, years, caption_hidden))


def kpi_table_parts(ds: Dataset, table: KpiTable, lang: str, years: list[int],
                    caption_hidden: bool = False) -> tuple[str, str]:
    """(the table, its legend or ''): apart, so that a block with Markdown inside can give each its own line."""
    t = ds.report.t
    show_change = table.change and len(years) >= 2
    a, b = (years[-2], years[-1]) if show_change else (None, None)
    year_labels = {y: t("year", lang, y=y) for y in years}
    head = [f'<th scope="col">{_t(ds, "indicator", lang)}</th>', f'<th scope="col">{_t(ds, "unit", lang)}</th>']
    head += [f'<th scope="col" class="esg-num{" esg-cur" if y == years[-1] else ""}">{escape(year_labels[y])}</th>'
             for y in years]
    if show_change:
        head.append(f'<th scope="col" class="esg-num">{_t(ds, "change", lang, a=a, b=b)}</th>')
        change_label = t("change_short", lang, a=a, b=b)   # the card's shorter name for the change column
    body, any_nd, any_na = [], False, False
    previous_parent = None
    for row, parent in grouped(table):
        unit = ds.units[row.unit]
        of_which = ""
        if parent and not ds.units[ds.rows[parent].unit].percent:   # parts of an amount; a rate's groups are not parts
            more = " esg-of-more" if parent == previous_parent else ""   # shown once in a table, on every card
            of_which = f'<span class="esg-of{more}">{_t(ds, "of_which", lang)}</span>'
        previous_parent = parent
        notes = (website_note_html(ds, row.website_note, lang) + restated.restated_notes_html(ds, row.id, lang)
                 + restated.added_note_html(ds, row.added, lang))
        cells = [f'<th scope="row">{of_which}{escape(row.label.get(lang))}{notes}</th>',
                 f'<td class="{UNIT_CELL_CLASS}"{_label(t("unit", lang))}>{escape(unit.label.get(lang))}</td>']
        for y in years:
            value = row.values[y]
            any_nd |= isinstance(value, NotDisclosed)
            cells.append(_value_cell(ds, value, lang, "esg-cur" if y == years[-1] else "esg-prev", year_labels[y],
                                     restated.restated_mark(ds, row.id, y, lang)))
        if show_change:
            delta = formatting.change(row.values[a], row.values[b], unit.percent, lang, ds.report)
            if delta is None:
                any_na = True
                cells.append(f'<td class="esg-num esg-chg esg-na"{_label(change_label)}><span aria-hidden="true">—</span>'
                             f'{_sr(t("not_applicable", lang))}</td>')
            else:
                cells.append(f'<td class="esg-num esg-chg"{_label(change_label)}>{escape(delta)}</td>')
        sub = f' class="esg-sub" data-parent="{parent}"' if parent else ""
        body.append(f'<tr data-kpi="{row.id}" id="{row_anchor(row.id)}"{sub}>' + "".join(cells) + "</tr>")
    legend = []
    if any_nd:
        legend.append(t("legend_nd", lang))
    if any_na:
        legend.append(t("legend_na", lang))
    cap_cls = f' class="{SR_ONLY_CLASS}"' if caption_hidden else ""
    html = (f'<div class="esg-table esg-kpi" role="region" tabindex="0" aria-labelledby="cap-{table.id}">'
            f'<table data-table="{table.id}" class="esg-data"><caption id="cap-{table.id}"{cap_cls}>{escape(table.caption.get(lang))}</caption>'
            f'<thead><tr>{"".join(head)}</tr></thead><tbody>{"".join(body)}</tbody></table></div>')
    return html, (f'<p class="esg-legend">{" ".join(escape(x) for x in legend)}</p>' if legend else "")


def kpi_section_md(ds: Dataset, kfile: KpiFile, lang: str) -> str:
    """Every table of one KPI file as Markdown, each under a heading whose id is the table's (for the content index
    and the page's table of contents). The caption is data: escaped for Markdown, so `<script>`, `*`, `[x](…)` or
    `{#id}` in it is shown as typed and never becomes markup or a second id.
    Each heading, its table, legend and chart are one block (class KPI_BLOCK_CLASS, Markdown inside: md_in_html),
    which the PDF keeps on one page when the page has room (overrides/pdf/report.css); on the site it has no style."""
    parts = []
    for table in kfile.tables:
        blocks = [f"### {md_text(table.caption.get(lang))} {{#{table_anchor(table.id)}}}",
                  *kpi_table_parts(ds, table, lang, kfile.years, caption_hidden=True),
                  charts.chart_svg(ds, table, lang, kfile.years) if table.chart == "bars" else ""]
        parts.append("\n\n".join([f'<div class="{KPI_BLOCK_CLASS}" markdown="1">', *filter(None, blocks), "</div>"]))
    return "\n\n".join(parts)


def board_html(ds: Dataset, lang: str) -> str:
    """The board's composition (counts and shares) and its members, from data/board.yaml."""
    board = ds.board
    rows = "".join(
        f'<tr data-kpi="{r.id}" id="{row_anchor(r.id)}"><th scope="row">{escape(r.label.get(lang))}{website_note_html(ds, r.website_note, lang)}'
        f'{restated.restated_notes_html(ds, r.id, lang)}</th>'
        f'<td class="esg-num">{escape(formatting.plain(r.count))}{restated.restated_mark(ds, r.id, board.as_of.year, lang)}</td><td class="esg-num">{escape(formatting.plain(r.share))}</td></tr>'
        for r in board.composition)
    composition = (f'<div class="esg-table" role="region" tabindex="0" aria-labelledby="cap-board-composition">'
                   f'<table data-table="board_composition" class="esg-data"><caption id="cap-board-composition">{escape(board.caption.get(lang))}</caption>'
                   f'<thead><tr><th scope="col">{_t(ds, "indicator", lang)}</th><th scope="col" class="esg-num">{_t(ds, "count", lang)}</th>'
                   f'<th scope="col" class="esg-num">{_t(ds, "share", lang)}</th></tr></thead><tbody>{rows}</tbody></table></div>')
    members = []
    for m in board.members:
        note = (f'<br><small>{escape(m.note.get(lang))}</small>' if m.note else "") + restated.added_note_html(ds, m.added, lang)
        members.append(f'<tr data-director="{m.id}"><th scope="row">{escape(m.name.get(lang))}{note}</th>'
                       f'<td>{_t(ds, m.gender, lang)}</td><td class="esg-num">{m.age}</td>'
                       f'<td>{escape(board.roles[m.role].get(lang))}</td></tr>')
    member_table = (f'<div class="esg-table" role="region" tabindex="0" aria-labelledby="cap-board-members">'
                    f'<table data-table="board_members" class="esg-data"><caption id="cap-board-members">{escape(board.members_caption.get(lang))}</caption>'
                    f'<thead><tr><th scope="col">{_t(ds, "name", lang)}</th><th scope="col">{_t(ds, "gender", lang)}</th>'
                    f'<th scope="col" class="esg-num">{_t(ds, "age", lang)}</th><th scope="col">{_t(ds, "role", lang)}</th></tr></thead>'
                    f'<tbody>{"".join(members)}</tbody></table></div>')
    return member_table + "\n\n" + composition


def italic_titles(ds: Dataset, text: str) -> str:
    """Escaped `text` with every document title of data/glossary.yaml (`title: true`) in italics, as on the
    English pages; longest first, so that a title inside a longer one is not italicised twice. A Chinese text has
    its titles in 《》 and matches none of the English forms."""
    forms = sorted({e for t in ds.glossary if t.title for e in t.en}, key=len, reverse=True)
    html = escape(text)
    if not forms:
        return html
    pattern = re.compile("|".join(re.escape(escape(f)) for f in forms))
    return pattern.sub(lambda m: f"<em>{m.group(0)}</em>", html)


def law_title_html(title: str) -> str:
    """A law's title as a reader expects it: in 《》 where the edition writes them (Chinese), else in italics."""
    return escape(title) if title.startswith("《") else f"<em>{escape(title)}</em>"


def milestones_html(ds: Dataset, lang: str) -> str:
    """The report year's milestones as an ordered timeline (a list reads in order on phones and to screen readers)."""
    items = "".join(
        f'<li><time datetime="{escape(m.date)}">{escape(formatting.month(m.date, ds.report.editions[lang]))}</time> <span>{italic_titles(ds, m.text.get(lang))}</span></li>'
        for m in ds.milestones)
    return f'<ol class="esg-timeline">{items}</ol>'



def laws_html(ds: Dataset, lang: str) -> str:
    """Appendix 2 as one table: aspect, laws and regulations, compliance status."""
    head = [_t(ds, key, lang) for key in ("laws_aspect", "laws_laws", "laws_compliance")]
    caption = _t(ds, "laws_caption", lang)
    rows = "".join(
        f'<tr data-group="{g.id}"><th scope="row">{escape(g.aspect.get(lang))}</th>'
        f'<td><ul>{"".join(f"<li>{law_title_html(law.get(lang))}</li>" for law in g.laws)}</ul></td>'
        f'<td>{escape(g.compliance.get(lang))}</td></tr>' for g in ds.laws)
    return (f'<div class="esg-table esg-laws" role="region" tabindex="0" aria-labelledby="cap-laws">'
            f'<table data-table="laws" class="esg-data"><caption id="cap-laws">{caption}</caption><thead><tr>'
            + "".join(f'<th scope="col">{h}</th>' for h in head)
            + f"</tr></thead><tbody>{rows}</tbody></table></div>")


def downloads_html(ds: Dataset, lang: str, to_root: str) -> str:
    """Links to the KPI data files; `to_root` is the relative path from the page to the site root."""
    from .downloads import file_names

    items = "".join(f'<li><a href="{to_root}downloads/{name}" download>{_t(ds, "download_" + kind, lang)}</a></li>'
                    for kind, name in file_names(ds).items())
    return f'<ul class="esg-downloads">{items}</ul>'


def pdf_button_html(ds: Dataset, lang: str, to_root: str) -> str:
    """The button to the whole report as a PDF in `lang`; `to_root` is the relative path from the page to the root."""
    return (f'<a class="md-button" href="{to_root}{ds.report.pdf_name(lang)}" '
            f'type="application/pdf" hreflang="{lang}">{escape(ds.report.t("pdf_link", lang))}</a>')


def pdf_link_html(ds: Dataset, lang: str, to_root: str) -> str:
    """The link for a page's body (`{{ pdf_link() }}`)."""
    return f'<p class="esg-pdf-link">{pdf_button_html(ds, lang, to_root)}</p>'
