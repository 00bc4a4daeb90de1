"""MkDocs hook: every table of a page reads as cards on a phone (macros/render/table_cards.py says how and why).

Wired in EsgPlugin.EVENTS (macros/plugin/__init__.py), at `on_page_content`, so the search index and the PDF see the same markup;
tests in tests/test_phone_print.py (every table of every page at 375 px) and tests/test_reader.py.
"""

from __future__ import annotations



def on_page_content(html, page, config, files):
    from macros.render.table_cards import label_tables

    return label_tables(html)
