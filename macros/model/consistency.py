"""Check the consistency rules that the data itself declares: sums, ratios and board counts.

Why: the rules live in data/ beside the numbers (a row says it is the sum or ratio of other rows), so an editor who
changes one figure is told at once which published total or per-capita figure no longer agrees. The comparison is
exact after rounding the computed value to the published value's own decimals, half-up as the report does; a row may
record an accepted deviation (another rounding) with its reason, for that row only. No global tolerance exists.
"""

from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_HALF_UP, ROUND_UP, Decimal
from typing import TYPE_CHECKING

from .schema import NotDisclosed
from .yamlsrc import DataError, Located, did_you_mean

if TYPE_CHECKING:  # pragma: no cover
    from .dataset import Dataset
    from .schema import BoardFile

ROUNDING = {None: ROUND_HALF_UP, "down": ROUND_DOWN, "up": ROUND_UP}


def round_like(value: Decimal, published: Decimal, mode: str | None = None) -> Decimal:
    """Round `value` to as many decimals as `published` shows (0.180 → 3 decimals)."""
    exponent = published.as_tuple().exponent
    quantum = Decimal(1).scaleb(min(exponent, 0)) if isinstance(exponent, int) else Decimal(1)
    return value.quantize(quantum, rounding=ROUNDING[mode])


def _total(ds: "Dataset", ids: list[str], year: int):
    parts = [ds.value(i, year) for i in ids]
    if any(isinstance(p, NotDisclosed) for p in parts):
        return None
    return sum(parts, Decimal(0))


def check_kpis(ds: "Dataset") -> list[DataError]:
    """Check every KPI row and every fact that declares a `check:`."""
    errors: list[DataError] = []
    subjects = [(row_id, row.check, row.values, ds.origin[row_id]) for row_id, row in ds.rows.items()]
    subjects += [(f.id, f.check, {f.year: f.value}, ds.origin[f.id]) for f in ds.facts.values()]
    for row_id, checks, values, (located, path) in subjects:
        for c_i, check in enumerate(checks or []):
            where = path + ("check",) if len(checks) == 1 else path + ("check", c_i)
            errors.extend(_check_one(ds, row_id, check, values, located, where, path))
    return errors


def _check_one(ds, row_id, check, values, located, where, path) -> list[DataError]:
    errors: list[DataError] = []
    refs = check.sum or (check.ratio.numerator + check.ratio.denominator)
    unknown = [r for r in refs if r not in ds.rows and not _board_id(ds, r)]
    if unknown:
        return [located.error(where, f"check refers to unknown KPI id(s) {unknown}"
                              + did_you_mean(unknown, ds.rows, n=1), "use ids of rows in data/kpis/*.yaml")]
    mode = check.deviation.rounding if check.deviation else None
    for year, published in values.items():
        if isinstance(published, NotDisclosed):
            continue
        if check.sum:
            computed = _total(ds, check.sum, year)
            what = " + ".join(check.sum)
        else:
            num, den = _total(ds, check.ratio.numerator, year), _total(ds, check.ratio.denominator, year)
            if num is None or den is None or den == 0:
                errors.append(located.error(path + ("values", year),
                                            f"{row_id} {year} is published but its ratio cannot be computed "
                                            "(a part is not disclosed or zero)"))
                continue
            computed = num / den * check.ratio.scale
            what = (f"({' + '.join(check.ratio.numerator)}) / ({' + '.join(check.ratio.denominator)})"
                    + (f" × {check.ratio.scale}" if check.ratio.scale != 1 else ""))
        if computed is None:
            continue
        expected = round_like(computed, published, mode)
        if expected != published:
            shown = f"{computed.normalize():f}" if check.sum else f"{computed.quantize(Decimal('1E-6')).normalize():f}"
            rounded = "" if check.sum else f", which rounds to {expected}"
            errors.append(located.error(
                path + ("values", year),
                f"{row_id} {year} is {published} but {what} = {shown}{rounded}",
                "correct whichever figure is wrong (a figure changed since printing follows from its parts: "
                "change it too and restate both in data/restatements.yaml); if the published report itself "
                "rounds this row differently, record a 'deviation' with the reason under this row's check"))
    return errors


def _board_id(ds: "Dataset", kpi_id: str) -> bool:
    return bool(ds.board) and any(r.id == kpi_id for r in ds.board.composition)


def age_band(board: "BoardFile", age: int) -> str | None:
    for band in board.age_bands:
        if age >= band.min and (band.max is None or age <= band.max):
            return band.id
    return None


def serving_members(board: "BoardFile"):
    """Directors on the board at `as_of` (later appointments are listed but not counted)."""
    return [m for m in board.members
            if (m.appointed is None or m.appointed <= board.as_of) and (m.resigned is None or m.resigned > board.as_of)]


def _matching(board: "BoardFile", row) -> int:
    return len([m for m in serving_members(board) if all(
        (age_band(board, m.age) if key == "age_band" else getattr(m, key)) in allowed
        for key, allowed in row.where.items())])


SHARE = Decimal("0.01")   # a computed share's decimals, as the report prints its shares (44.44)


def computed_share(count: Decimal, total: Decimal) -> Decimal:
    """count ÷ total × 100, half-up to two decimals; a whole share written whole (100, not 100.00)."""
    share = (count / total * 100).quantize(SHARE, rounding=ROUND_HALF_UP) if total else Decimal(0)
    return share.quantize(Decimal(1)) if share == share.to_integral_value() else share


def computed_composition(board: "BoardFile") -> "BoardFile":
    """The board with every count and share the file leaves out computed from the member list."""
    total = Decimal(len(serving_members(board)))
    rows = []
    for row in board.composition:
        count = row.count if row.count is not None else Decimal(_matching(board, row))
        share = row.share if row.share is not None else computed_share(count, total)
        rows.append(row.model_copy(update={"count": count, "share": share}))
    return board.model_copy(update={"composition": rows})


def check_board(board: "BoardFile", located: Located) -> list[DataError]:
    """Each count and share the file gives agrees with the member list (serving directors on `as_of`)."""
    errors: list[DataError] = []
    for i, member in enumerate(board.members):
        if age_band(board, member.age) is None:
            errors.append(located.error(("members", i, "age"), f"age {member.age} falls in no age band",
                                        "add an age band or correct the age"))
    total = Decimal(len(serving_members(board)))
    for i, row in enumerate(board.composition):
        matching = _matching(board, row)
        if row.count is not None and Decimal(matching) != row.count:
            errors.append(located.error(
                ("composition", i, "count"),
                f"{row.id}: published count {row.count} but {matching} serving director(s) on "
                f"{board.as_of} match {dict(row.where) or 'all'}",
                "correct the count or the member list (roles, gender, ages, appointment dates); or delete the "
                "count and share lines: the build then computes both from the member list"))
        count = row.count if row.count is not None else Decimal(matching)
        if row.share is None or not total:
            continue
        share = round_like(count / total * 100, row.share)
        if share != row.share:
            errors.append(located.error(("composition", i, "share"),
                                        f"{row.id}: share {row.share}% but {count}/{total} = {share}%",
                                        "the share is count ÷ board size × 100, rounded as published; or delete "
                                        "the share line: the build then computes it"))
    return errors
