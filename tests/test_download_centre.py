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


def named(reader: str) -> dict[str, str]:
    """Each edition's language as a reader of `reader` calls it: data/report.yaml's edition_names, read plainly (not
    through the build's code), a generated edition's reader given its source's names converted."""
    import yaml

    from conftest import GENERATED, LOCALES

    names = yaml.safe_load((ROOT / "data/report.yaml").read_text(encoding="utf-8"))["edition_names"]
    source = GENERATED.get(reader, reader)
    return {edition: LOCALES.convert(reader, by[source]) if reader != source else by[source]
            for edition, by in names.items()}


@pytest.mark.parametrize("lang", LANGS)
def test_languages_are_named_in_the_readers_own_language(site, lang):
    html = html_path(site, "downloads", lang).read_text(encoding="utf-8")
    expected = named(lang)
    assert set(expected) == set(LANGS) and len(set(expected.values())) == len(LANGS), expected
    for edition, name in expected.items():
        row = re.search(rf'<tr data-file="[^"]*-{edition}\.pdf">(.*?)</tr>', html, re.S).group(1)
        cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td\b[^>]*>(.*?)</td>", row, re.S)]
        assert cells[1] == name, f"{lang}: the {edition} PDF's language reads {cells[1]!r}, not {name!r}"


# ── the publication data: dates and the filing's address from data/report.yaml, never from the build ────────────
def _published_site(tmp_path, report):
    """A site folder holding what a build publishes (a PDF per edition, data files), written today."""
    from macros.render import download_centre

    site = tmp_path / "site"
    (site / download_centre.FOLDER).mkdir(parents=True)
    for lang in report.editions:
        (site / report.pdf_name(lang)).write_bytes(b"%PDF-1.7 " + lang.encode())
    for ext in ("csv", "csv-metadata.json", "xlsx", "json"):
        (site / download_centre.FOLDER / f"{report.files}-kpis.{ext}").write_bytes(b"x" * 2000)
    download_centre.write_archive(site, report)
    return site, download_centre.published(site, report)


@pytest.mark.parametrize("recorded", [False, True], ids=["as our sources are", "date and filing recorded"])
def test_files_are_dated_and_the_filing_linked_only_from_the_publication_data(tmp_path, data_copy, recorded):
    """Today's files (their mtime is the build's day) are never dated by it. Once `publication.date` and
    `publication.document` are in data/report.yaml, every file of every edition's table carries that date in the
    edition's own form, the archive's entries too, and the link below the table is the filing itself."""
    import datetime as dt
    import zipfile

    from macros.model.dataset import load_dataset
    from macros.render import download_centre

    from figures import bare_publication

    filed, document = dt.date(2023, 4, 27), "https://www1.hkexnews.hk/listedco/listconews/sehk/2023/0427/filing.pdf"
    bare_publication(data_copy)
    if recorded:
        path = data_copy / "data" / "report.yaml"
        text = path.read_text(encoding="utf-8")
        old = "publication:\n  hkexnews: https://www.hkexnews.hk\n"
        assert old in text
        path.write_text(text.replace(old, f"{old}  date: {filed.isoformat()}\n  document: {document}\n"),
                        encoding="utf-8")
    report = load_dataset(data_copy).report
    site, files = _published_site(tmp_path, report)
    today = dt.date.today()
    for lang in report.editions:
        html = download_centre.table_html(files, report, lang, list(report.editions), "../")
        rows = re.findall(r"<tr data-file=.*?</tr>", html, re.S)
        assert len(rows) == len(files) == len(report.editions) + 5, rows
        shown = download_centre.day(filed, report, lang)
        dated = [re.findall(r'<time datetime="([\d-]+)">([^<]+)</time>', r) for r in rows]
        assert dated == ([[(filed.isoformat(), str(shown))]] * len(rows) if recorded else [[]] * len(rows)), lang
        assert today.isoformat() not in html and str(download_centre.day(today, report, lang)) not in html, lang
        link = re.search(r'<p class="esg-dl-hkex">(.*?)<a href="([^"]+)"', html, re.S)
        assert link.group(2) == (document if recorded else "https://www.hkexnews.hk"), lang
        key = "dl_hkex_document" if recorded else "dl_hkex_site"
        assert report.t_text(key, lang, code=report.info.stock_code) in unescape(link.group(1)), lang
    with zipfile.ZipFile(site / "downloads" / download_centre.archive_name(report)) as z:
        stamps = {z.getinfo(n).date_time[:3] for n in z.namelist()}
    expected = filed if recorded else dt.date(report.year, 12, 31)
    assert stamps == {(expected.year, expected.month, expected.day)}


def test_the_table_is_set_with_typographic_quotes(tmp_path, dataset):
    """The table is filled in after the pages' typography, so it curls its own quotes (English: the report’s PDFs);
    the file names in <code> and the addresses are left as they are."""
    from macros.render import download_centre

    report = dataset.report
    _, files = _published_site(tmp_path, report)
    html = download_centre.table_html(files, report, "en", list(report.editions), "../")
    text = re.sub(r"<code>.*?</code>|<[^>]+>", "", html)
    assert not re.search(r"[\"']|&#39;|&#x27;|&quot;", text), text
    straight = [k for k in report.strings if k.startswith("download_") and "'" in report.t_text(k, "en")]
    assert straight, "no straight apostrophe in the table's strings: this test no longer tests anything"
    assert text.count("\u2019") >= len(straight)
    assert re.search(r'<a href="\.\./downloads/[\w.-]+" download>', html)
