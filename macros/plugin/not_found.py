"""MkDocs hook: the site's one 404 page is the default language's, with its text in every edition's language.

Why: mkdocs-static-i18n builds English after zh-Hant into the same folder, so the English build's 404.html (English
chrome, `lang="en"`, "404 - Not found") replaced the zh-Hant one, and a reader from the Chinese site who followed a
stale link met an English page. There is one 404.html for the whole site (GitHub Pages serves it for any missing
address), so it is rendered once, in zh-Hant chrome, from overrides/404.html, which says it in every edition's
language (data/ui_strings.yaml `not_found_*`, given to the template by `on_env`: zh-Hans converted like every label),
each with the way to that edition's home; this hook hands that rendering back when another build renders its own.
Every other edition gets its own 404 page as well, in its own chrome, navigation and search (/en/404.html,
/zh-Hans/404.html), and the root page sends a reader whose mistyped address lies in such an edition on to it
(docs/assets/javascripts/esg-not-found.js: the host serves only the root page for a missing address).
Tests: tests/test_site.py.
"""

from __future__ import annotations

from pathlib import Path

from . import _project
from .languages import languages


class NotFoundPage:
    """The default language's rendering of 404.html, kept for the other languages' builds to hand back."""

    def __init__(self):
        self.rendered: str | None = None
        self.own: dict[str, str] = {}     # another edition's own rendering, written to its folder after its build


def on_env(env, config, files):
    langs, report = languages(config), _project.report(config)
    editions = []
    current = langs.current
    built = list(langs.built)
    for lang in built if current == langs.default else [current]:   # its own page: its own language only
        # the text around its {home} link: "…, or go to the {home}."
        before, _, after = report.t("not_found_text", lang, home="\0").partition("\0")
        editions.append({"lang": lang, "title": report.t("not_found_title", lang), "before": before,
                         "home": report.t("not_found_home", lang), "after": after,
                         "path": langs.prefix(lang)})
    env.globals["esg_not_found"] = editions
    env.globals["esg_not_found_editions"] = [langs.prefix(lang) for lang in built[1:]]
    # the language switcher of a page of the theme's own (404.html: no page of docs/) goes to each edition's home;
    # it went to the equivalent of the edition's last page built (static-i18n's alternates of that page)
    env.globals["esg_edition_homes"] = {lang: langs.prefix(lang) for lang in built}   # from the site's path
    return env


def on_post_template(output_content: str, template_name: str, config, *, state) -> str:
    if template_name != "404.html":
        return output_content
    langs = languages(config)
    if langs.current == langs.default:
        state.not_found.rendered = output_content
        return output_content
    state.not_found.own[langs.current] = output_content
    return state.not_found.rendered or output_content


def on_post_build(config, *, state):
    """This edition's own 404 page in its folder (the root one stays the default edition's)."""
    langs = languages(config)
    own = state.not_found.own.pop(langs.current, None)
    if own is not None:
        out = Path(config.site_dir) / langs.prefix(langs.current) / "404.html"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(own, encoding="utf-8")
