"""The HKEX ESG Reporting Guide content index: every Guide item, its wording, and where this report covers it.

Why: analysts and the exchange navigate the report by Guide code. The wording comes from data/hkex_guide.yaml, the
mapping from data/content_index.yaml; each mapping is a link to a page and heading id in the reader's language,
titled with that heading's own text. The data layer has already checked that every page and heading id exists.
"""

from __future__ import annotations

from pathlib import Path

from ..model.data_reads import answered
from ..model.dataset import Dataset, page_headings
from .tables import website_note_html
from .escaping import html_text, md_text

# The cell of a disclosure's sections: the PDF prints a page number after each of its links
# (macros/render/print_document.py imports this, so the two cannot drift)
WHERE_CLASS = "esg-ci-where"


@answered
def _headings_of(ds: Dataset, path: str, lang: str) -> tuple:
    """A page's (heading id, heading text) pairs, as its file says now: read with its answer (`make serve` renders
    the content index again when another page's headings change)."""
    return tuple(page_headings(Path(path).read_text(encoding="utf-8"), ds, lang).items())


def section_title(ds: Dataset, docs_dir: Path, page: str, anchor: str | None, lang: str,
                  short: dict[str, str] | None = None) -> str:
    """'Page title › heading' in the reader's language, for a link to a page and heading id (a generated edition
    reads its source's page; the page it lands on is converted as a whole). `short`: page → the shorter title the
    menu gives it (data/menu.yaml), used in place of the page's heading."""
    lang = ds.report.locales.generated.get(lang, lang)
    found = dict(_headings_of(ds, str(docs_dir / f"{page}.{lang}.md"), lang))
    page_title = (short or {}).get(page) or next(iter(found.values()), page)
    if anchor is None or anchor == next(iter(found), None):
        return page_title
    if anchor not in found:  # MkDocs stops the build on the link too; this names the data file
        raise ValueError(f"data/content_index.yaml: heading id '#{anchor}' not found on page '{page}'")
    return f"{page_title} › {found[anchor]}"


def _aspect_name(code: str, text: str) -> str:
    """'Aspect A1: Emissions' → 'Emissions' (the jump list shows the code apart); the whole text if the code is not
    in it."""
    before, found, after = text.partition(code)
    return after.lstrip(":： ").strip() if found and after.strip(":： ") else text


def content_index_html(ds: Dataset, docs_dir: Path, lang: str, short: dict[str, str] | None = None) -> str:
    """A jump list by aspect, then the index as a table whose links are Markdown links (`page.md#id`): MkDocs checks
    every one of them, in every language, and stops the build on a page or heading id that does not exist.

    md_in_html parses only what stands on lines of its own, so each row and cell that holds a link is a line; the
    table is named by the heading above it (`aria-labelledby`), since md_in_html would wrap a <caption> in a <p>.
    On a phone docs/assets/extra.css shows each row as a card (code, wording, sections) under its aspect."""
    def t(key: str, lang: str, **values) -> str:  # a UI string is data too: escaped
        return html_text(ds.report.t(key, lang, **values))

    jump, rows = [], []
    for code in ds.guide_order:
        entry = ds.guide[code]
        text = html_text(entry.text.get(lang))  # Markdown reads these rows again (markdown="1"): marks made inert
        if entry.kind == "subject_area":
            rows.append(f'<tr class="esg-ci-area"><th scope="colgroup" colspan="3" id="ci-{code}">{text}</th></tr>')
            continue
        if entry.kind == "category":
            rows.append(f'<tr class="esg-ci-cat"><th scope="colgroup" colspan="3">{text}</th></tr>')
            continue
        if entry.kind == "aspect":
            rows.append(f'<tr class="esg-ci-aspect"><th scope="rowgroup" colspan="3" id="ci-{code}">{text}</th></tr>')
            name = md_text(_aspect_name(code, entry.text.get(lang)))
            jump.append(f'<li markdown="span">[<span class="esg-ci-jump-code">{code}</span> {name}](#ci-{code})</li>')
            continue
        label = t("ci_general_disclosure", lang) if entry.kind == "general_disclosure" else f'{t("ci_kpi", lang)} {html_text(code)}'
        mapping = ds.content_index[code]
        if mapping.not_applicable:
            # as printed: 不適用 alone; an explanation of ours only as a marked website note
            where = (f'<td class="{WHERE_CLASS}" data-label="{t("ci_where", lang)}">{t("not_applicable", lang)}'
                     f'{website_note_html(ds, mapping.website_note, lang)}</td>')
        else:
            links = []
            for s in mapping.sections:
                title = section_title(ds, docs_dir, s.page, s.anchor, lang, short)
                chapter, sep, section = title.partition(" › ")
                text_md = (f'<span class="esg-ci-chapter">{md_text(chapter)}</span> › {md_text(section)}' if sep
                           else md_text(chapter))
                links.append(f'<li markdown="span">[{text_md}]({s.page}.md{"#" + s.anchor if s.anchor else ""})</li>')
            where = (f'<td class="{WHERE_CLASS}" data-label="{t("ci_where", lang)}" markdown="1">\n'
                     f'<ul markdown="1">\n' + "\n".join(links) + "\n</ul>\n</td>")
        rows.append(f'<tr data-code="{code}" id="ci-{code}" markdown="1">\n<th scope="row">{label}</th>\n'
                    f'<td class="esg-ci-text">{text}</td>\n{where}\n</tr>')
    nav = (f'<nav class="esg-ci-jump" aria-label="{t("ci_jump", lang)}" markdown="1">\n<ul markdown="1">\n'
           + "\n".join(jump) + "\n</ul>\n</nav>")
    table = ('<div class="esg-ci" markdown="1">\n'
             f'<table data-table="content_index" class="esg-data" data-cards="own" aria-label="{t("ci_caption", lang)}" markdown="1">\n'
             f'<thead><tr><th scope="col">{t("ci_code", lang)}</th><th scope="col">{t("ci_item", lang)}</th>'
             f'<th scope="col">{t("ci_where", lang)}</th></tr></thead>\n<tbody markdown="1">\n'
             + "\n".join(rows) + "\n</tbody>\n</table>\n</div>")
    return nav + "\n\n" + table
