"""MkDocs hook: the report's identity in every page's head: favicon, app icon, theme colour, "page – report" titles.

Why: Material's book favicon and "Home" as a shared link's title are a template's, not the report's. The icons are
drawn at build from the site's palette (macros/render/identity.py reads docs/assets/extra.css) into
assets/icons/ at the site's root; every page's <title> and og:title are "page – report name" in the edition's own
language (the home page: the report's name alone), composed here once for both (`esg_title`). The templates
(overrides/main.html, overrides/partials/meta.html) write the tags; tests/test_identity.py checks them.
"""

from __future__ import annotations

from pathlib import Path

from markupsafe import Markup

from mkdocs.exceptions import PluginError

FOLDER = "assets/icons"
SVG, PNG = f"{FOLDER}/favicon.svg", f"{FOLDER}/apple-touch-icon.png"
SEPARATOR = " – "


def _palette(config) -> dict[str, str]:
    from macros.render.identity import CSS, palette

    try:
        return palette((Path(config.config_file_path).parent / CSS).read_text(encoding="utf-8"))
    except ValueError as exc:
        raise PluginError(str(exc)) from None


def page_title(page_title_text: str | None, site_name: str, is_home: bool) -> Markup:
    """"page – report name"; the report's name alone on its home page or a page without a title. Escaped text
    (Markup): main.html writes it into <title> as it is, and the page title's words are the text a heading's
    entities stand for (`&lt;/title&gt;` is the characters a reader sees, never a tag)."""
    from macros.render.escaping import escape, text_of

    text = text_of(page_title_text or "")
    return escape(site_name) if is_home or not text else escape(text) + SEPARATOR + escape(site_name)


def on_env(env, config, files):
    colours = _palette(config)
    env.globals["esg_identity"] = {"icon": SVG, "touch_icon": PNG, "theme_color": colours["primary"]}
    return env


def on_page_context(context, page, config, nav):
    # an edition's home page: MkDocs marks only the default edition's (page.is_homepage); every edition's is index.*
    home = page.is_homepage or page.file.src_uri.split(".", 1)[0] == "index"
    context["esg_title"] = page_title(page.title, config.site_name, home)
    return context


def on_post_build(config) -> None:
    from macros.render.identity import favicon_svg, icon_png

    colours = _palette(config)
    root = Path(config.site_dir)
    (root / FOLDER).mkdir(parents=True, exist_ok=True)
    (root / SVG).write_text(favicon_svg(colours), encoding="utf-8")
    (root / PNG).write_bytes(icon_png(colours))
