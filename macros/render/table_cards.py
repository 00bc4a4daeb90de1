"""Every table of a page made ready to read as cards on a phone: each cell carries its column's name.

Why: a narrative table (laws, emerging risks, stakeholders) of three or four text columns scrolls sideways at
375 px, or squeezes each column to a few characters. Below the phone breakpoint docs/assets/extra.css lays each
row out as a card: the first cell as its title, every other cell under its column's name, which it reads from the
cell's `data-label`. The markup stays a table for screen readers, the desktop and print. Tables that already carry
their labels (the KPI tables, macros/render/tables.py) are left as they are. Pure text in, text out.
"""

from __future__ import annotations

import re
from html import escape

from .escaping import text_of

_TABLE = re.compile(r"<table\b([^>]*)>(.*?)</table>", re.S | re.I)
_THEAD = re.compile(r"<thead\b[^>]*>(.*?)</thead>", re.S | re.I)
_HEAD_CELL = re.compile(r"<th\b[^>]*>(.*?)</th>", re.S | re.I)
_BODY = re.compile(r"(<tbody\b[^>]*>)(.*?)(</tbody>)", re.S | re.I)
_ROW = re.compile(r"(<tr\b[^>]*>)(.*?)(</tr>)", re.S | re.I)
_CELL_OPEN = re.compile(r"<(td|th)\b([^>]*)>", re.I)
MARK = "data-cards"   # the table's mark for the card layout (a class would drop Material's table style)
# `data-cards="row"`: laid out here; a table with a phone layout of its own says `data-cards="own"` (content index).


def _label_row(row: str, names: list[str]) -> str:
    index = iter(range(10_000))

    def label(m: re.Match) -> str:
        i = next(index)
        if "data-label" in m.group(2) or i >= len(names) or not names[i]:
            return m.group(0)
        return f'<{m.group(1)}{m.group(2)} data-label="{escape(names[i])}">'

    return _CELL_OPEN.sub(label, row)


def _one(m: re.Match) -> str:
    attrs, inner = m.group(1), m.group(2)
    head = _THEAD.search(inner)
    if MARK in attrs or not head or "data-label" in inner:
        return m.group(0)
    names = [text_of(c) for c in _HEAD_CELL.findall(head.group(1))]
    body = _BODY.sub(lambda b: b.group(1) + _ROW.sub(lambda r: r.group(1) + _label_row(r.group(2), names)
                                                     + r.group(3), b.group(2)) + b.group(3), inner)
    return f'<table{attrs} {MARK}="row">{body}</table>'


def label_tables(html: str) -> str:
    """`html` with every table that has a header row and no labels yet marked `data-cards` and its cells labelled."""
    return _TABLE.sub(_one, html)
