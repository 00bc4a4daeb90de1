"""One edition's PDF typeset by WeasyPrint from its print document (macros/render/print_document.py): the pages laid
out, laid out again with any word broken at a page's foot or by a third broken line in a row kept whole, written as a
tagged PDF (PDF/UA-1), and its table header cells given their /Scope. Free of MkDocs and of processes:
macros/plugin/typesetter.py runs `render` in a process of its own, and says what it returns.

The PDF reads only our site. WeasyPrint would fetch any URL a page names — an image, a stylesheet, and the file of
an `<a rel="attachment" href="file:///…">`, which it embeds in the PDF — from the build machine or the network. Its
`url_fetcher` here (`SiteOnly`) serves files under the built site and the print template folder, and `data:` images;
anything else is refused, naming the URL and the page that holds it. Any WeasyPrint warning (a link to a missing
anchor, an ignored print CSS property) is a problem too, as `strict: true` makes them for the pages.
"""

from __future__ import annotations

import gc
import re
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from macros.render.pdf_breaks import keep_whole, words_broken_at_page_end, words_broken_in_runs   # issue 24
from macros.render.pdf_tags import add_header_scopes   # issue 24: /Scope on table header cells (UA-15-003)
from macros.render.log_capture import warnings_of

# WeasyPrint's PDF/UA-1 variant: a tagged PDF (headings, tables, reading order, /Lang) for screen readers. Measured
# on this report (2 cores): +17% size in Chinese (783 → 918 KB), +24% in English (647 → 799 KB); the time is within
# run-to-run noise (under 0.5 s per language).
PDF_VARIANT = "pdf/ua-1"
# Layouts after the first, at most, to keep whole the words broken at a page's foot or in a third broken line in a
# row. Each layout only adds words to those kept whole (never gives one back), so the passes cannot undo each other;
# a word kept whole moves the lines after it, which may make a new such break, found by the next pass. Measured on
# the report with three sets of editors' changes (issue 24): one layout when nothing is wrong, two when something is;
# with the hyphenation zone off (many more broken lines: 7 page feet and 15 runs of three), three.
RELAYOUTS = 3


class TypesettingError(ValueError):
    """The PDF cannot be typeset as asked (a face that is not installed): the message says how to mend it."""


@dataclass(frozen=True)
class Job:
    """One edition's print document, ready for a worker process: plain strings only."""

    lang: str
    document: str
    out: str
    print_dir: str                             # overrides/pdf: the template's CSS and images, and the base URL
    sources: tuple[tuple[str, str], ...] = ()  # (chapter slug, its Markdown file): where a refused URL comes from


# ── faces ────────────────────────────────────────────────────────────────────
def installed_families() -> set[str]:
    """Every font family fontconfig (WeasyPrint's font lookup) knows, in lower case."""
    try:
        listing = subprocess.run(["fc-list", ":", "family"], check=True, capture_output=True, text=True).stdout
    except (OSError, subprocess.CalledProcessError) as exc:
        raise TypesettingError(f"cannot list the installed fonts with fc-list ({exc}); install "
                          "fontconfig (.ci/setup-system does)") from None
    return {name.strip().lower() for line in listing.splitlines() for name in line.split(",") if name.strip()}


def check_faces(wanted: dict[str, list[str]], installed: set[str]) -> None:
    """Every face an edition names must be installed: WeasyPrint would silently set the text in another one."""
    missing = [f"edition {lang}: '{name}'" for lang, names in wanted.items() for name in names
               if name.lower() not in installed]
    if missing:
        raise TypesettingError("data/report.yaml: pdf_font names a font that is not installed: " + "; ".join(missing)
                          + ". Install its package (the Noto faces: fonts-noto-core, fonts-noto-cjk; "
                          ".ci/setup-system lists them) or name an installed family (fc-list : family)")


def render(job: Job) -> tuple[str, float, int, list[str], int]:
    """Typeset one edition's PDF (in a worker process); return its path, the CPU seconds it took, its pages,
    WeasyPrint's complaints (the file is removed when there are any) and how many times it was laid out."""
    from weasyprint import HTML  # imported only when a PDF is made: `make serve` never loads it

    start = time.process_time()
    out = Path(job.out)
    fetcher = site_only_fetcher(out.parent, Path(job.print_dir))  # the PDF sits at the root of the built site
    # No cyclic garbage collection while typesetting: WeasyPrint makes millions of short-lived objects (boxes, line
    # fragments), and Python's collector walked them again and again, a fifth of the time (measured: 16.4 → 13.0 CPU
    # seconds for the English PDF) for 5% more memory (226 → 238 MB). The worker's memory goes back when it ends.
    gc.disable()
    try:
        # WeasyPrint's warnings and errors: a link to a missing anchor, a chart it could not draw, a property of the
        # print CSS it ignores. Like `strict: true` for the pages, any of them stops the build.
        with warnings_of("weasyprint") as problems:
            document = HTML(string=job.document, base_url=job.print_dir, url_fetcher=fetcher).render()
            kept: list[str] = []
            layouts = 1
            for _ in range(RELAYOUTS):
                wanted = [word for word in words_broken_at_page_end(document.pages)
                          + words_broken_in_runs(document.pages) if word not in kept]
                if not wanted:
                    break
                kept += wanted
                layouts += 1
                document = HTML(string=keep_whole(job.document, kept), base_url=job.print_dir,
                                url_fetcher=fetcher).render()
            pages = len(document.pages)
            document.write_pdf(out, pdf_variant=PDF_VARIANT)
            add_header_scopes(out)
    finally:
        gc.enable()
    if fetcher.refused:
        out.unlink(missing_ok=True)
        return str(out), time.process_time() - start, pages, [
            "the PDF may only read files of the built site, and a page names something else:\n  " + "\n  ".join(
                f"{url} (in {_holder(url, job.document, out.parent, dict(job.sources))})" for url in fetcher.refused)
            + "\n    How to fix: link to a file in docs/ (e.g. ../assets/x.png) or to an https:// address with a "
              "normal link (no rel=\"attachment\"); the PDF never embeds other files"], layouts
    if problems:
        out.unlink(missing_ok=True)
    return str(out), time.process_time() - start, pages, problems, layouts



DATA_IMAGES = ("data:image/png", "data:image/jpeg", "data:image/gif", "data:image/webp")


def site_only_fetcher(site_dir: Path, *more: Path):
    """WeasyPrint's URL fetcher limited to files under `site_dir` (and `more` folders) and data: images. Every
    refused URL is kept in `.refused`, in order, once; WeasyPrint is told it failed (and warns)."""
    from weasyprint.urls import URLFetcher

    roots = [p.resolve() for p in (site_dir, *more)]

    class SiteOnly(URLFetcher):
        def __init__(self):
            super().__init__(allowed_protocols={"file", "data"})
            self.refused: list[str] = []

        def fetch(self, url, headers=None):
            if url.lower().startswith(DATA_IMAGES):
                return super().fetch(url, headers)
            parts = urlsplit(url)
            if parts.scheme == "file" and parts.netloc in ("", "localhost"):
                path = Path(unquote(parts.path)).resolve()
                if any(path.is_relative_to(root) for root in roots) and path.is_file():
                    return super().fetch(url, headers)
            if url not in self.refused:
                self.refused.append(url)
            raise ValueError(f"refused: the PDF reads only files of the built site ({url})")

    return SiteOnly()


def _holder(url: str, document: str, site_dir: Path, sources: dict[str, str]) -> str:
    """The page whose chapter of the print document names `url` (its slug and Markdown file), for the error
    message: the editor fixes the Markdown file."""
    at = max(document.find(url), document.find(unquote(url)))
    chapters = list(re.finditer(r'<section class="(?:chapter|opening)"[^>]* data-page="([^"]+)"', document[:at])) \
        if at >= 0 else []
    if chapters:
        slug = chapters[-1].group(1)
        return f"page '{slug}', {sources[slug]}" if slug in sources else f"page '{slug}'"
    if url.startswith("file:"):
        try:
            return f"a file of the site: {Path(unquote(urlsplit(url).path)).relative_to(site_dir.resolve())} not found"
        except ValueError:
            pass
    return "the print template or a page"
