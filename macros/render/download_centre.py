"""The downloads centre's table: every file the build published for download, with format, language, size, date.

Why: the PDFs (one per edition, macros/plugin/pdf.py) and the KPI data files (macros/render/downloads.py) were
links scattered at the foot of long pages, and /downloads/ was a bare folder. The table is made from what the build
actually wrote (`published`: the PDFs at the site root and every file in downloads/), never from a hand list, so a
file added, renamed or missing shows here as it is; one archive (`write_archive`) holds them all. Sizes in KB/MB
(1 KB = 1024 bytes, a no-break space before the unit); dates are the report's publication date (data/report.yaml
`publication.date`) in the edition's own date form, never the day of a build, and no date when none is recorded.
Below the table, the report as filed on HKEXnews. The table is styled and laid out on phones like every other
(`esg-data`, cells labelled by macros/render/table_cards.py). Texts from data/ui_strings.yaml.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass
from .escaping import escape
from pathlib import Path

from ..model.editions import Report
from .quotes import curl_quotes
from .table_cards import label_tables

FOLDER = "downloads"
MARK = re.compile(r'<div class="esg-downloads-fill" data-lang="([A-Za-z-]+)"></div>')


def mark(lang: str) -> str:
    """What the page's `{{ downloads_centre() }}` writes: an empty element macros/plugin/download_centre.py fills."""
    return f'<div class="esg-downloads-fill" data-lang="{lang}"></div>'


@dataclass(frozen=True)
class Published:
    rel: str              # path from the site root: medlive-esg-2022-zh-Hant.pdf, downloads/medlive-esg-2022-kpis.csv
    kind: str             # pdf, csv, xlsx, json … (the file's extension)
    bytes: int
    modified: dt.date
    lang: str | None      # the edition a PDF is of; None for data files (they hold every language)


def published(site_dir: Path, report: Report) -> list[Published]:
    """The PDFs at the site root (one per edition: the name says which) and every file under downloads/."""
    editions = {report.pdf_name(lang): lang for lang in report.editions}
    found = []
    paths = sorted(site_dir.glob("*.pdf")) + sorted(p for p in (site_dir / FOLDER).rglob("*")
                                                      if p.is_file() and p.name != "index.html")
    for path in paths:
        stat = path.stat()
        kind = "csvw" if path.name.endswith("-metadata.json") else path.suffix.lstrip(".").lower()
        found.append(Published(rel=path.relative_to(site_dir).as_posix(), kind=kind,
                               bytes=stat.st_size, modified=dt.date.fromtimestamp(stat.st_mtime),
                               lang=editions.get(path.name)))
    return found


def human_size(n: int) -> str:
    """1536 → 1.5 KB, 2411724 → 2.3 MB (1 KB = 1024 bytes, one decimal; a no-break space: never "948.2 / KB")."""
    if n < 1024 * 1024:
        return f"{n / 1024:.1f}\u00a0KB"
    return f"{n / 1024 / 1024:.1f}\u00a0MB"


def archive_name(report: Report) -> str:
    """The one archive of everything on the downloads centre: medlive-esg-2022-all.zip."""
    return f"{report.files}-all.zip"


def write_archive(site_dir: Path, report: Report) -> Path:
    """downloads/<archive_name>: every PDF and data file published (`published`, itself left out), the same bytes
    for the same files: each entry dated by the report's publication date, or the end of the year it reports on."""
    out = site_dir / FOLDER / archive_name(report)
    out.unlink(missing_ok=True)
    pub = report.info.publication
    stamp = (pub.date if pub and pub.date else dt.date(report.year, 12, 31)).timetuple()[:6]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for f in published(site_dir, report):
            entry = zipfile.ZipInfo(f.rel.rsplit("/", 1)[-1], date_time=stamp)
            entry.compress_type, entry.external_attr = zipfile.ZIP_DEFLATED, 0o644 << 16
            archive.writestr(entry, (site_dir / f.rel).read_bytes())
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(buffer.getvalue())
    return out


def hkexnews_html(report: Report, lang: str) -> str:
    """The report as filed: its PDF on HKEXnews when data/report.yaml gives the address, else HKEXnews itself."""
    pub = report.info.publication
    if not pub:
        return ""
    url = pub.document or pub.hkexnews
    key = "dl_hkex_document" if pub.document else "dl_hkex_site"
    return (f'<p class="esg-dl-hkex">{escape(report.t(key, lang, code=report.info.stock_code))} '
            f'<a href="{escape(url)}" rel="external">{escape(url.split("://", 1)[1].rstrip("/"))}</a></p>')


def day(date: dt.date, report: Report, lang: str) -> str:
    months = report.editions[lang].dates.months
    return report.t("date_day", lang, y=date.year, m=date.month, d=date.day,
                    month=months[date.month - 1] if months else "")


def table_html(files: list[Published], report: Report, lang: str, editions: list[str], to_root: str) -> str:
    """The table for one edition's downloads page; `to_root` is the way from that page to the site root. Every
    language is named in the reader's own (Traditional Chinese, 繁體中文), from data/report.yaml."""
    t = report.t
    num = ' class="esg-num"'
    pub = report.info.publication
    published_on = pub.date if pub and pub.date else None
    columns = ("file", "format", "language", "size") + (("date",) if published_on else ())
    head = "".join(f'<th scope="col"{num if k == "size" else ""}>{escape(t("dl_" + k, lang))}</th>'
                   for k in columns)
    rows = []

    def rank(f: Published) -> int:
        """The reader's own edition first, then everything in one archive, the other editions' PDFs, the data."""
        return 0 if f.lang == lang else 1 if f.kind == "zip" else 2 if f.lang else 3

    for f in sorted(files, key=lambda f: (rank(f), f.rel)):
        what = escape(t(f"download_{f.kind}", lang) if f"download_{f.kind}" in report.strings else f.kind.upper())
        if f.kind == "pdf":
            edition = report.edition_name(f.lang, lang)
            language = escape(edition)
            what = escape(t("dl_pdf_of", lang, edition=edition))
        else:
            language = " / ".join(escape(report.edition_name(x, lang)) for x in editions)
            language += f' <small>{escape(t("dl_all_languages", lang))}</small>'
        name = f.rel.rsplit("/", 1)[-1]
        hreflang = f' hreflang="{f.lang}"' if f.lang else ""
        rows.append(
            f'<tr data-file="{escape(f.rel)}"><th scope="row"><a href="{to_root}{escape(f.rel)}" download{hreflang}>'
            f'{what}</a><br><code>{escape(name)}</code></th>'
            f'<td class="esg-dl-format">{f.kind.upper()}</td><td>{language}</td>'
            f'<td class="esg-num" data-bytes="{f.bytes}">{human_size(f.bytes)}</td>'
            + (f'<td><time datetime="{published_on.isoformat()}">{escape(day(published_on, report, lang))}</time></td>'
               if published_on else "") + '</tr>')
    if not rows:
        return f'<p class="esg-downloads-none">{escape(t("dl_none", lang))}</p>'
    # filled in after the pages' typography (macros/hooks/typography.py), so its quotes are curled here: report’s
    return curl_quotes(label_tables(
        f'<div class="esg-table esg-downloads-centre" role="region" tabindex="0" aria-labelledby="cap-downloads">'
        f'<table class="esg-data esg-dl-table"><caption id="cap-downloads">{escape(t("dl_caption", lang))}</caption>'
        f'<thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>') + hkexnews_html(report, lang))
