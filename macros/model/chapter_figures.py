"""Which KPIs each chapter shows as its key figures and its small chart (data/chapter_figures.yaml), checked
against the KPI tables.

Why: a reader of the environment chapter should find the emissions there, not only in Appendix 1. The chapter's
tiles and chart are drawn from the KPI rows by id, so no figure is typed into a page; which figures a chapter shows is
data an editor can change. A mistyped id or page name stops the build with the file and line (yamlsrc keeps
positions). A chart compares parts on one scale, so its rows must share a table and a unit.

Loaded with the rest of data/ (dataset.py `read_chapter_figures`: `Dataset.chapter_figures`, `.chapter_charts`), so
a chapter page reads its own chapter through the dataset and `make serve` renders, after a save of this file, the
pages of the chapters that changed, not the whole site.
"""

from __future__ import annotations

from .yamlsrc import DataError, DataErrors, Located, did_you_mean

FILE = "data/chapter_figures.yaml"
FIX_ID = "use a KPI id from data/kpis/*.yaml (the `id:` of a row)"
MAX_CHART_ROWS = 6   # more bars than a phone screen holds is a table's job


def chapter_figures(located: Located, kpi_ids) -> dict[str, list[str]]:
    """{chapter page name: [KPI id, …]} in the order the tiles are shown; `kpi_ids`: the KPI rows that exist.
    (A chapter listed here whose page does not call `chapter_figures` is caught by tests/test_reader.py on the
    built site; a page that names a chapter not listed stops the build at the page.)"""
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
                errors.append(located.error((*where, i), f"unknown KPI id '{kpi_id}'" + did_you_mean(kpi_id, known),
                                            FIX_ID))
            elif kpi_id in ids[:i]:
                errors.append(located.error((*where, i), f"'{kpi_id}' is listed twice", "list each KPI once"))
        out[str(chapter)] = list(ids)
    if errors:
        raise DataErrors(errors)
    return out


def chapter_charts(located: Located, ds) -> dict[str, list[str]]:
    """{chapter page name: [KPI id, …]}: the rows of the small chart beside a chapter's tiles (`charts:`, optional;
    a chapter without one shows tiles only). The rows come from one KPI table (its caption titles the chart) and
    share its unit, as they are drawn on one scale; the chapter must have tiles (`chapters:`)."""
    if not isinstance(located.data, dict) or "charts" not in located.data:
        return {}
    charts = located.data["charts"]
    if not isinstance(charts, dict) or not charts:
        raise DataErrors([located.error(("charts",), "expected `charts:` with one entry per chapter page",
                                        "write lines like `  people: [employees_female, employees_male]` under it, "
                                        "or delete `charts:`")])
    chapters = located.data.get("chapters") or {}
    table_of = {row.id: table for table in ds.tables.values() for row in table.rows}
    errors: list[DataError] = []
    out: dict[str, list[str]] = {}
    for chapter, ids in charts.items():
        where = ("charts", chapter)
        if chapter not in chapters:
            errors.append(located.error(where, f"chapter '{chapter}' has a chart but no tiles"
                                        f"{did_you_mean(str(chapter), chapters)}",
                                        "list its key figures under `chapters:` first, or name a chapter listed there"))
            continue
        if not isinstance(ids, list) or not ids or not all(isinstance(i, str) for i in ids):
            errors.append(located.error(where, "expected a list of KPI ids, e.g. [employees_female, employees_male]",
                                        FIX_ID))
            continue
        if len(ids) > MAX_CHART_ROWS:
            errors.append(located.error(where, f"{len(ids)} rows: a small chart shows {MAX_CHART_ROWS} at most",
                                        "keep the few that tell the story; the table in Appendix 1 has them all"))
        bad = False
        for i, kpi_id in enumerate(ids):
            if kpi_id not in table_of:
                errors.append(located.error((*where, i), f"unknown KPI id '{kpi_id}'{did_you_mean(kpi_id, table_of)}",
                                            FIX_ID))
                bad = True
            elif kpi_id in ids[:i]:
                errors.append(located.error((*where, i), f"'{kpi_id}' is listed twice", "list each KPI once"))
                bad = True
        if bad:
            continue
        first = table_of[ids[0]]
        for i, kpi_id in enumerate(ids[1:], 1):
            if table_of[kpi_id] is not first:
                errors.append(located.error((*where, i), f"'{kpi_id}' is in table '{table_of[kpi_id].id}', not in "
                                            f"'{first.id}' with '{ids[0]}'",
                                            f"chart rows of one table only (its caption titles the chart); "
                                            f"table '{first.id}' has: {', '.join(r.id for r in first.rows)}"))
            elif ds.rows[kpi_id].unit != ds.rows[ids[0]].unit:
                errors.append(located.error((*where, i), f"'{kpi_id}' is in {ds.rows[kpi_id].unit}, '{ids[0]}' in "
                                            f"{ds.rows[ids[0]].unit}: bars of one chart share one scale and one unit",
                                            "chart rows of the same unit only"))
        out[str(chapter)] = list(ids)
    if errors:
        raise DataErrors(errors)
    return out
