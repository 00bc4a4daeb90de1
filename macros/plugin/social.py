"""MkDocs hook: the social card of each edition (og:image), drawn at build into assets/social/<locale>.png.

Why: a shared link shows the report's title, year and company in the site's colours instead of nothing. Each
language build draws its own edition's card once (`on_post_build`; macros/render/social.py draws it) and gives the
templates its absolute address (`esg_social`, set in `on_env`): og:image must be an absolute URL, so the card is
only announced when site_url is set. overrides/partials/meta.html writes the tags; tests/test_social.py checks them.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path
from urllib.parse import urljoin

from . import _project
from .languages import languages
from mkdocs.exceptions import PluginError

FOLDER = "assets/social"
log = logging.getLogger("mkdocs.hooks.social")


def path_of(lang: str) -> str:
    return f"{FOLDER}/{lang}.png"


def _lang(config) -> str:
    return languages(config).current


def on_env(env, config, files):
    from macros.render.social import SIZE

    lang, report = _lang(config), _project.report(config)
    env.globals["esg_social"] = {
        "width": SIZE[0], "height": SIZE[1],
        "url": urljoin(config.site_url, path_of(lang)) if config.site_url else None,
        "alt": report.t("social_alt", lang, company=report.info.company.get(lang), title=report.title(lang)),
    }
    return env


def on_post_build(config) -> None:
    from macros.render.identity import CSS, palette
    from macros.render.social import FontError, card_colours, card_png

    lang, report = _lang(config), _project.report(config)
    edition = report.editions[lang]
    start = time.monotonic()
    try:
        png = card_png(title=report.title(lang), company=report.info.company.get(lang), year=report.year,
                       tagline=report.t_text("social_tagline", lang, code=report.info.stock_code),
                       family=edition.pdf_faces[0],  # the edition's PDF text face
                       colours=card_colours(palette((Path(config.config_file_path).parent / CSS).read_text(
                           encoding="utf-8"))))
    except (FontError, ValueError) as exc:
        raise PluginError(f"macros/plugin/social.py: the {lang} social card: {exc}") from None
    out = Path(config.site_dir) / path_of(lang)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(png)
    log.info(f"social card {out.name}: {len(png) / 1e3:.0f} KB in {time.monotonic() - start:.2f} s")
