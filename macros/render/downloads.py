"""The KPI data as files analysts can use: CSV (UTF-8 with BOM for Excel), XLSX (a sheet per table) and JSON.

Why: rating agencies load numbers, not pages. The files are written from the same validated Dataset as the tables,
with stable KPI ids, HKEX KPI codes, units and one value per year; a year added to data/ adds a column here with no
code change. "Not disclosed" stays explicit: "/" in CSV and XLSX (as in the report), null in JSON.

The files are inert: a text cell that begins with = + - @ (or a tab or carriage return) would be a live formula in
Excel or LibreOffice (CSV injection); in CSV it gets a leading apostrophe, in XLSX it is written as a text cell,
never a formula. Figures stay numbers. The XLSX is the same bytes for the same data: its document dates are the end
of the report year (data/report.yaml), not the time of the build, and so are the dates inside its zip archive.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import zipfile
from decimal import Decimal
from pathlib import Path

from ..model.breakdown import parents
from ..model.dataset import Dataset
from ..model.schema import NotDisclosed
from ..model.printed import shown
from .restated import restated_text

KINDS = ("csv", "xlsx", "json")
ND = "/"
# What a spreadsheet reads as the start of a formula (OWASP, "CSV injection").
FORMULA_START = re.compile(r"^[=+\-@\t\r]")


def inert(text: str) -> str:
    """A text cell for CSV: a leading apostrophe before a formula's first character, so it is shown as typed."""
    return "'" + text if FORMULA_START.match(text) else text


def _text_cell(ws, text: str):
    """An XLSX cell holding `text` as text, even when it begins like a formula (openpyxl would make it one)."""
    from openpyxl.cell import Cell

    cell = Cell(ws, value=text)
    cell.data_type = "s"
    return cell


def file_names(ds: Dataset) -> dict[str, str]:
    """{kind: file name}: medlive-esg-2022-kpis.csv … (the base and year from data/report.yaml)."""
    return {kind: f"{ds.report.files}-kpis.{kind}" for kind in KINDS}


def column(name: str, lang: str) -> str:
    """A per-language column's name: indicator_zh_hant, indicator_en, indicator_zh_hans."""
    return f"{name}_{lang.lower().replace('-', '_')}"


def parent_ids(ds: Dataset) -> dict[str, str]:
    """{breakdown KPI id: its total's KPI id}: the files' `parent_kpi_id`, so a part is never read as a total."""
    return {child: parent for table in ds.tables.values() for child, parent in parents(table).items()}


def records(ds: Dataset):
    """One record per KPI row, in the order of the report's tables."""
    for kfile in ds.kpi_files:
        for table in kfile.tables:
            for row in table.rows:
                unit = ds.units[row.unit]
                yield kfile, table, row, unit


def _restated(ds: Dataset, kpi_id: str, lang: str) -> str:
    """Every restatement of a row in one text (data/restatements.yaml): after its figures, in each language."""
    return " ".join(restated_text(ds, kpi_id, y, lang) for (rid, y) in sorted(ds.restated) if rid == kpi_id)


def csv_header(ds: Dataset) -> list[str]:
    """The CSV's column names, in order (the CSVW metadata, macros/render/machine_data.py, describes each)."""
    langs = ds.locales
    return ["section", "table_id", *[column("table", x) for x in langs], "kpi_id", "parent_kpi_id", "hkex_kpi",
            *[column("indicator", x) for x in langs], *[column("unit", x) for x in langs], *[str(y) for y in ds.years],
            "added", *[column("restated", x) for x in langs]]


def csv_bytes(ds: Dataset) -> bytes:
    years, langs = ds.years, ds.locales
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    parent = parent_ids(ds)
    writer.writerow(csv_header(ds))
    for kfile, table, row, unit in records(ds):
        values = [ND if isinstance(v, NotDisclosed) else f"{v:f}" if v is not None else ""
                  for v in (row.values.get(y) for y in years)]
        texts = [kfile.section, table.id, *[table.caption.get(x) for x in langs], row.id, parent.get(row.id, ""),
                 " ".join(row.hkex),
                 *[row.label.get(x) for x in langs], *[unit.label.get(x) for x in langs]]
        changed = [row.added.isoformat() if row.added else "", *[_restated(ds, row.id, x) for x in langs]]
        writer.writerow([inert(t) for t in texts] + values + [inert(t) for t in changed])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def json_bytes(ds: Dataset) -> bytes:
    def value(v):
        if isinstance(v, NotDisclosed):
            return None
        return int(v) if v == v.to_integral_value() and v.as_tuple().exponent >= 0 else float(v)

    report, langs = ds.report, ds.locales
    parent = parent_ids(ds)

    def per_lang(label) -> dict[str, str]:
        return {x: label.get(x) for x in langs}

    doc = {
        "title": {x: report.t_text("data_title", x, short_name=report.info.short_name.get(x), year=report.year)
                  for x in langs},
        "company": {**per_lang(report.info.company), "hkex_stock_code": report.info.stock_code},
        "report_year": report.year,
        "prevailing_language": report.prevailing,
        "years": ds.years,
        "legend": {"null": "not disclosed in the report (shown as / in the report)",
                   "decimals": "each value keeps the report's precision; 'text' gives it exactly as printed"},
        "kpis": [
            {"id": row.id, "parent": parent.get(row.id), "section": kfile.section, "table": table.id,
             "hkex_kpi": row.hkex,
             "label": per_lang(row.label),
             "unit": {"id": unit.id, **per_lang(unit.label)},
             "values": {str(y): value(v) for y, v in sorted(row.values.items())},
             "text": {str(y): ND if isinstance(v, NotDisclosed) else f"{v:f}" for y, v in sorted(row.values.items())},
             "added": row.added.isoformat() if row.added else None,
             "restated": {str(y): {"printed": shown(r.printed), "date": r.date.isoformat(), "reason": per_lang(r.reason)}
                          for (rid, y), r in sorted(ds.restated.items()) if rid == row.id}}
            for kfile, table, row, unit in records(ds)],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2).encode("utf-8")


def xlsx_bytes(ds: Dataset) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import Cell
    from openpyxl.comments import Comment
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    wb.remove(wb.active)
    report, langs = ds.report, ds.locales
    readme = wb.create_sheet("README")
    for key in ("data_title", "data_sheets", "data_decimals"):
        readme.append([_text_cell(readme, " / ".join(report.t_text(key, x, short_name=report.info.short_name.get(x),
                                                               year=report.year) for x in langs))])
    years = ds.years
    parent = parent_ids(ds)
    for kfile, table in ((f, t) for f in ds.kpi_files for t in f.tables):
        ws = wb.create_sheet(table.id[:31])
        ws.append([_text_cell(ws, " / ".join(table.caption.get(x) for x in langs))])
        ws["A1"].font = Font(bold=True)
        ws.append([_text_cell(ws, text) for text in ("kpi_id", "parent_kpi_id", "HKEX",
                                                     *[report.t_text("indicator", x) for x in langs],
                                                     *[report.t_text("unit", x) for x in langs])] + list(years))
        for cell in ws[2]:
            cell.font = Font(bold=True)
        for row in table.rows:
            unit = ds.units[row.unit]
            values = []
            for y in years:
                v = row.values.get(y)
                cell = Cell(ws, value=ND if isinstance(v, NotDisclosed) else (None if v is None else _number(v)))
                if isinstance(v, Decimal):  # the report's decimals, shown as printed
                    places = max(-v.as_tuple().exponent, 0)
                    cell.number_format = "0" + ("." + "0" * places if places else "")
                values.append(cell)
            texts = [row.id, parent.get(row.id, ""), " ".join(row.hkex), *[row.label.get(x) for x in langs],
                     *[unit.label.get(x) for x in langs]]
            for y, cell in zip(years, values):   # a restated figure carries its note, in every language
                note = "\n".join(restated_text(ds, row.id, y, x) for x in langs) if (row.id, y) in ds.restated else ""
                if note:
                    cell.comment = Comment(note, report.info.short_name.get(report.prevailing))
            ws.append([_text_cell(ws, text) for text in texts] + values)
        widths = (30, 24, 8, *[34] * len(langs), *[16] * len(langs))
        for col, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(col)].width = width
    if ds.restated:   # every restatement on a sheet of its own, after the tables
        ws = wb.create_sheet("restatements")
        ws.append([_text_cell(ws, t) for t in ("kpi_id", "year", "printed", "value", "date",
                                                 *[column("reason", x) for x in langs])])
        for (kpi_id, year), r in sorted(ds.restated.items()):
            ws.append([_text_cell(ws, t) for t in (kpi_id, str(year), shown(r.printed), shown(r.value),
                                                     r.date.isoformat(), *[r.reason.get(x) for x in langs])])
    stamp = dt.datetime(report.year, 12, 31)  # the end of the reporting period: the data's date, not the build's
    wb.properties.created = stamp
    wb.properties.creator = report.info.company.get(report.prevailing)
    out = io.BytesIO()
    wb.save(out)
    return _reproducible(out.getvalue(), stamp)


_CORE_DATE = re.compile(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)")


def _reproducible(xlsx: bytes, stamp: dt.datetime) -> bytes:
    """The same workbook as the same bytes: openpyxl writes the time of saving into docProps/core.xml and into every
    zip entry; both become `stamp`."""
    iso = stamp.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    src, out = zipfile.ZipFile(io.BytesIO(xlsx)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = _CORE_DATE.sub(lambda m: m.group(1) + iso + m.group(3), data)
            entry = zipfile.ZipInfo(info.filename, date_time=stamp.timetuple()[:6])
            entry.compress_type, entry.external_attr = zipfile.ZIP_DEFLATED, info.external_attr
            dst.writestr(entry, data)
    return out.getvalue()


def _number(v: Decimal):
    return int(v) if v.as_tuple().exponent >= 0 else float(v)


def write_downloads(ds: Dataset, site_dir: Path) -> dict[str, Path]:
    """Write the three files into site_dir/downloads/ and return their paths."""
    folder = site_dir / "downloads"
    folder.mkdir(parents=True, exist_ok=True)
    makers = {"csv": csv_bytes, "xlsx": xlsx_bytes, "json": json_bytes}
    paths = {}
    for kind, name in file_names(ds).items():
        paths[kind] = folder / name
        paths[kind].write_bytes(makers[kind](ds))
    return paths
