"""Next year's report is data and configuration: a copy of the project where only data/ and data/report.yaml change
(a column for the year after the report year added, the report year set to it) builds a site whose tables, charts,
downloads, PDF links and home tiles show that year as the current one — no code touched. The years are data/'s as it
is now (for the 2022 report: a 2023 copy), never typed here, so this still holds after an editor's new year."""

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
from figures import bare_publication, dataset, value_of, values_text

YEARS = dataset().years          # as data/kpis/ lists them now
YEAR = dataset().year            # the report year now
NEW = YEARS[-1] + 1              # the copy's report year
UI = dataset().report

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("new_year")]   # one worker builds the next year's copy once

VOLUNTEER_HOURS_NEW = "412.25"   # a figure only the new year's column has, so a tile that shows it shows that year


@pytest.fixture(scope="module")
def site_next(tmp_path_factory):
    root = tmp_path_factory.mktemp("project_next")
    for name in ("data", "docs", "macros", "overrides"):
        shutil.copytree(ROOT / name, root / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    hours = values_text("volunteer_hours")[1]   # as data/ writes it now: {2021: …, 2022: …}
    bare_publication(root)                      # a filing day recorded for this report would precede the new year
    report = root / "data" / "report.yaml"
    report.write_text(report.read_text(encoding="utf-8").replace(f"\nyear: {YEAR}\n", f"\nyear: {NEW}\n"),
                      encoding="utf-8")
    listed = "years: [" + ", ".join(map(str, YEARS)) + "]"
    for path in (root / "data" / "kpis").glob("*.yaml"):
        text = path.read_text(encoding="utf-8").replace(listed, listed[:-1] + f", {NEW}]")
        text = re.sub(rf"(values: \{{[^}}]*\b{YEARS[-1]}: ([^,}}]+))\}}", rf"\1, {NEW}: \2}}", text)
        text = text.replace(hours[:-1] + f", {NEW}: {value_of(hours, YEARS[-1])}}}",
                            hours[:-1] + f", {NEW}: {VOLUNTEER_HOURS_NEW}}}")
        path.write_text(text, encoding="utf-8")
    board = root / "data" / "board.yaml"   # the board's counts as at the end of the new report year
    as_of = dataset().board.as_of
    text = board.read_text(encoding="utf-8").replace(f"as_of: {as_of}", f"as_of: {as_of.replace(year=NEW)}")
    # the board as it is now: a director added since printing (data/board.yaml `added:`) and appointed after this
    # report's date is the next report's news, and the pages' count in words (九名董事) is this report's text
    for member in dataset().board.members:
        if member.added and member.appointed and member.appointed > as_of:
            text = re.sub(rf"(?m)^  - id: {re.escape(member.id)}\n(?:    .*\n)*", "", text)
    board.write_text(text, encoding="utf-8")
    # the board is counted at one date: the old year's counts, and any restatement of them, leave data/ with it
    counts = "|".join(row.id for row in dataset().board.composition)
    restatements = root / "data" / "restatements.yaml"
    text = re.sub(rf"(?m)^  - (?:\{{\s*)?kpi: (?:{counts})\b.*\n(?:    .*\n)*", "", restatements.read_text(encoding="utf-8"))
    restatements.write_text(re.sub(r"(?m)^restatements:\s*\Z", "restatements: []\n", text), encoding="utf-8")
    assert VOLUNTEER_HOURS_NEW in (root / "data" / "kpis" / "social.yaml").read_text(encoding="utf-8")
    deploy_url = os.environ.pop("SITE_URL", None)   # the address from data/report.yaml, as a build without a deploy
    try:
        result = run_mkdocs(root, root / "site")
    finally:
        if deploy_url is not None:
            os.environ["SITE_URL"] = deploy_url
    assert result.returncode == 0, f"the {NEW} copy does not build:\n{result.stdout}\n{result.stderr}"
    return root / "site"


def page(site, lang: str, slug: str) -> str:
    path = site / PREFIX[lang] / (f"{slug}/index.html" if slug != "index" else "index.html")
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", LANGS)
def test_tables_and_charts_show_the_new_year_as_current(site_next, lang):
    year_head, change_head = UI.t_text("year", lang, y=NEW), UI.t_text("change", lang, a=YEARS[-1], b=NEW)
    html = page(site_next, lang, "kpis")
    ghg = re.search(r'<table [^>]*?data-table="ghg".*?</table>', html, re.S).group(0)
    heads = [unescape(h) for h in re.findall(r"<th scope=\"col\"[^>]*>(.*?)</th>", ghg)]
    assert heads[-2:] == [year_head, change_head], heads
    chart = re.search(r'<svg[^>]*aria-labelledby="chart-ghg-t chart-ghg-d".*?</svg>', html, re.S).group(0)
    assert str(NEW) in re.search(r"<title[^>]*>(.*?)</title>", chart).group(1)
    assert chart.count('class="esg-chart-year"') == len(YEARS) + 1   # every year, the new one too


def files(year: int) -> str:
    """The file names' stem for a report year: data/report.yaml's `files:`, read plainly."""
    import yaml

    return yaml.safe_load((ROOT / "data/report.yaml").read_text(encoding="utf-8"))["files"].format(year=year)


@pytest.mark.parametrize("lang", LANGS)
def test_home_tiles_and_pdf_links_follow_the_report_year(site_next, lang):
    html = page(site_next, lang, "index")
    assert VOLUNTEER_HOURS_NEW in html, "the home tile still shows an earlier year"
    stem = re.escape(files(NEW)).replace(str(NEW), r"\d{4}")
    pdfs = set(re.findall(rf'href="[^"]*?({stem}-[A-Za-z-]+\.pdf)"', html))
    assert pdfs == {f"{files(NEW)}-{lang}.pdf"}, pdfs
    assert re.search(r'id="highlights"', html) and (str(NEW) in re.search(r"<h2[^>]*id=\"highlights\"[^>]*>(.*?)</h2>",
                                                                            html, re.S).group(1))


def test_downloads_have_the_new_names_and_column(site_next):
    folder, stem = site_next / "downloads", files(NEW)
    assert sorted(p.name for p in folder.iterdir() if p.suffix in (".csv", ".xlsx", ".json")) == [
        f"{stem}-kpis.csv", f"{stem}-kpis.csv-metadata.json", f"{stem}-kpis.json", f"{stem}-kpis.xlsx"]
    rows = list(csv.DictReader(io.StringIO((folder / f"{stem}-kpis.csv").read_text(encoding="utf-8-sig"))))
    assert {r["kpi_id"]: r[str(NEW)] for r in rows}["volunteer_hours"] == VOLUNTEER_HOURS_NEW
    doc = json.loads((folder / f"{stem}-kpis.json").read_text(encoding="utf-8"))
    assert doc["report_year"] == NEW and doc["years"] == [*YEARS, NEW]


@pytest.mark.parametrize("lang", LANGS)
def test_site_name_description_copyright_and_address_follow_the_report_year(site_next, lang):
    """data/report.yaml `site:` holds templates: the new year's copy says that year in its site name, description,
    canonical addresses, and © the year after (when a report on it comes out), in every edition, nothing typed."""
    html = page(site_next, lang, "about-us")
    name = re.search(r'<meta property="og:site_name" content="([^"]*)"', html)[1]
    assert str(NEW) in name and str(YEAR) not in name, name
    assert re.search(rf"<title>[^<]*{re.escape(name)}</title>", html), "the page title ends with the site name"
    canonical = re.search(r'<link rel="canonical" href="([^"]*)"', html)[1]
    assert canonical.endswith(f"-{NEW}/{PREFIX[lang]}about-us/") and canonical.startswith("https://")
    footer = unescape(re.search(r'<div class="md-copyright__highlight">(.*?)</div>', html, re.S)[1])
    assert f"© {NEW + 1}" in footer and f"{NEW} " not in footer.replace(f"© {NEW + 1}", ""), footer
    missing = (site_next / PREFIX[lang] / "404.html").read_text(encoding="utf-8")   # the site's own description
    description = unescape(re.search(r'<meta name="description" content="([^"]*)"', missing)[1])
    assert str(NEW) in description and str(YEAR) not in description, description
    sitemap = (site_next / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{canonical}</loc>" in sitemap
