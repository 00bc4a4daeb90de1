"""MkDocs hook: the interface strings of our template overrides, in the language being built.

Why: Material's colour-scheme toggle takes its name from `theme.palette[].toggle.name` in mkdocs.yml, one text for
every language, so English pages said 切換至深色模式. Our partials (overrides/partials/palette.html) call
`esg_t("key")` instead, which reads data/ui_strings.yaml — the locale catalogue — in the language of this build
(a generated edition's text converted from its source). An unknown key stops the build with the key's name.
"""

from __future__ import annotations

import _project
from mkdocs.exceptions import PluginError


def on_env(env, config, files):
    lang = config.plugins["i18n"].current_language
    report = _project.report(config)

    def esg_t(key: str, **values) -> str:
        try:
            return report.t(key, lang, **values)
        except KeyError as exc:
            raise PluginError(f"overrides/: {exc.args[0]}; add it there with a text for every language") from None

    env.globals["esg_t"] = esg_t
    return env
