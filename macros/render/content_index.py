"""The HKEX ESG Reporting Guide content index: every Guide item, its wording, and where this report covers it.

Why: analysts and the exchange navigate the report by Guide code. The wording comes from data/hkex_guide.yaml, the
mapping from data/content_index.yaml; each mapping is a link to a page and heading id in the reader's language,
titled with that heading's own text. The data layer has already checked that every page and heading id exists.
"""

from __future__ import annotations

from pathlib import Path

from ..model.dataset import Dataset, page_headings
from .escaping import html_text, md_text


def section_title(ds: Dataset, docs_dir: Path, page: str, anchor: str | None, lang: str) -> str:
    """'Page title › heading' in the reader's language, for a link to a page and heading id (a generated edition
    reads its source's page; the page it lands on is converted as a whole)."""
    lang = ds.report.locales.generated.get(lang, lang)
    found = page_headings((docs_dir / f"{page}.{lang}.md").read_text(encoding="utf-8"), ds, lang)
    page_title = next(iter(found.values()), page)
    if anchor is None or anchor == next(iter(found), None):
        return page_title
    if anchor not in found:  # MkDocs stops the build on the link too; this names the data file
        raise ValueError(f"data/content_index.yaml: heading id '#{anchor}' not found on page '{page}'")
    return f"{page_title} › {found[anchor]}"


def content_index_html(ds: Dataset, docs_dir: Path, lang: str) -> str:
    """The index as a table whose links are Markdown links (`page.md#id`): MkDocs checks every one of them, in
    every language, and stops the build on a page or heading id that does not exist."""
    def t(key: str, lang: str, **values) -> str:  # a UI string is data too: escaped
        return html_text(ds.report.t(key, lang, **values))

    rows = []
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
            rows.append(f'<tr class="esg-ci-aspect"><th scope="rowgroup" colspan="3">{text}</th></tr>')
            continue
        label = t("ci_general_disclosure", lang) if entry.kind == "general_disclosure" else f'{t("ci_kpi", lang)} {html_text(code)}'
        mapping = ds.content_index[code]
        if mapping.not_applicable:
            where = (f'<td><strong>{t("not_applicable", lang)}</strong>'
                     f'<br><small>{html_text(mapping.not_applicable.get(lang))}</small></td>')
        else:
            links = [f'[{md_text(section_title(ds, docs_dir, s.page, s.anchor, lang))}]'
                     f'({s.page}.md{"#" + s.anchor if s.anchor else ""})' for s in mapping.sections]
            where = (f'<td markdown="span">{links[0]}</td>' if len(links) == 1 else
                     '<td markdown="1"><ul markdown="1">' + "".join(f'<li markdown="span">{a}</li>' for a in links)
                     + "</ul></td>")
        rows.append(f'<tr data-code="{code}" markdown="1"><th scope="row">{label}</th><td>{text}</td>{where}</tr>')
    return (f'<div class="esg-table esg-ci" role="region" tabindex="0" aria-labelledby="cap-content-index" markdown="1">'
            f'<table data-table="content_index" class="esg-data" markdown="1">'
            f'<caption id="cap-content-index" class="esg-sr-only">{t("ci_caption", lang)}</caption>'
            f'<thead><tr><th scope="col">{t("ci_code", lang)}</th><th scope="col">{t("ci_item", lang)}</th>'
            f'<th scope="col">{t("ci_where", lang)}</th></tr></thead><tbody markdown="1">{"".join(rows)}</tbody></table></div>')
