"""Data that machines can read: W3C CSV on the Web metadata beside the KPI CSV, and schema.org `Dataset` JSON-LD.

Why: dataset search engines (Google Dataset Search reads schema.org `Dataset`) and the tools of rating agencies can
list and load the KPI files only when the files say what they are: name, description, period, publisher, and a
distribution per file with its media type; and, for the CSV, what each column holds, its datatype, which column is
the key, which names a breakdown's total, and that "/" means not disclosed. Both are made from the same Dataset and
the same column list as the CSV (macros/render/downloads.py), so they cannot drift from the file they describe.
"""

from __future__ import annotations

import json

from jinja2.utils import htmlsafe_json_dumps

from . import downloads
from .download_centre import archive_name
from ..model.dataset import Dataset

MEDIA = {"csv": "text/csv", "json": "application/json", "pdf": "application/pdf", "zip": "application/zip",
         "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
         "csv-metadata.json": "application/csvm+json"}


def csvw_name(ds: Dataset) -> str:
    """`<csv>-metadata.json`: the name CSVW processors look for beside a CSV (CSVW §5.2, "{+url}-metadata.json")."""
    return downloads.file_names(ds)["csv"] + "-metadata.json"


def _column(name: str, ds: Dataset) -> dict:
    """One CSV column described: its title as in the CSV, a datatype, and what it holds."""
    years = {str(y) for y in ds.years}
    if name in years:
        return {"name": f"y{name}", "titles": name, "datatype": {"base": "decimal"}, "null": [downloads.ND, ""],
                "dc:description": f"The {name} value, in the row's unit (columns unit_*), with the report's decimals; "
                                  f"{downloads.ND} = not disclosed in the report"}
    described = {
        "section": "The KPI file: environmental, social or governance",
        "table_id": "The table's stable id (the sheet's name in the XLSX)",
        "kpi_id": "The indicator's stable id; the row's anchor on the site is #kpi-<kpi_id>",
        "parent_kpi_id": "For a breakdown, the kpi_id of the total it is part of (\"of which\"); empty otherwise",
        "hkex_kpi": "The HKEX ESG Reporting Guide KPI codes this row discloses, separated by spaces",
        "added": "For a row the printed report lacks, the date it was added (ISO 8601); empty otherwise",
    }
    col = {"name": name, "titles": name, "datatype": "string"}
    if name in described:
        col["dc:description"] = described[name]
    elif name.startswith("unit_"):
        col["dc:description"] = f"The unit of this row's values ({name[5:].replace('_', '-')} text)"
    elif name.startswith("restated_"):
        col["dc:description"] = (f"Each restatement of this row's figures since the printed report: the printed value, "
                                 f"the new one, the date and the reason ({name[9:].replace('_', '-')} text)")
    elif name.startswith(("indicator_", "table_")):
        col["dc:description"] = f"The {name.split('_')[0]}'s name ({name.split('_', 1)[1].replace('_', '-')} text)"
    if name == "kpi_id":
        col["required"] = True
    if name == "hkex_kpi":
        col["separator"] = " "
    return col


def csvw_metadata(ds: Dataset) -> dict:
    report, csv_name = ds.report, downloads.file_names(ds)["csv"]
    return {
        "@context": "http://www.w3.org/ns/csvw",
        "url": csv_name,
        "dc:title": [{"@value": report.t_text("data_title", x, short_name=report.info.short_name.get(x), year=report.year),
                      "@language": x} for x in ds.locales],
        "dc:publisher": [{"@value": report.info.company.get(x), "@language": x} for x in ds.locales],
        "dc:temporal": f"{ds.years[0]}-01-01/{ds.year}-12-31",
        "dialect": {"encoding": "utf-8", "header": True, "headerRowCount": 1},
        "tableSchema": {
            "columns": [_column(name, ds) for name in downloads.csv_header(ds)],
            "primaryKey": "kpi_id",
            "foreignKeys": [{"columnReference": "parent_kpi_id",
                             "reference": {"resource": csv_name, "columnReference": "kpi_id"}}],
        },
    }


def csvw_bytes(ds: Dataset) -> bytes:
    return json.dumps(csvw_metadata(ds), ensure_ascii=False, indent=2).encode("utf-8")


def distribution_names(ds: Dataset, pdf_editions: list[str]) -> list[tuple[str, str]]:
    """[(path from the site root, media type)] of every file the downloads centre offers."""
    names = [(report_pdf, MEDIA["pdf"]) for report_pdf in (ds.report.pdf_name(x) for x in pdf_editions)]
    names += [(f"downloads/{name}", MEDIA[kind]) for kind, name in downloads.file_names(ds).items()]
    names += [(f"downloads/{csvw_name(ds)}", MEDIA["csv-metadata.json"]),
              (f"downloads/{archive_name(ds.report)}", MEDIA["zip"])]
    return names


def dataset_jsonld(ds: Dataset, lang: str, page_url: str, site_url: str, pdf_editions: list[str]) -> dict:
    """schema.org Dataset for a page in `lang`: every file as a DataDownload with its absolute URL and media type."""
    report = ds.report
    company = {"@type": "Organization", "name": report.info.company.get(lang)}
    return {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": report.t_text("data_title", lang, short_name=report.info.short_name.get(lang), year=report.year),
        "description": report.t_text("dataset_description", lang, first=ds.years[0], year=report.year,
                                code=report.info.stock_code),
        "url": page_url,
        "inLanguage": lang,
        "temporalCoverage": f"{ds.years[0]}-01-01/{ds.year}-12-31",
        "publisher": company,
        "creator": company,
        "isAccessibleForFree": True,
        "keywords": ["ESG", f"HKEX {report.info.stock_code}", *[t.caption.get(lang) for t in ds.tables.values()]],
        "distribution": [{"@type": "DataDownload", "encodingFormat": media, "contentUrl": site_url + path,
                          "name": path.rsplit("/", 1)[-1]} for path, media in distribution_names(ds, pdf_editions)],
    }


def jsonld_script_text(doc: dict) -> str:
    """The JSON for inside <script type="application/ld+json">: every <, >, & and ' as a \\u escape (Jinja's
    htmlsafe_json_dumps, as Material's own __config), so no text in data/ can close the element ("</script>") or
    put the parser in a script comment state ("<!--<script>") that swallows the rest of the head."""
    return str(htmlsafe_json_dumps(doc, ensure_ascii=False))
