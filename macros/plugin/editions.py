"""MkDocs hook: the editions of data/report.yaml made real — the i18n languages checked against them, and every
generated edition (zh-Hans) converted from its source at build, with a notice on every page.

Why: the Simplified Chinese edition is never kept by hand, so it cannot drift from the text that prevails.
mkdocs-static-i18n gives a language without files of its own the default language's pages (`fallback_to_default`);
this hook converts, for such an edition, the page Markdown after the macros have run (`on_page_markdown`) and the nav
titles (`on_nav`), through the edition's Converter (OpenCC + data/zh_hans_phrases.yaml). Every edition's site name,
description, author, copyright and the site's address come from data/report.yaml (`site:`, `company:`), set here
(`on_config`): a new report year is configuration, not a text typed per language in mkdocs.yml. Every converted page
starts, under its title, with a note in its own language that it is converted from the edition that prevails, with a
link to the same page there.

Wired in EsgPlugin.EVENTS (macros/plugin/__init__.py); tests in tests/test_zh_hans.py.
"""

from __future__ import annotations

import re

from macros.render.escaping import escape

from . import _project
from .languages import languages
from mkdocs.exceptions import PluginError

_H1 = re.compile(r"^# .*$", re.M)




def check_languages(config, report) -> None:
    """mkdocs.yml's i18n languages must be data/report.yaml's editions, the prevailing one as the default."""
    langs = languages(config)
    declared = list(langs.declared)
    editions = list(report.editions)
    if sorted(declared) != sorted(editions) or langs.default != report.prevailing:
        raise PluginError(
            f"mkdocs.yml: the i18n plugin's languages {declared} (default {langs.default}) must be the "
            f"editions of data/report.yaml {editions} (prevailing {report.prevailing}); add or remove a language "
            "in both places, with the prevailing edition as `default: true`")
    if not langs.fallback_to_default and report.locales.generated:
        raise PluginError("mkdocs.yml: a generated edition needs `fallback_to_default: true` in the i18n plugin "
                          "(it has no page files of its own; the page pairs written by hand are checked by the macros)")


def on_config(config):
    report = _project.report(config)
    langs = languages(config)
    if langs.current == langs.default:
        check_languages(config, report)
    config.site_url = config.site_url or report.site_url   # SITE_URL (deploy, make serve) wins
    # data/report.yaml site: name, description, copyright. Material writes config.site_name and config.copyright into
    # its templates as they are (MkDocs' Jinja does not escape), so each is set as escaped text (Markup: a template
    # that escapes it again, `| e`, leaves it as it is): a `<` or `"` typed in data/ is shown, never read as markup.
    for key, text in report.site_texts(langs.current).items():
        config[key] = escape(text)
    return config


def on_nav(nav, config, files):
    report = _project.report(config)
    lang = languages(config).current
    if lang in report.locales.generated:
        def convert(items):
            for item in items:
                if getattr(item, "title", None):
                    item.title = report.locales.convert(lang, item.title)
                convert(getattr(item, "children", None) or [])
        convert(nav.items)
    return nav


def on_page_markdown(markdown: str, page, config, files):
    report = _project.report(config)
    langs = languages(config)
    lang = langs.current
    if lang not in report.locales.generated:
        return markdown
    source = report.locales.generated[lang]
    for key, value in page.meta.items():  # front matter: description, title
        if isinstance(value, str):
            page.meta[key] = report.locales.convert(lang, value)
    root = langs.prefix(lang)
    if not page.url.startswith(root):
        raise PluginError(f"macros/plugin/editions.py: {page.file.src_uri} is not under /{root} in the {lang} build")
    source_url = "../" * page.url.count("/") + page.url[len(root):]  # the same page in the edition that prevails
    notice = (f'<p class="esg-converted" role="note">{report.t("converted_notice", source)} '
              f'<a href="{source_url}" hreflang="{source}">{report.t("converted_notice_link", source)}</a></p>')
    match = _H1.search(markdown)
    at = match.end() if match else 0
    return report.locales.convert(lang, markdown[:at] + "\n\n" + notice + "\n" + markdown[at:])


def on_env(env, config, files):
    """`esg_editions` for the templates: each locale's Open Graph locale (overrides/partials/meta.html)."""
    report = _project.report(config)
    env.globals["esg_og_locales"] = {loc: e.spec.og_locale for loc, e in report.editions.items()}
    return env
