"""MkDocs hook: the interface strings of our template overrides, in the language being built.

Why: Material's colour-scheme toggle takes its name from `theme.palette[].toggle.name` in mkdocs.yml, one text for
every language, so English pages said 切換至深色模式. Our partials (overrides/partials/palette.html) call
`esg_t("key")` instead, which reads data/ui_strings.yaml — the locale catalogue — in the language of this build
(a generated edition's text converted from its source). An unknown key stops the build with the key's name.
The headings' permalinks get their tooltip the same way: Python-Markdown's toc writes one `permalink_title` for every
language ("Permanent link" on Chinese pages too), and markdown_extensions cannot differ per language. Material's
footer labels its links "上一页: 标题" with an ASCII colon in every language; a Chinese edition's is full-width
(ui_strings `colon`).
"""

from __future__ import annotations

import html
import re

from . import _project
from .languages import languages
from mkdocs.exceptions import PluginError


def on_env(env, config, files):
    lang = languages(config).current
    report = _project.report(config)

    def esg_t(key: str, **values) -> str:
        try:
            return report.t(key, lang, **values)
        except KeyError as exc:
            raise PluginError(f"overrides/: {exc.args[0]}; add it there with a text for every language") from None

    env.globals["esg_t"] = esg_t
    return env


def on_page_content(content: str, page, config, files) -> str:
    """Each heading's permalink tooltip in the page's edition (ui_strings `permalink`)."""
    lang = languages(config).current
    written = (config["mdx_configs"].get("toc") or {}).get("permalink_title", "Permanent link")
    title = html.escape(_project.report(config).t_text("permalink", lang))
    return re.sub(r'(<a class="headerlink" href="[^"]*" title=")' + re.escape(html.escape(written)) + '"',
                  lambda m: m.group(1) + title + '"', content)


_FOOTER_LABEL = re.compile(r'(<a [^>]*class="md-footer__link[^"]*" aria-label="[^":]*): ')


def on_post_page(output: str, page, config) -> str:
    """Material's footer link labels ("上一页: …") with the edition's own colon."""
    colon = html.escape(_project.report(config).t_text("colon", languages(config).current))
    return _FOOTER_LABEL.sub(lambda m: m.group(1) + colon, output) if colon != ": " else output
