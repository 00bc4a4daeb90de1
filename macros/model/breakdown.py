"""Which total each breakdown row belongs to ("of which"), and the order that shows it.

Why: a breakdown (`level: 1`) must sit under its total, never under a per-employee ratio that happens to stand
above it in the file (waste batteries, lamps and ink are parts of the hazardous waste total, in tonnes, not of the
hazardous waste per employee). The total is the row whose `check: sum:` names the part; failing that, the nearest
row above that is not a ratio. Tables, cards, the downloads (a parent column) and the PDF all use this one answer.
"""

from __future__ import annotations

from .schema import KpiRow, KpiTable


class OrphanBreakdown(ValueError):
    """A `level: 1` row with no total above it: the message names the table and the row (`row_id`)."""

    def __init__(self, table_id: str, row_id: str):
        self.row_id = row_id
        super().__init__(f"table '{table_id}': breakdown row '{row_id}' (level: 1) has no total above it that is "
                         "not a ratio")


FIX = "move the row under its total, give the total `check: sum:` naming it, or make it `level: 0`"


def _is_ratio(row: KpiRow) -> bool:
    return any(c.ratio is not None for c in row.check or [])


def parents(table: KpiTable) -> dict[str, str]:
    """{breakdown row id: its total's row id} for every `level: 1` row; ValueError names a breakdown with no total."""
    of_sum = {}
    for row in table.rows:
        for check in row.check or []:
            for part in check.sum or []:
                of_sum.setdefault(part, row.id)
    out, above = {}, None
    for row in table.rows:
        if row.level == 0:
            if not _is_ratio(row):
                above = row.id
            continue
        parent = of_sum.get(row.id) or above
        if parent is None:
            raise OrphanBreakdown(table.id, row.id)
        out[row.id] = parent
    return out


def grouped(table: KpiTable) -> list[tuple[KpiRow, str | None]]:
    """The table's rows as a reader should see them: each total followed at once by its breakdowns (data order
    within), then the next row; a breakdown with its parent id, a total or ratio with None."""
    parent_of = parents(table)
    children: dict[str, list[KpiRow]] = {}
    for row in table.rows:
        if row.id in parent_of:
            children.setdefault(parent_of[row.id], []).append(row)
    out: list[tuple[KpiRow, str | None]] = []
    for row in table.rows:
        if row.id not in parent_of:
            out.append((row, None))
            out += [(child, row.id) for child in children.get(row.id, [])]
    return out


def check_breakdowns(ds) -> list:
    """A DataError (file, line) for each table with a breakdown that has no total (see `parents`)."""
    errors = []
    for table in ds.tables.values():
        try:
            parents(table)
        except OrphanBreakdown as exc:
            located, path = ds.origin[exc.row_id]
            errors.append(located.error((*path, "level"), str(exc), FIX))
    return errors
