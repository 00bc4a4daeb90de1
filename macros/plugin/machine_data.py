"""MkDocs hook: schema.org `Dataset` JSON-LD in the head of the pages that offer the KPI data (the KPI appendix and
the downloads centre), in each edition's language (macros/render/machine_data.py says what and why).

In the head, from the template (overrides/partials/meta.html writes `esg_jsonld`), not in the article: a page's
content may hold no script element at all (macros/plugin/safe_pages.py), and a JSON-LD block is data the browser
never runs, so the Content-Security-Policy is not concerned. Tests: tests/test_machine_data.py.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin

from .languages import languages

PAGES = ("kpis", "downloads")   # docs/<page>.*.md: the pages whose subject is the data


def on_page_context(context, page, config, nav, *, state):
    from macros.model.dataset import cached_dataset
    from macros.render.machine_data import dataset_jsonld, jsonld_script_text

    if page.file.src_uri.rsplit(".", 2)[0] not in PAGES or not config.site_url:
        return context
    langs = languages(config)
    ds = cached_dataset(Path(config.config_file_path).parent)
    # the PDFs exist when this build typesets them (the plugin's `pdf` option or ESG_PDF: macros/plugin/pdf.py)
    pdfs = list(langs.built) if state.pdf_enabled else []
    doc = dataset_jsonld(ds, langs.current, page.canonical_url or urljoin(config.site_url, page.url),
                         config.site_url, pdfs)
    context["esg_jsonld"] = jsonld_script_text(doc)
    return context
