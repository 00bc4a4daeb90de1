"""The printed report is data: a figure that differs from it needs a restatement, an added row or director is
marked, and the site shows both. Small fixtures of our own for the rules; a copy of data/ for the messages."""

from __future__ import annotations

import csv
import io
import json
import re
from decimal import Decimal

import pytest

from conftest import LANGS, edit
from figures import restate, value_of, values_text, with_value
from macros.model.dataset import DataErrors, load_dataset
from macros.model.printed import compare, same
from macros.model.schema import NOT_DISCLOSED
from macros.render import downloads, tables

D = Decimal
REASON = {"zh-Hant": "更正。", "en": "Corrected."}


class _R:
    """A restatement as compare() reads it (the schema's model needs the site's locales to validate its reason)."""

    def __init__(self, kpi, year, printed, value):
        self.figure, self.year, self.printed, self.value = kpi, year, printed, value


def kinds(findings):
    return [(f.kind, f.kpi, f.year) for f in findings]


# ── the rule, on plain dictionaries ─────────────────────────────────────────
def test_same_means_same_figure_and_decimals():
    assert same(D("129.480"), D("129.480")) and same(NOT_DISCLOSED, NOT_DISCLOSED)
    assert not same(D("116"), D("116.000"))        # the report's precision is part of the figure
    assert not same(NOT_DISCLOSED, D("0"))


def test_a_changed_figure_needs_a_restatement():
    printed = {"a": {2021: D("1.0"), 2022: D("2.0")}}
    assert kinds(compare({"a": {2021: D("1.0"), 2022: D("2.5")}}, printed, [], set())) == [("changed", "a", 2022)]
    assert compare({"a": {2021: D("1.0"), 2022: D("2.5")}}, printed, [_R("a", 2022, D("2.0"), D("2.5"))], set()) == []
    # a year that was never printed (the next report's) is new data, not a restatement
    assert compare({"a": {2021: D("1.0"), 2022: D("2.0"), 2023: D("9")}}, printed, [], set()) == []


def test_a_restatement_must_say_what_was_printed_and_what_is_shown():
    printed = {"a": {2022: D("2.0")}}
    now = {"a": {2022: D("2.5")}}
    assert kinds(compare(now, printed, [_R("a", 2022, D("2.1"), D("2.5"))], set())) == [("restatement_printed", "a", 2022)]
    assert kinds(compare(now, printed, [_R("a", 2022, D("2.0"), D("2.6"))], set())) == [("restatement_value", "a", 2022)]
    assert kinds(compare(printed, printed, [_R("a", 2022, D("2.0"), D("2.5"))], set())) == [
        ("restatement_unchanged", "a", 2022)]
    assert kinds(compare(now, printed, [_R("a", 2021, D("1"), D("2"))] + [_R("a", 2022, D("2.0"), D("2.5"))], set())
                 ) == [("restatement_unprinted", "a", 2021)]
    twice = [_R("a", 2022, D("2.0"), D("2.5"))] * 2
    assert ("restatement_twice", "a", 2022) in kinds(compare(now, printed, twice, set()))


def test_rows_the_report_lacks_are_marked_added_and_printed_rows_stay():
    printed = {"a": {2022: D("1")}}
    assert kinds(compare({"a": {2022: D("1")}, "b": {2022: D("3")}}, printed, [], set())) == [("unprinted", "b", None)]
    assert compare({"a": {2022: D("1")}, "b": {2022: D("3")}}, printed, [], {"b"}) == []
    assert kinds(compare({"a": {2022: D("1")}}, printed, [], {"a"})) == [("added_but_printed", "a", None)]
    assert kinds(compare({}, printed, [], set())) == [("removed", "a", None)]
    assert kinds(compare({"a": {2021: D("1")}}, printed, [], set())) == [("removed", "a", 2022)]


# ── the messages, on a copy of the real data ────────────────────────────────
def _errors(root) -> str:
    with pytest.raises(DataErrors) as exc:
        load_dataset(root)
    return str(exc.value)


def _bump(text: str) -> str:
    """A figure a little different, with the same decimals (0.180 → 0.179, 605 → 604, 0 → 1): inside its unit."""
    d = D(text)
    step = D(1).scaleb(d.as_tuple().exponent)
    return f"{d - step if d > 0 else d + step:f}"


# rows whose change leaves every sum and ratio true (no other row is computed from them), one per KPI file
FREE_ROWS = ["corruption_cases", "anticorruption_training_rate"]


@pytest.mark.parametrize("kpi_id", FREE_ROWS)
def test_a_figure_changed_without_restatement_stops_at_its_line(data_copy, dataset, kpi_id):
    year = dataset.year
    rel, values = values_text(kpi_id, data_copy)
    old = value_of(values, year)
    line = edit(data_copy, rel, values, with_value(values, year, _bump(old)))
    message = _errors(data_copy)
    assert f"{rel}:{line}:" in message and f"the printed report says {old}" in message
    assert "add a restatement to data/restatements.yaml" in message and f"kpi: {kpi_id}, year: {year}" in message
    restate(data_copy, kpi_id, year, old, _bump(old))
    ds = load_dataset(data_copy)
    assert (kpi_id, year) in ds.restated


def test_a_restatement_with_the_wrong_printed_value_is_named(data_copy, dataset):
    kpi_id, year = FREE_ROWS[0], dataset.year
    rel, values = values_text(kpi_id, data_copy)
    old = value_of(values, year)
    edit(data_copy, rel, values, with_value(values, year, _bump(old)))
    restate(data_copy, kpi_id, year, _bump(_bump(old)) if D(old) > 1 else "9", _bump(old))
    message = _errors(data_copy)
    assert re.search(r"data/restatements\.yaml:\d+: restatements\[\d+\]\.printed: the printed report says", message)
    assert f"write printed: {old}" in message


def test_a_part_changed_names_the_rows_computed_from_it(data_copy, dataset):
    """A per-employee row follows its parts: changing employees_total names every ratio that no longer agrees."""
    rel, values = values_text("employees_total", data_copy)
    year = dataset.year
    edit(data_copy, rel, values, with_value(values, year, str(int(D(value_of(values, year))) * 2)))
    message = _errors(data_copy)
    dependants = [r for r, row in dataset.rows.items() for c in row.check or []
                  if c.ratio and "employees_total" in c.ratio.denominator]
    assert dependants and all(f"{r} {year} is" in message for r in dependants)
    assert "restate both in data/restatements.yaml" in message


ROW = """      - id: {id}
        label:
          zh-Hant: 新增指標
          en: A new indicator
        unit: person
        values: {values}
"""


def _add_row(root, dataset, added: str = ""):
    """A row after the first row of the social KPIs, with a value for every year."""
    rel, values = values_text("employees_total", root)
    years = ", ".join(f"{y}: 1" for y in dataset.years)
    text = (root / rel).read_text(encoding="utf-8")
    anchor = re.search(r"(?m)^      - id: employees_total\n", text)
    row = ROW.format(id="employees_new_kind", values="{" + years + "}") + (f"        added: {added}\n" if added else "")
    (root / rel).write_text(text[:anchor.start()] + row + text[anchor.start():], encoding="utf-8")
    return rel, text[:anchor.start()].count("\n") + 1


def test_a_row_the_report_lacks_needs_added(data_copy, dataset):
    rel, line = _add_row(data_copy, dataset)
    message = _errors(data_copy)
    assert f"{rel}:{line}:" in message and "'employees_new_kind' is not in the printed report" in message
    assert "add 'added: YYYY-MM-DD'" in message


def test_an_added_row_is_allowed_and_shown_as_added(data_copy, dataset):
    _add_row(data_copy, dataset, added="2023-05-01")
    ds = load_dataset(data_copy)
    table = next(t for t in ds.tables.values() if any(r.id == "employees_new_kind" for r in t.rows))
    for lang in LANGS:
        html = tables.kpi_table_html(ds, table, lang, ds.years)
        row = re.search(r'<tr data-kpi="employees_new_kind".*?</tr>', html, re.S).group(0)
        note = ds.report.t("added_note", lang, date="X").split("X")
        assert all(part in row for part in note if part), (lang, row)
    doc = json.loads(downloads.json_bytes(ds))
    assert next(k for k in doc["kpis"] if k["id"] == "employees_new_kind")["added"] == "2023-05-01"


DIRECTOR = """  - id: new_director
    name:
      zh-Hant: 王新
      en: Wang Xin
    gender: female
    age: 45
    role: independent_non_executive
    appointed: 2023-06-01
"""


def test_a_director_the_report_lacks_needs_added_and_is_shown(data_copy, dataset):
    text = (data_copy / "data/board.yaml").read_text(encoding="utf-8")
    at = text.index("members:\n") + len("members:\n")
    (data_copy / "data/board.yaml").write_text(text[:at] + DIRECTOR + text[at:], encoding="utf-8")
    line = text[:at].count("\n") + 1
    message = _errors(data_copy)
    assert f"data/board.yaml:{line}:" in message and "director 'new_director' is not in the printed report" in message
    edit(data_copy, "data/board.yaml", "    appointed: 2023-06-01\n", "    appointed: 2023-06-01\n    added: 2023-06-02\n")
    ds = load_dataset(data_copy)
    # appointed after the reporting period: listed, not counted; the counts stay as printed
    assert ds.value("board_total", ds.board.as_of.year) == dataset.value("board_total", dataset.board.as_of.year)
    for lang in LANGS:
        row = re.search(r'<tr data-director="new_director">.*?</tr>', tables.board_html(ds, lang), re.S).group(0)
        assert "esg-added-note" in row and "2023" in row


def _restated_copy(data_copy, dataset):
    """A copy whose figure of a row no other row is computed from is changed and restated: (data, id, year, printed)."""
    kpi_id, year = FREE_ROWS[1], dataset.year
    rel, values = values_text(kpi_id, data_copy)
    old = value_of(values, year)
    edit(data_copy, rel, values, with_value(values, year, _bump(old)))
    restate(data_copy, kpi_id, year, old, _bump(old))
    return load_dataset(data_copy), kpi_id, year, old


def test_a_restated_figure_is_marked_in_every_edition_and_every_download(data_copy, dataset):
    ds, kpi_id, year, old = _restated_copy(data_copy, dataset)
    table = next(t for t in ds.tables.values() if any(r.id == kpi_id for r in t.rows))
    for lang in LANGS:
        row = re.search(rf'<tr data-kpi="{kpi_id}".*?</tr>', tables.kpi_table_html(ds, table, lang, ds.years),
                        re.S).group(0)
        assert ds.report.t("restated", lang) in row and old in row, (lang, row)
        assert ds.restated[(kpi_id, year)].reason.get(lang) in row
    record = next(r for r in csv.DictReader(io.StringIO(downloads.csv_bytes(ds).decode("utf-8-sig")))
                  if r["kpi_id"] == kpi_id)
    for lang in LANGS:
        assert old in record["restated_" + lang.lower().replace("-", "_")]
    entry = next(k for k in json.loads(downloads.json_bytes(ds))["kpis"] if k["id"] == kpi_id)
    assert entry["restated"][str(year)]["printed"] == old


# ── facts: the figures the report's text quotes (data/facts/) are printed figures too ───────────────────────
def _free_fact(ds):
    """A fact no check derives from KPIs, quoted in a sentence as digits: (id, its file, its `value:` line, text)."""
    fact = next(f for f in ds.facts.values() if f.check is None and f.format == "plain" and f.value > 10)
    located, path = ds.origin[fact.id]
    return fact, located.file, located.line_of(path + ("value",)), f"{fact.value:f}"


def _change_fact(root, rel: str, line: int, old: str, new: str) -> None:
    lines = (root / rel).read_text(encoding="utf-8").split("\n")
    assert lines[line - 1].strip() == f"value: {old}", lines[line - 1]
    lines[line - 1] = lines[line - 1].replace(old, new)
    (root / rel).write_text("\n".join(lines), encoding="utf-8")


def test_a_fact_changed_without_restatement_stops_at_its_line_and_restated_is_marked(data_copy, dataset):
    """A figure quoted in the text is a figure of the printed report: changed without its restatement it passed
    (the sentence check accepted any figure of data/ in its place)."""
    from macros.render.escaping import escape
    from macros.render.restated import restated_mark

    fact, rel, line, old = _free_fact(dataset)
    year = fact.year or dataset.year
    _change_fact(data_copy, rel, line, old, _bump(old))
    message = _errors(data_copy)
    assert f"{rel}:{line}:" in message and f"{fact.id} {year} is {_bump(old)} but the printed report says {old}" \
        in message, message
    assert f"- {{fact: {fact.id}, year: {year}, printed: {old}, value: {_bump(old)}," in message
    restate(data_copy, fact.id, year, old, _bump(old), field="kpi")
    assert f"'{fact.id}' is a fact of data/facts/, not a KPI" in _errors(data_copy)
    (data_copy / "data/restatements.yaml").write_text(
        (data_copy / "data/restatements.yaml").read_text(encoding="utf-8").replace(f"kpi: {fact.id}", f"fact: {fact.id}"),
        encoding="utf-8")
    ds = load_dataset(data_copy)
    assert (fact.id, year) in ds.restated
    for lang in LANGS:   # as fact() writes it: the figure, escaped, then the mark as HTML with its note
        html = str(escape(_bump(old)) + restated_mark(ds, fact.id, year, lang, note=True))
        assert '<small class="esg-restated" tabindex="0" title="' in html and ds.report.t("restated", lang) in html, html
        assert "&lt;small" not in html and _reason(ds, fact.id, year, lang) in html


@pytest.mark.parametrize("names", ["kpi: electricity\n    fact: rare_disease_genetic_diseases", ""])
def test_a_restatement_names_one_figure(data_copy, names):
    """`kpi:` or `fact:`, one of the two: both, or neither, is told at the entry with what to write."""
    path = data_copy / "data/restatements.yaml"
    entry = (f"restatements:\n  - {names}\n    year: 2022\n    printed: 1\n    value: 2\n    date: 2023-05-01\n"
             "    reason: {zh-Hant: 更正。, en: Corrected.}\n").replace("  - \n    year", "  - year")
    path.write_text(path.read_text(encoding="utf-8").replace("restatements: []\n", entry), encoding="utf-8")
    message = _errors(data_copy)
    assert "data/restatements.yaml:" in message and "a restatement names one figure" in message, message


def test_a_printed_fact_deleted_from_data_is_told_at_its_printed_line(data_copy, dataset):
    fact, rel, line, _ = _free_fact(dataset)
    text = (data_copy / rel).read_text(encoding="utf-8")
    start = text.index(f"  - id: {fact.id}\n")
    end = text.find("\n  - id:", start + 1)
    (data_copy / rel).write_text(text[:start] + (text[end + 1:] if end >= 0 else ""), encoding="utf-8")
    message = _errors(data_copy)
    assert "data/printed/figures.yaml:" in message and f"the printed report has '{fact.id}', but data/ no longer " \
        "does" in message and "put the fact or the year back" in message, message


def _reason(ds, figure, year, lang):
    from markupsafe import escape

    return str(escape(ds.restated[(figure, year)].reason.get(lang)))


def test_a_fact_the_report_lacks_needs_added_and_one_of_a_later_year_is_new_data(data_copy, dataset):
    fact, rel, line, old = _free_fact(dataset)
    text = (data_copy / rel).read_text(encoding="utf-8")
    first = re.search(rf"(?m)^  - id: {fact.id}\n", text)
    new = f"  - id: a_fact_added\n    label: {{zh-Hant: 新數據, en: A new figure}}\n    value: 5\n    unit: {fact.unit}\n"
    (data_copy / rel).write_text(text[:first.start()] + new + text[first.start():], encoding="utf-8")
    message = _errors(data_copy)
    assert "'a_fact_added' is not in the printed report" in message and "a fact added after" in message, message
    (data_copy / rel).write_text(text[:first.start()] + new + "    added: 2023-05-01\n" + text[first.start():],
                                 encoding="utf-8")
    assert "a_fact_added" in load_dataset(data_copy).facts
    # the next report's figure (as_of a later year) is compared with no printed one: it is new data, not a change
    later = (data_copy / rel).read_text(encoding="utf-8")
    block = later[later.index(f"  - id: {fact.id}\n"):]
    block = block[:block.index("\n  - id:") if "\n  - id:" in block else len(block)]
    moved = re.sub(r"as_of: \S+", f"as_of: {dataset.year + 1}", block) if "as_of:" in block else block + \
        f"    as_of: {dataset.year + 1}\n"
    (data_copy / rel).write_text(later.replace(block, moved.replace(f"value: {old}", f"value: {_bump(old)}")),
                                 encoding="utf-8")
    assert load_dataset(data_copy).facts[fact.id].year == dataset.year + 1


# ── the board: counts and shares computed from the member list, checked against the printed ones ──────────
def test_a_share_is_count_over_board_size_to_two_decimals():
    from macros.model.consistency import computed_share

    assert computed_share(D(4), D(9)) == D("44.44") and computed_share(D(5), D(9)) == D("55.56")
    assert f"{computed_share(D(9), D(9)):f}" == "100" and f"{computed_share(D(1), D(4)):f}" == "25"


def test_board_counts_and_shares_come_from_the_member_list(dataset):
    from macros.model.consistency import computed_share, serving_members

    serving = serving_members(dataset.board)
    for row in dataset.board.composition:
        assert row.count == len([m for m in serving if all(
            (m.role if k == "role" else m.gender if k == "gender" else None) in v
            for k, v in row.where.items() if k != "age_band")]) or "age_band" in row.where
        assert row.share == computed_share(row.count, D(len(serving)))


def test_a_board_that_differs_from_the_printed_one_needs_a_restatement(data_copy, dataset):
    """A serving director's gender changed: the count of women and both shares differ from the report."""
    from macros.model.consistency import serving_members

    woman = next(m for m in serving_members(dataset.board) if m.gender == "female")
    text = (data_copy / "data/board.yaml").read_text(encoding="utf-8")
    at = text.index(f"  - id: {woman.id}\n")
    end = text.index("    gender: female\n", at)
    (data_copy / "data/board.yaml").write_text(text[:end] + "    gender: male\n" + text[end + 19:], encoding="utf-8")
    message = _errors(data_copy)
    year = dataset.board.as_of.year
    # a count the build compares with the printed report itself: one no restatement has changed since (an editor
    # who adds a woman to the board restates board_female; the men's count is then still as printed)
    import yaml

    restated = {r.get("kpi") or r.get("fact") for r in yaml.safe_load(
        (data_copy / "data/restatements.yaml").read_text(encoding="utf-8"))["restatements"] or []}
    kpi, step = next((k, s) for k, s in (("board_female", -1), ("board_male", 1)) if k not in restated)
    now = dataset.value(kpi, year)
    assert f"{kpi} {year} is {now + step} but the printed report says {now}" in message
    assert "add a restatement to data/restatements.yaml" in message and "data/board.yaml:" in message


def test_a_restated_figure_carries_its_note_in_the_workbook(data_copy, dataset):
    from openpyxl import load_workbook

    ds, kpi_id, year, old = _restated_copy(data_copy, dataset)
    wb = load_workbook(io.BytesIO(downloads.xlsx_bytes(ds)))
    table = next(t for t in ds.tables.values() if any(r.id == kpi_id for r in t.rows))
    ws = wb[table.id[:31]]
    row = next(r for r in ws.iter_rows(min_row=3) if r[0].value == kpi_id)
    header = [c.value for c in ws[2]]
    cell = row[header.index(year)]
    assert cell.comment and old in cell.comment.text
    assert header[-len(ds.years):] == ds.years        # no column added after the years
    sheet = [[c.value for c in r] for r in wb["restatements"].iter_rows()]
    assert sheet[1][:4] == [kpi_id, str(year), old, _bump(old)]


def test_a_restated_figure_is_marked_on_its_home_tile_too(data_copy, dataset):
    from macros.render import home

    ds, kpi_id, year, old = _restated_copy(data_copy, dataset)
    for lang in LANGS:
        assert ds.report.t("restated", lang) in home.tile_kpi_html(ds, kpi_id, lang)
        assert ds.report.t("restated", lang) not in home.tile_kpi_html(ds, "employees_total", lang)
