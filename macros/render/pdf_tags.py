"""The PDF's table header cells with their scope (PDF/UA: an outside checker reports UA-15-003 for a TH without one).

Why a pass over the written file: WeasyPrint 70 tags every table (Table, THead, TBody, TR, TH, TD) and writes
/Headers on each TD, but it writes no /Scope on a TH: it reads the HTML's `scope` only to link cells to their
headers (weasyprint/pdf/tags.py, `_build_table_headers`: a `th` with scope="row" heads its row, any other its column).
So after the PDF is written, each TH structure element gets the scope of the same rule: a header cell of the table's
header row group (THead) heads its column, one in the body (scope="row", or a group row of the content index)
heads its row. The file is changed by an incremental update (the changed structure elements appended, nothing
rewritten): about 1.3 s of CPU and 50 KB for the English PDF. Free of MkDocs; called by macros/render/typesetting.py.
"""

from __future__ import annotations

from pathlib import Path


def header_scope(group: str | None) -> str:
    """The PDF scope of a TH in a row group (/THead, /TBody, /TFoot, or None: a row straight in the table)."""
    return "/Column" if group == "/THead" else "/Row"


def add_header_scopes(path: Path) -> dict[str, int]:
    """Give every TH structure element of the PDF at `path` its /Scope (in its /A attributes, owner /Table), in place;
    return how many got each scope."""
    from pypdf import PdfWriter
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject

    writer = PdfWriter(str(path), incremental=True)
    root = writer.root_object.get("/StructTreeRoot")
    counts: dict[str, int] = {}
    stack = [(root, None)] if root is not None else []
    while stack:
        element, group = stack.pop()
        element = element.get_object()
        if not isinstance(element, DictionaryObject):
            continue   # a marked-content id: no structure element
        kind = element.get("/S")
        if kind in ("/THead", "/TBody", "/TFoot"):
            group = kind
        if kind == "/TH":
            scope = header_scope(group)
            attributes = element.get("/A")
            if not isinstance(attributes, DictionaryObject):   # none, or a list of owners' attributes: ours apart
                attributes = DictionaryObject({NameObject("/O"): NameObject("/Table")})
                element[NameObject("/A")] = attributes if element.get("/A") is None else ArrayObject(
                    [*element["/A"], attributes])
            attributes[NameObject("/Scope")] = NameObject(scope)
            counts[scope] = counts.get(scope, 0) + 1
            continue
        kids = element.get("/K")
        kids = kids if isinstance(kids, ArrayObject) else [] if kids is None else [kids]
        stack += [(kid, group) for kid in reversed(kids)]
    # The update's trailer names the document information (title, author) only when that changed (pypdf 7), and
    # poppler reads it from the last trailer: the producer names this pass too, so the information is written again.
    from pypdf import __version__

    producer = str((writer.metadata or {}).get("/Producer", "")).split(";")[0]
    writer.add_metadata({"/Producer": f"{producer}; pypdf {__version__} (table header scopes)"})
    with open(path, "wb") as out:   # the original bytes (read into memory), then the update
        writer.write(out)
    return counts
