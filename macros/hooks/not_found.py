"""MkDocs hook: the site's one 404 page is the default language's, with its text in every edition's language.

Why: mkdocs-static-i18n builds English after zh-Hant into the same folder, so the English build's 404.html (English
chrome, `lang="en"`, "404 - Not found") replaced the zh-Hant one, and a reader from the Chinese site who followed a
stale link met an English page. There is one 404.html for the whole site (GitHub Pages serves it for any missing
address), so it is rendered once, in zh-Hant chrome, from overrides/404.html, which says it in every edition's
language (data/ui_strings.yaml `not_found_*`, given to the template by `on_env`: zh-Hans converted like every label),
each with the way to that edition's home; this hook hands that rendering back when another build renders its own.
Tests: tests/test_site.py.
"""

from __future__ import annotations

import _project



class NotFoundPage:
    """The default language's rendering of 404.html, kept for the other languages' builds to hand back."""

    def __init__(self):
        self.rendered: str | None = None


STATE = NotFoundPage()


def on_env(env, config, files):
    i18n, report = config.plugins["i18n"], _project.report(config)
    editions = []
    for lang in _project.built_editions(i18n):   # the text around its {home} link: "…, or go to the {home}."
        before, _, after = report.t("not_found_text", lang, home="\0").partition("\0")
        editions.append({"lang": lang, "title": report.t("not_found_title", lang), "before": before,
                         "home": report.t("not_found_home", lang), "after": after,
                         "path": _project.edition_prefix(i18n, lang)})
    env.globals["esg_not_found"] = editions
    return env


def on_post_template(output_content: str, template_name: str, config) -> str:
    if template_name != "404.html":
        return output_content
    i18n = config.plugins["i18n"]
    if i18n.current_language == i18n.default_language:
        STATE.rendered = output_content
        return output_content
    return STATE.rendered or output_content
