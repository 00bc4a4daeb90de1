"""Which KPIs each chapter shows as its key figures (data/chapter_figures.yaml), checked against the KPI tables.

Why: a reader of the environment chapter should find the emissions there, not only in Appendix 1. The chapter's
tiles are drawn from the KPI rows by id, so no figure is typed into a page; which figures a chapter shows is data an
editor can change. A mistyped id or page name stops the build with the file and line (yamlsrc keeps positions).
"""

from __future__ import annotations

from pathlib import Path

from .yamlsrc import DataError, DataErrors, load

FILE = "data/chapter_figures.yaml"
FIX_ID = "use a KPI id from data/kpis/*.yaml (the `id:` of a row)"


def load_chapter_figures(root: Path, kpi_ids) -> dict[str, list[str]]:
    """{chapter page name: [KPI id, …]} in the order the tiles are shown; `kpi_ids`: the KPI rows that exist.
    (A chapter listed here whose page does not call `chapter_figures` is caught by tests/test_reader.py on the
    built site; a page that names a chapter not listed stops the build at the page.)"""
    path = Path(root) / FILE
    if not path.exists():
        return {}
    located = load(path, FILE)
    errors: list[DataError] = list(located.problems)
    data = located.data
    chapters = data.get("chapters") if isinstance(data, dict) else None
    if not isinstance(chapters, dict) or not chapters:
        raise DataErrors([located.error(("chapters",), "expected `chapters:` with one entry per chapter page",
                                        "write `chapters:` then lines like `  green-operations: [ghg_scope2, water]`")])
    known = set(kpi_ids)
    out: dict[str, list[str]] = {}
    for chapter, ids in chapters.items():
        where = ("chapters", chapter)
        if not isinstance(ids, list) or not ids or not all(isinstance(i, str) for i in ids):
            errors.append(located.error(where, "expected a list of KPI ids, e.g. [ghg_scope2, water]", FIX_ID))
            continue
        for i, kpi_id in enumerate(ids):
            if kpi_id not in known:
                errors.append(located.error((*where, i), f"unknown KPI id '{kpi_id}'{_suggest(kpi_id, known)}", FIX_ID))
            elif kpi_id in ids[:i]:
                errors.append(located.error((*where, i), f"'{kpi_id}' is listed twice", "list each KPI once"))
        out[str(chapter)] = list(ids)
    if errors:
        raise DataErrors(errors)
    return out


def _suggest(name: str, known) -> str:
    import difflib

    close = difflib.get_close_matches(name, sorted(known), n=3)
    return f"; did you mean {', '.join(close)}?" if close else ""
