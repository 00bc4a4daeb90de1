"""The printed report is data: compare the figures of data/ with what the report printed, and with the restatements.

Why: a listed company corrects a published ESG figure by restating it, visibly, with the date and the reason. So a
figure of data/ that differs from data/printed/figures.yaml (a KPI row, a board count, a fact its text quotes) must
have its entry in data/restatements.yaml, and a KPI row, a director or a fact the report does not print must be
marked `added:`; anything else stops the build at the line of the figure, saying which file to add to. The
comparison (`compare`) is a pure function of plain dictionaries; the tests in tests/ read figures from data/, never
from the report.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from .schema import NotDisclosed
from .yamlsrc import DataError, Located, did_you_mean

if TYPE_CHECKING:  # pragma: no cover
    from .dataset import Dataset
    from .schema import PrintedFigures, Restatement

PRINTED_FILE = "data/printed/figures.yaml"
RESTATEMENTS_FILE = "data/restatements.yaml"
PRINTED_TEXT = "data/printed/report.zh-Hant.txt"   # the printed report's text, as extracted from its PDF


def shown(value: Any) -> str:
    """A figure as written in data/ (keeps its decimals: 116.000), "/" when not disclosed."""
    return "/" if isinstance(value, NotDisclosed) else f"{value:f}" if isinstance(value, Decimal) else str(value)


def same(a: Any, b: Any) -> bool:
    """Equal as printed: the same number with the same decimals (116.000 is not 116), or both not disclosed."""
    return shown(a) == shown(b)


@dataclass(frozen=True)
class Finding:
    """One disagreement between data/, the printed report and the restatements. `kind` says which."""

    kind: str            # changed | removed | unprinted | added_but_printed | restatement_*
    kpi: str             # the figure's id: a KPI row's, a board count's or a fact's (`section`)
    year: int | None = None
    printed: Any = None
    current: Any = None
    index: int | None = None   # the restatement's position in data/restatements.yaml
    section: str = "kpis"      # where data/printed/figures.yaml has it: kpis, or facts

    @property
    def field(self) -> str:
        """What a restatement names it by: `kpi:`, or `fact:`."""
        return "fact" if self.section == "facts" else "kpi"


def compare(current: dict[str, dict[int, Any]], printed: dict[str, dict[int, Any]],
            restatements: list["Restatement"], added: set[str]) -> list[Finding]:
    """Every figure of `current` ({id: {year: value}}) against `printed`: a difference needs a restatement whose
    printed and new values are right; an id the report does not print must be in `added`."""
    found: list[Finding] = []
    restated: dict[tuple[str, int], int] = {}
    for i, r in enumerate(restatements):
        key = (r.figure, r.year)
        if key in restated:
            found.append(Finding("restatement_twice", r.figure, r.year, index=i))
        elif r.figure not in printed or r.year not in printed[r.figure]:
            found.append(Finding("restatement_unprinted", r.figure, r.year, index=i))
        restated[key] = i
    for kpi_id, years in printed.items():
        if kpi_id not in current:
            found.append(Finding("removed", kpi_id))
            continue
        if kpi_id in added:
            found.append(Finding("added_but_printed", kpi_id))
        for year, was in years.items():
            if year not in current[kpi_id]:
                found.append(Finding("removed", kpi_id, year, was))
                continue
            now = current[kpi_id][year]
            i = restated.get((kpi_id, year))
            if i is None:
                if not same(now, was):
                    found.append(Finding("changed", kpi_id, year, was, now))
                continue
            r = restatements[i]
            if same(now, was):
                found.append(Finding("restatement_unchanged", kpi_id, year, was, now, i))
                continue
            if not same(r.printed, was):
                found.append(Finding("restatement_printed", kpi_id, year, was, r.printed, i))
            if not same(r.value, now):
                found.append(Finding("restatement_value", kpi_id, year, r.value, now, i))
    for kpi_id in current:
        if kpi_id not in printed and kpi_id not in added:
            found.append(Finding("unprinted", kpi_id))
    return found


def _restatement_line(f: Finding) -> str:
    return (f"- {{{f.field}: {f.kpi}, year: {f.year}, printed: {shown(f.printed)}, value: {shown(f.current)}, "
            "date: YYYY-MM-DD, reason: {zh-Hant: …, en: …}}")


def check_printed(ds: "Dataset", printed: "PrintedFigures", p_loc: Located,
                  restatements: list["Restatement"], r_loc: Located | None) -> list[DataError]:
    """The findings of `compare` for every KPI row, board count, fact and director, as errors at the line to mend."""
    current: dict[str, dict[int, Any]] = {i: dict(row.values) for i, row in ds.rows.items()}
    where: dict[str, tuple[Located, tuple]] = {i: ds.origin[i] for i in ds.rows}
    added = {i for i, row in ds.rows.items() if row.added}
    board_loc = ds.sources.get("data/board.yaml")
    if ds.board:
        for c_i, row in enumerate(ds.board.composition):
            current[row.id] = {ds.board.as_of.year: row.count}
            where[row.id] = (board_loc, ("composition", c_i))
    # the board's counts are those of its `as_of` date: a later board (the next report's) is new data
    board_ids = {r.id for r in ds.board.composition} if ds.board else set()
    as_printed = {k: ({y: v for y, v in years.items() if y == ds.board.as_of.year} if k in board_ids else years)
                  for k, years in printed.kpis.items()}
    # a fact is the figure of its `as_of` year (the report's year without one): one of a later year is new data
    for fact_id, fact in ds.facts.items():
        current[fact_id], where[fact_id] = {fact.year or ds.year: fact.value}, ds.origin[fact_id]
        added |= {fact_id} if fact.added else set()
    as_printed |= {k: {y: v for y, v in years.items() if k not in ds.facts or y == (ds.facts[k].year or ds.year)}
                   for k, years in printed.facts.items()}
    errors: list[DataError] = [_kind_error(r, i, ds, r_loc) for i, r in enumerate(restatements)
                               if (r.kpi and r.kpi in ds.facts) or (r.fact and r.fact not in ds.facts)]
    for f in compare(current, as_printed, restatements, added):
        section = "facts" if f.kpi in ds.facts or f.kpi in printed.facts else "kpis"
        errors.append(_error(dataclasses.replace(f, section=section), where, p_loc, r_loc))
    if ds.board:
        errors += _check_directors(ds, printed, p_loc, board_loc)
        errors += _check_shares(ds, printed, {(r.figure, r.year) for r in restatements}, board_loc)
    return errors


def _check_shares(ds: "Dataset", printed: "PrintedFigures", restated: set, board_loc: Located) -> list[DataError]:
    """A share of the board follows its count and the board size: it may differ from the printed one only when one
    of them is restated."""
    errors = []
    year = ds.board.as_of.year
    if year not in printed.kpis.get("board_total", {}):   # the board of another date than the printed one
        return []
    for i, row in enumerate(ds.board.composition):
        was = printed.shares.get(row.id)
        if was is None or same(row.share, was) or (row.id, year) in restated or ("board_total", year) in restated:
            continue
        errors.append(board_loc.error(("composition", i, "id"), f"{row.id}: the share is {shown(row.share)}% but "
                                      f"the printed report says {shown(was)}% ({PRINTED_FILE}, shares)",
                                      "the share follows the member list: check the members (roles, gender, ages, "
                                      "appointment dates); if the board really differs from the printed one, "
                                      f"restate the counts in {RESTATEMENTS_FILE}"))
    return errors


def _kind_error(r: "Restatement", index: int, ds: "Dataset", r_loc: Located) -> DataError:
    """A restatement that names a fact as `kpi:`, or anything but a fact as `fact:`."""
    if r.kpi:
        return r_loc.error(("restatements", index, "kpi"), f"'{r.kpi}' is a fact of data/facts/, not a KPI",
                           f"write `fact: {r.kpi}` in place of `kpi: {r.kpi}`")
    return r_loc.error(("restatements", index, "fact"), f"'{r.fact}' is not a fact of data/facts/",
                       f"write `kpi: {r.fact}` for a KPI row or a board count" if r.fact in ds.rows else
                       "use the id of a fact (data/facts/*.yaml)" + did_you_mean(r.fact, ds.facts))


def _error(f: Finding, where, p_loc: Located, r_loc: Located | None) -> DataError:
    at_restatement = (lambda key: r_loc.error(("restatements", f.index, key), *_text(f))) if r_loc else None
    if f.kind == "changed":
        located, path = where[f.kpi]
        value_path = path + {"tables": ("values", f.year), "facts": ("value",)}.get(path[0], ("count",))
        return located.error(value_path, *_text(f, p_loc.line_of((f.section, f.kpi, f.year))))
    if f.kind in ("unprinted", "added_but_printed"):
        located, path = where[f.kpi]
        return located.error(path + ("id",), *_text(f))
    if f.kind == "removed":
        return p_loc.error((f.section, f.kpi) + ((f.year,) if f.year else ()), *_text(f))
    key = {"restatement_printed": "printed", "restatement_value": "value"}.get(f.kind, f.field)
    return at_restatement(key)


def _text(f: Finding, printed_line: int | None = None) -> tuple[str, str]:
    """(what is wrong, how to mend it), in words for an editor."""
    if f.kind == "changed":
        at = f" ({PRINTED_FILE}:{printed_line})" if printed_line else ""
        return (f"{f.kpi} {f.year} is {shown(f.current)} but the printed report says {shown(f.printed)}{at}",
                f"if the figure was corrected on purpose, add a restatement to {RESTATEMENTS_FILE}: "
                f"{_restatement_line(f)}; otherwise put back {shown(f.printed)}")
    row = "fact" if f.section == "facts" else "row"
    if f.kind == "unprinted":
        return (f"'{f.kpi}' is not in the printed report ({PRINTED_FILE})",
                f"a {row} added after the report was printed is marked with the day it was added: "
                "add 'added: YYYY-MM-DD' to it" + (" (the site shows it as added)" if row == "row" else "")
                + "; or correct the id")
    if f.kind == "added_but_printed":
        return (f"'{f.kpi}' is marked 'added:' but the printed report has it ({PRINTED_FILE})",
                f"delete the 'added:' line: only {row}s the printed report lacks are marked added")
    if f.kind == "removed":
        what = f"{f.kpi} {f.year}" if f.year else f"'{f.kpi}'"
        return (f"the printed report has {what}, but data/ no longer does",
                f"put the {row} or the year back; a printed figure is never deleted, it is restated "
                f"in {RESTATEMENTS_FILE} (value / if it is withdrawn)")
    if f.kind == "restatement_unprinted":
        return (f"there is no printed figure {f.kpi} {f.year} to restate",
                f"use a KPI or fact id and a year of {PRINTED_FILE}; a {row} added after printing needs no "
                "restatement")
    if f.kind == "restatement_twice":
        return f"{f.kpi} {f.year} is restated twice", "keep one entry (the latest value, date and reason)"
    if f.kind == "restatement_unchanged":
        return (f"{f.kpi} {f.year} is restated, but data/ still has the printed {shown(f.printed)}",
                "change the figure in data/ too, or delete this restatement")
    if f.kind == "restatement_printed":
        return (f"the printed report says {f.kpi} {f.year} = {shown(f.printed)}, not {shown(f.current)}",
                f"write printed: {shown(f.printed)}")
    if f.kind == "restatement_value":
        return (f"this restatement says {f.kpi} {f.year} is now {shown(f.printed)}, but data/ has {shown(f.current)}",
                "make the two agree: the restatement's value is the figure shown on the site")
    raise ValueError(f.kind)  # pragma: no cover


def _check_directors(ds: "Dataset", printed: "PrintedFigures", p_loc: Located, board_loc: Located) -> list[DataError]:
    """A director the report does not list is marked `added:`; a listed one stays in data/board.yaml (with
    `resigned:` when they leave), so the member list is always the printed one plus what changed since."""
    errors = []
    ids = [m.id for m in ds.board.members]
    for i, m in enumerate(ds.board.members):
        if m.id not in printed.directors and not m.added:
            errors.append(board_loc.error(("members", i, "id"), f"director '{m.id}' is not in the printed report "
                                          f"({PRINTED_FILE}, directors)",
                                          "a director added after the report was printed is marked with the day: "
                                          "add 'added: YYYY-MM-DD' to the entry (and 'appointed:' if the "
                                          "appointment came after the reporting period)"))
        elif m.id in printed.directors and m.added:
            errors.append(board_loc.error(("members", i, "added"), f"director '{m.id}' is marked 'added:' but the "
                                          "printed report lists them", "delete the 'added:' line"))
    for i, d in enumerate(printed.directors):
        if d not in ids:
            errors.append(p_loc.error(("directors", i), f"the printed report lists director '{d}', but "
                                      "data/board.yaml no longer does",
                                      "put the entry back; a director who left gets 'resigned: YYYY-MM-DD'"))
    return errors


def unwrapped(text: str) -> str:
    """The printed text with its lines joined: the text was extracted from the PDF, so a sentence's words, and a
    mend's, may run over a wrapped line (確保各 / 相關)."""
    return "".join(line.strip() for line in text.split("\n"))


def check_mends(mends: list, located: Located, text_path) -> list[DataError]:
    """A mend changes something the report prints: its `printed` text is in the report (on one line, or over a
    wrapped one), and differs from `site`."""
    try:
        text = text_path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return [located.error(("mends",), f"the printed text ({PRINTED_TEXT}) is missing", "restore it from git")]
    text = text + "\n" + unwrapped(text)
    errors = []
    for i, m in enumerate(mends):
        if m.printed == m.site:
            errors.append(located.error(("mends", i, "site"), f"'{m.printed}' is mended into itself",
                                        "write the text as the site has it under site:, or delete this mend"))
        elif m.printed not in text:
            errors.append(located.error(("mends", i, "printed"), f"'{m.printed}' is not in the printed text "
                                        f"({PRINTED_TEXT})", "copy the words exactly as the report prints them"))
    return errors


def printed_at(text: str, old: str, new: str) -> list[int]:
    """Where `old` stands in `text` and is not already part of `new` (鍵績效 inside 關鍵績效)."""
    k = new.find(old)
    return [m.start() for m in re.finditer(re.escape(old), text)
            if k < 0 or m.start() < k or text[m.start() - k: m.start() - k + len(new)] != new]


def apply_mends(text: str, pairs: list[tuple[str, str]]) -> str:
    """The printed text as the site has it: each mend (as printed → as on the site) applied, characters first
    (关系 → 關系), then words (關系 → 關係)."""
    for old, new in sorted(pairs, key=lambda pair: len(pair[0]) > 1):
        for pos in reversed(printed_at(text, old, new)):
            text = text[:pos] + new + text[pos + len(old):]
    return text


def printed_labels(text: str) -> set[str]:
    """What can be a label in the printed text: each whole line, and each of its cells (a table row prints its
    label, unit and figures apart)."""
    return {line.strip() for line in text.split("\n")} | {cell for line in text.split("\n") for cell in line.split()}


def text_mends(mends: list) -> list[tuple[str, str]]:
    """The mends of the printed text as a whole, (as printed, as on the site): not those of one label (`label_of:`)."""
    return [(m.printed, m.site) for m in mends if not m.label_of]


def check_labels(ds: "Dataset", mends: list, text_path, prevailing: str, located_mends: Located) -> list[DataError]:
    """Each label of a printed KPI row or board count is, in the prevailing language, the report's own words (after
    the mends): a word of ours goes into `website_note:`, a renamed label needs its mend, which may be that label's
    alone (`label_of:`: the report's sentences with the same words stay as printed). A row marked `added:` is new since
    printing: its label cannot be printed."""
    from .yamlsrc import did_you_mean

    try:
        raw = text_path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return []   # check_mends says so
    printed = printed_labels(apply_mends(raw, text_mends(mends)))
    as_printed = printed_labels(raw)   # what a label's own mend (label_of:) must start from
    ids = {*ds.rows, *(row.id for row in (ds.board.composition if ds.board else []))}
    errors = []
    own: dict[str, set[str]] = {}   # id → its label as a `label_of:` mend rewords a printed one
    for m_i, m in enumerate(mends):
        if not m.label_of:
            continue
        if m.label_of not in ids:
            errors.append(located_mends.error(("mends", m_i, "label_of"), f"'{m.label_of}' is no KPI row or board "
                                              "count" + did_you_mean(m.label_of, ids), "write the id of the row whose "
                                              "label this mend rewords (its id: in data/kpis/ or data/board.yaml)"))
        elif m.printed not in as_printed:
            errors.append(located_mends.error(("mends", m_i, "printed"), f"'{m.printed}' is not a label the report "
                                              f"prints ({PRINTED_TEXT})", "copy the label exactly as the report "
                                              "prints it in its table"))
        else:
            own.setdefault(m.label_of, set()).add(m.site)
    found = [(ds.origin[i], ("label", prevailing), row.label.get(prevailing), i)
             for i, row in ds.rows.items() if not row.added]
    board = ds.sources.get("data/board.yaml")
    if ds.board and board:
        found += [((board, ("composition", c_i)), ("label", prevailing), row.label.get(prevailing), row.id)
                  for c_i, row in enumerate(ds.board.composition)]
    return errors + [
        located.error(path + key, f"the label '{label}' is not printed in the report ({PRINTED_TEXT})",
                      "a label is the report's own words: write it as printed; to reword the printed label, add a "
                      f"mend to data/printed/mends.yaml: - {{printed: as printed, site: {label}, label_of: {row_id}, "
                      "where: …}} (label_of: keeps the report's sentences with those words as printed); a word of "
                      "explanation goes into website_note:; a row new since printing is marked added: YYYY-MM-DD")
        for (located, path), key, label, row_id in found if label not in printed and label not in own.get(row_id, ())]
