"""MkDocs hook: typographic quotes in the text rendered from data/, and CO₂ with a real subscript (both
macros/render/quotes.py), on the site and so in
the PDF (macros/plugin/pdf.py collects each article after this). The pages' own Markdown is curled by smarty
(mkdocs.yml); this covers what reaches the page as HTML. Wired in EsgPlugin.EVENTS (macros/plugin/__init__.py), before pdf.py;
tests in tests/test_pdf.py."""

from __future__ import annotations



def on_page_content(html_text: str, page, config, files) -> str:
    from macros.render.quotes import curl_quotes, subscript_co2  # the project's package, loaded when used

    return subscript_co2(curl_quotes(html_text))
