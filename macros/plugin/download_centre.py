"""MkDocs hook: the downloads centre — /downloads/ in every edition lists every file the build published.

Why: the files are written at different moments (each language build's PDF in macros/plugin/pdf.py, the data files
in the default build's macros `on_post_build`), so the list can only be made once every build has finished. The
page itself is an ordinary page (docs/downloads.*.md: header, nav, footer, search, sitemap like any other; kept out
of the nav and the PDF by mkdocs.yml's `not_in_nav`) whose `{{ downloads_centre() }}` leaves a marked, empty
element; this hook's `on_post_build`, in the outer build after static-i18n has run the other languages' builds,
fills that element in each edition's downloads/index.html with the table of what is on disk
(macros/render/download_centre.py). A page without the mark, or an edition without the page, stops the build.
Under `mkdocs serve --dirty` an unchanged page is not rendered again, so its file keeps the table filled in before:
only the editions whose page this build rendered (`on_post_page`) are filled.

`on_env` gives the footer (overrides/partials/copyright.html) the way to the reader's own edition's downloads page.
"""

from __future__ import annotations

from pathlib import Path

from . import _project
from .languages import languages
from mkdocs.exceptions import PluginError

PAGE = "downloads"


def on_post_page(output: str, page, config, *, state) -> str:
    """Which editions' downloads page this build rendered (all of them, except under --dirty): state.downloads_rendered."""
    if page.file.src_uri.rsplit(".", 2)[0] == PAGE:
        state.downloads_rendered.add(languages(config).current)
    return output


def on_env(env, config, files):
    langs, report = languages(config), _project.report(config)
    lang = langs.current
    env.globals["esg_downloads"] = {"href": f"{langs.prefix(lang)}{PAGE}/", "text": report.t("dl_link", lang)}
    return env


def on_post_build(config, *, state) -> None:
    from macros.render.download_centre import MARK, published, table_html, write_archive

    if state.nested:  # a nested build of another language: not everything is written yet
        return
    report = _project.report(config)
    site = Path(config.site_dir)
    write_archive(site, report)   # everything in one file, then listed with the rest
    files = published(site, report)
    langs = languages(config)
    editions = langs.built
    for lang in editions:
        prefix = langs.prefix(lang)
        page = site / prefix / PAGE / "index.html"
        if lang not in state.downloads_rendered and page.exists():
            continue   # not rendered again (mkdocs serve --dirty): the page keeps the table it was given
        if not page.exists():
            raise PluginError(f"macros/plugin/download_centre.py: {page.relative_to(site)} was not built; "
                              f"docs/{PAGE}.<language>.md must exist for every edition")
        html = page.read_text(encoding="utf-8")
        found = MARK.search(html)
        if not found or found.group(1) != lang:
            raise PluginError(f"macros/plugin/download_centre.py: {page.relative_to(site)} has no "
                              f"{{{{ downloads_centre() }}}} of its own language ({lang}) to fill")
        to_root = "../" * (prefix.count("/") + 1)
        html = html[:found.start()] + table_html(files, report, lang, editions, to_root) + html[found.end():]
        page.write_text(html, encoding="utf-8")
