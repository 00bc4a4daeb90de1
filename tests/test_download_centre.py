"""The downloads centre (/downloads/ in every edition) lists every file the build published, with its size, and
every page leads to it.

The expected list is what is on disk in the built site (every PDF at its root, every file under downloads/), and the
expected size text is computed here from the file's bytes.
"""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import urljoin

import pytest

from conftest import HAND, LANGS, PREFIX, ROOT, html_path, page_slugs


def on_disk(site) -> dict[str, int]:
    files = {p.name: p.stat().st_size for p in site.glob("*.pdf")}
    files.update({p.relative_to(site).as_posix(): p.stat().st_size for p in (site / "downloads").rglob("*")
                  if p.is_file() and p.name != "index.html"})
    return files


def size_text(n: int) -> str:
    """A no-break space before the unit: a size never breaks into "948.2 / KB"."""
    return f"{n / 1024:.1f}\u00a0KB" if n < 1024 ** 2 else f"{n / 1024 ** 2:.1f}\u00a0MB"


@pytest.mark.parametrize("lang", LANGS)
def test_every_published_file_is_listed_with_its_size(site, dataset, lang):
    files = on_disk(site)
    assert len([f for f in files if f.endswith(".pdf")]) == len(LANGS), f"one PDF per edition expected: {files}"
    assert any(f.startswith("downloads/") for f in files)
    page = html_path(site, "downloads", lang)
    html = page.read_text(encoding="utf-8")
    assert "esg-downloads-fill" not in html, "the table was never filled in"
    rows = re.findall(r'<tr data-file="([^"]+)">(.*?)</tr>', html, re.S)
    listed = {unescape(f): body for f, body in rows}
    assert set(listed) == set(files), f"{lang}: listed {sorted(listed)}, on disk {sorted(files)}"
    page_url = f"http://site/{PREFIX[lang]}downloads/"
    for name, body in listed.items():
        size = re.search(r'data-bytes="(\d+)"[^>]*>([^<]+)<', body)
        assert int(size.group(1)) == files[name] and size.group(2) == size_text(files[name]), (lang, name, size.groups())
        href = re.search(r'href="([^"]+)"', body).group(1)
        assert urljoin(page_url, href) == f"http://site/{name}", f"{lang}: {name} linked as {href}"
        published = dataset.report.info.publication
        dates = re.findall(r'<time datetime="([\d-]+)">[^<]+</time>', body)
        # the report's publication date (data/report.yaml), never the build's; none when none is recorded
        expected = [published.date.isoformat()] if published and published.date else []
        assert dates == expected, f"{lang}: {name} dated {dates}, expected {expected}"
    pdf_rows = [body for name, body in listed.items() if name.endswith(".pdf")]
    assert {re.search(r'hreflang="([^"]+)"', b).group(1) for b in pdf_rows} == set(LANGS), "each PDF says its edition"


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_links_to_its_editions_downloads_centre(site, lang):
    target = f"http://site/{PREFIX[lang]}downloads/"
    for slug in page_slugs():
        html = html_path(site, slug, lang).read_text(encoding="utf-8")
        base = f"http://site/{PREFIX[lang]}" + ("" if slug == "index" else f"{slug}/")
        footer = re.search(r'<a href="([^"]+)" class="esg-downloads-footer"', html)
        assert footer and urljoin(base, footer.group(1)) == target, f"{slug} ({lang}): footer link {footer}"
    for slug in ("index", "kpis"):   # and the home and KPI pages in their text
        html = html_path(site, slug, lang).read_text(encoding="utf-8")
        base = f"http://site/{PREFIX[lang]}" + ("" if slug == "index" else f"{slug}/")
        article = html[html.index("<article"):html.index("</article>")]
        assert any(urljoin(base, h) == target for h in re.findall(r'href="([^"]+)"', article)), f"{slug} ({lang})"


def test_downloads_centre_is_in_the_sitemap(site):
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    from conftest import site_url
    for lang in LANGS:
        assert f"<loc>{site_url()}{PREFIX[lang]}downloads/</loc>" in sitemap, lang


def test_a_downloads_page_without_its_table_stops_the_build(mini_project):
    home = ("# 首頁 {#home}\n\n文字。\n", "# Home {#home}\n\nText.\n")
    empty = ("# 下載中心 {#downloads}\n\n文字。\n", "# Downloads {#downloads}\n\nText.\n")
    code, output = mini_project({"index": home, "downloads": empty})
    assert code != 0
    assert "downloads/index.html has no {{ downloads_centre() }}" in output, output


def test_the_downloads_page_pair_exists():
    for lang in HAND:
        assert "{{ downloads_centre() }}" in (ROOT / "docs" / f"downloads.{lang}.md").read_text(encoding="utf-8")


# Each edition's language named as a reader of the page calls it (data/report.yaml: edition_names); literal here.
NAMED = {"zh-Hant": {"zh-Hant": "繁體中文", "en": "英文", "zh-Hans": "簡體中文"},
         "en": {"zh-Hant": "Traditional Chinese", "en": "English", "zh-Hans": "Simplified Chinese"},
         "zh-Hans": {"zh-Hant": "繁体中文", "en": "英文", "zh-Hans": "简体中文"}}


@pytest.mark.parametrize("lang", LANGS)
def test_languages_are_named_in_the_readers_own_language(site, lang):
    html = html_path(site, "downloads", lang).read_text(encoding="utf-8")
    for edition, name in NAMED[lang].items():
        row = re.search(rf'<tr data-file="[^"]*-{edition}\.pdf">(.*?)</tr>', html, re.S).group(1)
        cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td\b[^>]*>(.*?)</td>", row, re.S)]
        assert cells[1] == name, f"{lang}: the {edition} PDF's language reads {cells[1]!r}, not {name!r}"
