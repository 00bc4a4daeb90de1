"""Data that machines can read, and the downloads centre worth the name (issue 23, points 6 and 10): schema.org
Dataset JSON-LD on the KPI appendix and the downloads centre, CSVW metadata beside the CSV, one archive of
everything, the report as filed on HKEXnews, the table styled and sized like the site's others. Each file is parsed
here, and checked against the built site and data/."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import zipfile
from html import unescape

import pytest

from conftest import LANGS, PREFIX, html_path, site_url
from figures import report_year
from macros.model.dataset import load_dataset
from macros.model.yamlsrc import DataErrors
from macros.render import download_centre, downloads, machine_data

JSONLD = re.compile(re.escape('<script type="application/ld+json">') + r"(.*?)</script>", re.S)


def _jsonld(site, slug, lang) -> dict:
    head = html_path(site, slug, lang).read_text(encoding="utf-8").split("</head>", 1)[0]
    found = JSONLD.findall(head)
    assert len(found) == 1, f"{slug} ({lang}): {len(found)} JSON-LD blocks"
    return json.loads(found[0])


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("slug", ["kpis", "downloads"])
def test_dataset_jsonld_names_every_file(site, dataset, slug, lang):
    doc = _jsonld(site, slug, lang)
    assert doc["@context"] == "https://schema.org" and doc["@type"] == "Dataset"
    assert doc["name"] and len(doc["description"]) >= 50
    assert doc["temporalCoverage"] == f"{dataset.years[0]}-01-01/{dataset.year}-12-31"
    assert doc["publisher"]["name"] == dataset.report.info.company.get(lang)
    assert doc["url"] == f"{site_url()}{PREFIX[lang]}{slug}/"
    files = {d["contentUrl"][len(site_url()):]: d["encodingFormat"] for d in doc["distribution"]}
    on_disk = {p.relative_to(site).as_posix() for p in [*site.glob("*.pdf"), *(site / "downloads").iterdir()]
               if p.name != "index.html"}
    assert set(files) == on_disk, f"JSON-LD {sorted(files)} ≠ on disk {sorted(on_disk)}"
    media = {".pdf": "application/pdf", ".csv": "text/csv", ".zip": "application/zip", ".json": "application/json",
             ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
    for name, kind in files.items():
        expected = "application/csvm+json" if name.endswith("-metadata.json") else media[name[name.rindex("."):]]
        assert kind == expected, (name, kind)


def test_no_other_page_claims_to_be_the_dataset(site):
    html = html_path(site, "governance", "en").read_text(encoding="utf-8")
    assert not JSONLD.search(html)


def test_jsonld_cannot_close_its_script_element():
    assert "</script>" not in machine_data.jsonld_script_text({"name": "</script><script>alert(1)</script>"})
    assert json.loads(machine_data.jsonld_script_text({"a": "</b>"})) == {"a": "</b>"}


@pytest.mark.parametrize("text", ["<!--<script>", "</SCRIPT >", "x]]><!-- -->", "a & b's <c>", "Medlive </title>"])
def test_jsonld_has_no_character_the_html_parser_acts_on(text):
    """Inside <script> the parser acts on '<' ('</script' closes the element, '<!--<script>' enters a state in which
    the real </script> no longer closes it and the rest of the head becomes script text): none is written raw."""
    out = machine_data.jsonld_script_text({"name": text, "keywords": [text]})
    assert not set(out) & set("<>&'"), out
    assert json.loads(out) == {"name": text, "keywords": [text]}


def test_csvw_metadata_describes_the_csv_column_by_column(site, dataset):
    folder = site / "downloads"
    csv_name = downloads.file_names(dataset)["csv"]
    meta = json.loads((folder / machine_data.csvw_name(dataset)).read_text(encoding="utf-8"))
    assert meta["@context"] == "http://www.w3.org/ns/csvw" and meta["url"] == csv_name
    header = next(csv.reader(io.StringIO((folder / csv_name).read_text(encoding="utf-8-sig"))))
    columns = meta["tableSchema"]["columns"]
    assert [c["titles"] for c in columns] == header, "the metadata's columns are not the CSV's, in order"
    by_title = {c["titles"]: c for c in columns}
    for year in dataset.years:
        c = by_title[str(year)]
        assert c["datatype"] == {"base": "decimal"} and downloads.ND in c["null"]
    assert all(c["datatype"] == "string" for t, c in by_title.items() if not t.isdigit())
    assert all("dc:description" in c for t, c in by_title.items() if t.startswith("unit_")), "each row's unit"
    assert meta["tableSchema"]["primaryKey"] == "kpi_id"
    assert meta["tableSchema"]["foreignKeys"][0]["columnReference"] == "parent_kpi_id"
    # every value a decimal or the "not disclosed" mark, as the metadata says
    for row in csv.DictReader(io.StringIO((folder / csv_name).read_text(encoding="utf-8-sig"))):
        for year in dataset.years:
            assert row[str(year)] == downloads.ND or re.fullmatch(r"-?\d+(\.\d+)?", row[str(year)]), row


def test_one_archive_holds_every_file(site, dataset):
    archive = site / "downloads" / download_centre.archive_name(dataset.report)
    with zipfile.ZipFile(archive) as z:
        names = sorted(z.namelist())
        contents = {n: z.read(n) for n in names}
        stamps = {z.getinfo(n).date_time[:3] for n in names}
    files = [*site.glob("*.pdf"), *[p for p in (site / "downloads").iterdir() if p.name not in ("index.html",
                                                                                                 archive.name)]]
    assert names == sorted(p.name for p in files)
    assert all(contents[p.name] == p.read_bytes() for p in files)
    pub = dataset.report.info.publication
    day = pub.date if pub and pub.date else dt.date(dataset.year, 12, 31)
    assert stamps == {(day.year, day.month, day.day)}, "archive entries dated by the build, not the report"


@pytest.mark.parametrize("lang", LANGS)
def test_downloads_centre_looks_like_the_sites_tables_and_links_hkexnews(site, dataset, lang):
    html = html_path(site, "downloads", lang).read_text(encoding="utf-8")
    table = re.search(r"<table([^>]*)>(.*?)</table>", html[html.index("esg-downloads-centre"):], re.S)
    assert "esg-data" in table.group(1) and 'data-cards="row"' in table.group(1)
    sizes = re.findall(r'data-bytes="\d+"[^>]*>([^<]+)<', table.group(2))
    assert sizes and all(re.fullmatch(r"[\d.]+\u00a0[KM]B", unescape(s)) for s in sizes), sizes
    hkex = re.search(r'<p class="esg-dl-hkex">.*?<a href="([^"]+)"', html, re.S)
    pub = dataset.report.info.publication
    assert hkex and hkex.group(1) == (pub.document or pub.hkexnews)
    assert str(dataset.report.info.stock_code) in re.sub(r"<[^>]+>", "", hkex.group(0))


def _hkexnews() -> str:
    """data/report.yaml's `hkexnews:` line as written now (found by its key)."""
    from figures import data_line

    return data_line("data/report.yaml", "publication", "hkexnews")


@pytest.mark.parametrize("old,new,words", [
    (_hkexnews(), _hkexnews() + f"  date: {report_year()}-06-30\n", ["publication.date", "cannot have been published"]),
    (_hkexnews(), "  hkexnews: https://hkexnews.example.com\n", ["publication.hkexnews"]),
    (_hkexnews(), _hkexnews() + "  document: https://example.com/report.pdf\n", ["publication.document"]),
], ids=["date within the year", "not HKEXnews", "document elsewhere"])
def test_bad_publication_data_is_reported_at_its_line(data_copy, old, new, words):
    from figures import bare_publication

    bare_publication(data_copy)
    path = data_copy / "data" / "report.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    with pytest.raises(DataErrors) as err:
        load_dataset(data_copy)
    message = str(err.value)
    assert "data/report.yaml:" in message, message
    for word in words:
        assert word in message, message
