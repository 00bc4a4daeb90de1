"""The KPI data as files analysts can use: CSV (UTF-8 with BOM for Excel), XLSX (a sheet per table) and JSON.

Why: rating agencies load numbers, not pages. The files are written from the same validated Dataset as the tables,
with stable KPI ids, HKEX KPI codes, units and one value per year; a year added to data/ adds a column here with no
code change. "Not disclosed" stays explicit: "/" in CSV and XLSX (as in the report), null in JSON.
"""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path

from .dataset import Dataset
from .schema import NotDisclosed

BASENAME = "medlive-esg-2022-kpis"
FILES = {"csv": f"{BASENAME}.csv", "xlsx": f"{BASENAME}.xlsx", "json": f"{BASENAME}.json"}
ND = "/"


def records(ds: Dataset):
    """One record per KPI row, in the order of the report's tables."""
    for kfile in ds.kpi_files:
        for table in kfile.tables:
            for row in table.rows:
                unit = ds.units[row.unit]
                yield kfile, table, row, unit


def csv_bytes(ds: Dataset) -> bytes:
    years = ds.years
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["section", "table_id", "table_zh_hant", "table_en", "kpi_id", "hkex_kpi", "indicator_zh_hant",
                     "indicator_en", "unit_zh_hant", "unit_en", *[str(y) for y in years]])
    for kfile, table, row, unit in records(ds):
        values = [ND if isinstance(v, NotDisclosed) else f"{v:f}" if v is not None else ""
                  for v in (row.values.get(y) for y in years)]
        writer.writerow([kfile.section, table.id, table.caption.zh_Hant, table.caption.en, row.id, " ".join(row.hkex),
                         row.label.zh_Hant, row.label.en, unit.label.zh_Hant, unit.label.en, *values])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def json_bytes(ds: Dataset) -> bytes:
    def value(v):
        if isinstance(v, NotDisclosed):
            return None
        return int(v) if v == v.to_integral_value() and v.as_tuple().exponent >= 0 else float(v)

    doc = {
        "title": {"zh-Hant": "醫脈通2022年環境、社會及管治報告：關鍵績效", "en": "Medlive 2022 ESG Report: key performance indicators"},
        "company": {"zh-Hant": "醫脈通科技有限公司", "en": "Medlive Technology Co., Ltd.", "hkex_stock_code": "2192"},
        "years": ds.years,
        "legend": {"null": "not disclosed in the report (shown as / in the report)",
                   "decimals": "each value keeps the report's precision; 'text' gives it exactly as printed"},
        "kpis": [
            {"id": row.id, "section": kfile.section, "table": table.id, "hkex_kpi": row.hkex,
             "label": {"zh-Hant": row.label.zh_Hant, "en": row.label.en},
             "unit": {"id": unit.id, "zh-Hant": unit.label.zh_Hant, "en": unit.label.en},
             "values": {str(y): value(v) for y, v in sorted(row.values.items())},
             "text": {str(y): ND if isinstance(v, NotDisclosed) else f"{v:f}" for y, v in sorted(row.values.items())}}
            for kfile, table, row, unit in records(ds)],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2).encode("utf-8")


def xlsx_bytes(ds: Dataset) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    wb.remove(wb.active)
    readme = wb.create_sheet("README")
    for line in ["醫脈通2022年環境、社會及管治報告：關鍵績效 / Medlive 2022 ESG Report: key performance indicators",
                 "每個工作表為一個表格；「/」表示報告未披露。 / One sheet per table; \"/\" means not disclosed in the report.",
                 "數字保留報告刊載的小數位數。 / Numbers keep the decimals printed in the report."]:
        readme.append([line])
    years = ds.years
    for kfile, table in ((f, t) for f in ds.kpi_files for t in f.tables):
        ws = wb.create_sheet(table.id[:31])
        ws.append([f"{table.caption.zh_Hant} / {table.caption.en}"])
        ws["A1"].font = Font(bold=True)
        ws.append(["kpi_id", "HKEX", "指標", "Indicator", "單位", "Unit", *years])
        for cell in ws[2]:
            cell.font = Font(bold=True)
        for row in table.rows:
            unit = ds.units[row.unit]
            values = []
            for y in years:
                v = row.values.get(y)
                values.append(ND if isinstance(v, NotDisclosed) else (None if v is None else _number(v)))
            ws.append([row.id, " ".join(row.hkex), row.label.zh_Hant, row.label.en, unit.label.zh_Hant, unit.label.en,
                       *values])
            for col, y in enumerate(years, start=7):
                v = row.values.get(y)
                if isinstance(v, Decimal):
                    places = max(-v.as_tuple().exponent, 0)
                    ws.cell(row=ws.max_row, column=col).number_format = "0" + ("." + "0" * places if places else "")
        for col, width in zip("ABCDEF", (30, 8, 34, 44, 14, 18)):
            ws.column_dimensions[col].width = width
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _number(v: Decimal):
    return int(v) if v.as_tuple().exponent >= 0 else float(v)


def write_downloads(ds: Dataset, site_dir: Path) -> dict[str, Path]:
    """Write the three files into site_dir/downloads/ and return their paths."""
    folder = site_dir / "downloads"
    folder.mkdir(parents=True, exist_ok=True)
    makers = {"csv": csv_bytes, "xlsx": xlsx_bytes, "json": json_bytes}
    paths = {}
    for kind, name in FILES.items():
        paths[kind] = folder / name
        paths[kind].write_bytes(makers[kind](ds))
    return paths
