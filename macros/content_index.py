"""The HKEX ESG Reporting Guide content index: every Guide item, its wording, and where this report covers it.

Why: analysts and the exchange navigate the report by Guide code. The wording comes from data/hkex_guide.yaml, the
mapping from data/content_index.yaml; each mapping is a link to a page and heading id in the reader's language,
titled with that heading's own text. The data layer has already checked that every page and heading id exists.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from .dataset import Dataset, page_headings


T = {
    "caption": {"zh-Hant": "香港聯交所《環境、社會及管治報告指引》內容索引",
                "en": "HKEX Environmental, Social and Governance Reporting Guide content index"},
    "code": {"zh-Hant": "編號", "en": "Code"},
    "item": {"zh-Hant": "主要範疇、層面、一般披露及關鍵績效指標", "en": "Subject area, aspect, general disclosure and KPI"},
    "where": {"zh-Hant": "相關章節", "en": "Section(s) of this report"},
    "na": {"zh-Hant": "不適用", "en": "Not applicable"},
    "gd": {"zh-Hant": "一般披露", "en": "General Disclosure"},
    "kpi": {"zh-Hant": "關鍵績效指標", "en": "KPI"},
}


def section_title(ds: Dataset, docs_dir: Path, page: str, anchor: str | None, lang: str) -> str:
    """'Page title › heading' in the reader's language, for a link to a page and heading id."""
    found = page_headings((docs_dir / f"{page}.{lang}.md").read_text(encoding="utf-8"), ds, lang)
    page_title = next(iter(found.values()), page)
    if anchor is None or anchor == next(iter(found), None):
        return page_title
    return f"{page_title} › {found[anchor]}"


def href(from_page: str, page: str, anchor: str | None) -> str:
    """A relative URL between two pages of the same language (directory URLs)."""
    up = "../" * (from_page.count("/") + 1) if from_page != "index" else ""
    target = "" if page == "index" else f"{page}/"
    return f"{up}{target}" + (f"#{anchor}" if anchor else "")


def content_index_html(ds: Dataset, docs_dir: Path, lang: str, from_page: str) -> str:
    rows = []
    for code in ds.guide_order:
        entry = ds.guide[code]
        text = escape(entry.text.get(lang))
        if entry.kind == "subject_area":
            rows.append(f'<tr class="esg-ci-area"><th scope="colgroup" colspan="3" id="ci-{code}">{text}</th></tr>')
            continue
        if entry.kind == "category":
            rows.append(f'<tr class="esg-ci-cat"><th scope="colgroup" colspan="3">{text}</th></tr>')
            continue
        if entry.kind == "aspect":
            rows.append(f'<tr class="esg-ci-aspect"><th scope="rowgroup" colspan="3">{text}</th></tr>')
            continue
        label = T["gd"][lang] if entry.kind == "general_disclosure" else f'{T["kpi"][lang]} {code}'
        mapping = ds.content_index[code]
        if mapping.not_applicable:
            where = (f'<strong>{T["na"][lang]}</strong>'
                     f'<br><small>{escape(mapping.not_applicable.get(lang))}</small>')
        else:
            links = [f'<a href="{href(from_page, s.page, s.anchor)}">'
                     f'{escape(section_title(ds, docs_dir, s.page, s.anchor, lang))}</a>' for s in mapping.sections]
            where = links[0] if len(links) == 1 else "<ul>" + "".join(f"<li>{a}</li>" for a in links) + "</ul>"
        rows.append(f'<tr data-code="{code}"><th scope="row">{escape(label)}</th><td>{text}</td><td>{where}</td></tr>')
    return (f'<div class="esg-table esg-ci" role="region" tabindex="0" aria-labelledby="cap-content-index">'
            f'<table data-table="content_index" class="esg-data"><caption id="cap-content-index" class="esg-sr-only">{T["caption"][lang]}</caption>'
            f'<thead><tr><th scope="col">{T["code"][lang]}</th><th scope="col">{T["item"][lang]}</th>'
            f'<th scope="col">{T["where"][lang]}</th></tr></thead><tbody>{"".join(rows)}</tbody></table></div>')
