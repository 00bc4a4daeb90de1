"""Next year's report is data and configuration: a copy of the project where only data/ and data/report.yaml change
(a 2023 column added, the report year set to 2023) builds a site whose tables, charts, downloads, PDF links and home
tiles show 2023 as the current year — no code touched."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
from html import unescape

import pytest

from conftest import LANGS, PREFIX, ROOT, run_mkdocs
from figures import value_of, values_text

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("new_year")]   # one worker builds the 2023 copy once

VOLUNTEER_HOURS_2023 = "412.25"  # a figure only the 2023 column has, so a tile that shows it shows 2023


@pytest.fixture(scope="module")
def site_2023(tmp_path_factory):
    root = tmp_path_factory.mktemp("project2023")
    for name in ("data", "docs", "macros", "overrides"):
        shutil.copytree(ROOT / name, root / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    hours = values_text("volunteer_hours")[1]   # as data/ writes it now: {2021: …, 2022: …}
    report = root / "data" / "report.yaml"
    report.write_text(report.read_text(encoding="utf-8").replace("\nyear: 2022\n", "\nyear: 2023\n"), encoding="utf-8")
    for path in (root / "data" / "kpis").glob("*.yaml"):
        text = path.read_text(encoding="utf-8").replace("years: [2021, 2022]", "years: [2021, 2022, 2023]")
        text = re.sub(r"(values: \{2021: [^,]+, 2022: ([^}]+))\}", r"\1, 2023: \2}", text)
        text = text.replace(hours[:-1] + f", 2023: {value_of(hours, 2022)}}}", hours[:-1] + f", 2023: {VOLUNTEER_HOURS_2023}}}")
        path.write_text(text, encoding="utf-8")
    board = root / "data" / "board.yaml"   # the board's counts as at the end of the new report year
    board.write_text(board.read_text(encoding="utf-8").replace("as_of: 2022-12-31", "as_of: 2023-12-31"),
                     encoding="utf-8")
    assert VOLUNTEER_HOURS_2023 in (root / "data" / "kpis" / "social.yaml").read_text(encoding="utf-8")
    deploy_url = os.environ.pop("SITE_URL", None)   # the address from data/report.yaml, as a build without a deploy
    try:
        result = run_mkdocs(root, root / "site")
    finally:
        if deploy_url is not None:
            os.environ["SITE_URL"] = deploy_url
    assert result.returncode == 0, f"the 2023 copy does not build:\n{result.stdout}\n{result.stderr}"
    return root / "site"


def page(site, lang: str, slug: str) -> str:
    path = site / PREFIX[lang] / (f"{slug}/index.html" if slug != "index" else "index.html")
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("lang,year_head,change_head", [
    ("zh-Hant", "2023年", "變化（2023年對比2022年）"), ("en", "2023", "Change (2023 vs 2022)"),
    ("zh-Hans", "2023年", "变化（2023年对比2022年）")])
def test_tables_and_charts_show_2023_as_current(site_2023, lang, year_head, change_head):
    html = page(site_2023, lang, "kpis")
    ghg = re.search(r'<table [^>]*?data-table="ghg".*?</table>', html, re.S).group(0)
    heads = [unescape(h) for h in re.findall(r"<th scope=\"col\"[^>]*>(.*?)</th>", ghg)]
    assert heads[-2:] == [year_head, change_head], heads
    chart = re.search(r'<svg[^>]*aria-labelledby="chart-ghg-t chart-ghg-d".*?</svg>', html, re.S).group(0)
    assert "2023" in re.search(r"<title[^>]*>(.*?)</title>", chart).group(1)
    assert chart.count('class="esg-chart-year"') == 3  # 2021, 2022, 2023


@pytest.mark.parametrize("lang", ["zh-Hant", "en", "zh-Hans"])
def test_home_tiles_and_pdf_links_follow_the_report_year(site_2023, lang):
    html = page(site_2023, lang, "index")
    assert VOLUNTEER_HOURS_2023 in html, "the home tile still shows an earlier year"
    pdfs = set(re.findall(r'href="[^"]*?(medlive-esg-\d{4}-[A-Za-z-]+\.pdf)"', html))
    assert pdfs == {f"medlive-esg-2023-{lang}.pdf"}, pdfs
    assert re.search(r'id="highlights"', html) and ("2023" in re.search(r"<h2[^>]*id=\"highlights\"[^>]*>(.*?)</h2>",
                                                                           html, re.S).group(1))


def test_downloads_have_the_2023_names_and_column(site_2023):
    folder = site_2023 / "downloads"
    assert sorted(p.name for p in folder.iterdir() if p.suffix in (".csv", ".xlsx", ".json")) == [
        "medlive-esg-2023-kpis.csv", "medlive-esg-2023-kpis.csv-metadata.json", "medlive-esg-2023-kpis.json",
        "medlive-esg-2023-kpis.xlsx"]
    rows = list(csv.DictReader(io.StringIO((folder / "medlive-esg-2023-kpis.csv").read_text(encoding="utf-8-sig"))))
    assert {r["kpi_id"]: r["2023"] for r in rows}["volunteer_hours"] == VOLUNTEER_HOURS_2023
    doc = json.loads((folder / "medlive-esg-2023-kpis.json").read_text(encoding="utf-8"))
    assert doc["report_year"] == 2023 and doc["years"] == [2021, 2022, 2023]


@pytest.mark.parametrize("lang", LANGS)
def test_site_name_description_copyright_and_address_follow_the_report_year(site_2023, lang):
    """data/report.yaml `site:` holds templates: the 2023 copy's site says 2023 in its name, its description, its
    canonical addresses, and © 2024 (the year a report on 2023 comes out), in every edition, with nothing typed."""
    html = page(site_2023, lang, "about-us")
    name = re.search(r'<meta property="og:site_name" content="([^"]*)"', html)[1]
    assert "2023" in name and "2022" not in name, name
    assert re.search(rf"<title>[^<]*{re.escape(name)}</title>", html), "the page title ends with the site name"
    canonical = re.search(r'<link rel="canonical" href="([^"]*)"', html)[1]
    assert canonical.endswith(f"/esg-report-2023/{PREFIX[lang]}about-us/") and canonical.startswith("https://")
    footer = unescape(re.search(r'<div class="md-copyright__highlight">(.*?)</div>', html, re.S)[1])
    assert "© 2024" in footer and "2023 " not in footer.replace("© 2024", ""), footer
    missing = (site_2023 / PREFIX[lang] / "404.html").read_text(encoding="utf-8")   # the site's own description
    description = unescape(re.search(r'<meta name="description" content="([^"]*)"', missing)[1])
    assert "2023" in description and "2022" not in description, description
    sitemap = (site_2023 / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{canonical}</loc>" in sitemap
