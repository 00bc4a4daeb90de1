"""The one place that reads mkdocs-static-i18n: the language being built, and the languages of mkdocs.yml.

Why read another plugin at all: static-i18n builds each language by changing the one configuration object and running
every MkDocs event again (nested builds), and which language a build is for is known only to it: no event argument
or public API says so (`current_language`, an attribute of the plugin; `config.theme.language` and the site texts are
the language's overrides, not its identity). The languages themselves (locale, default, build, link, name,
nav_translations, fallback_to_default) are mkdocs.yml's, read from static-i18n's validated options rather than
parsed again. Everything else the build asks — whether a build is nested, the report's editions — is its own
(macros/plugin/state.py, data/report.yaml), so nothing else in the project looks inside static-i18n: a change of it
(its successor, or a fix in a 1.x release) is mended here. tests/test_plugin.py holds every other module to that.
"""

from __future__ import annotations

from dataclasses import dataclass

from mkdocs.exceptions import PluginError


@dataclass(frozen=True)
class Languages:
    """The languages of mkdocs.yml as static-i18n has them, and the one being built, at the moment of asking."""

    current: str                          # the language being built
    default: str                          # served at the site's root (the edition that prevails)
    built: tuple[str, ...]                # `build: true`, the default first, then in mkdocs.yml's (and build) order
    declared: tuple[str, ...]             # every language of mkdocs.yml, built or not
    fallback_to_default: bool
    links: dict[str, str]                 # locale → its folder ('/en/')
    names: dict[str, str]                 # locale → its name in mkdocs.yml (繁體中文, English …)
    translations: dict[str, dict[str, str]]   # locale → its nav_translations

    def prefix(self, lang: str) -> str:
        """An edition's folder in the site, as a path prefix: '' for the edition at the root, 'en/' for /en/ …"""
        return "" if lang == self.default else self.links[lang].strip("/") + "/"


def languages(config) -> Languages:
    """What static-i18n says of the languages (see the module's docstring), for the build under way."""
    i18n = config.plugins.get("i18n")
    if i18n is None:
        raise PluginError("mkdocs.yml: the esg plugin needs mkdocs-static-i18n (`- i18n:` under `plugins:`), which "
                          "builds the editions")
    declared = list(i18n.config.languages)
    default = next((lang.locale for lang in declared if lang.default), declared[0].locale if declared else "")
    return Languages(
        current=getattr(i18n, "current_language", None) or default, default=default,
        built=tuple(sorted((lang.locale for lang in declared if lang.build), key=lambda locale: locale != default)),
        declared=tuple(lang.locale for lang in declared), fallback_to_default=bool(i18n.config.fallback_to_default),
        links={lang.locale: lang.link for lang in declared}, names={lang.locale: lang.name for lang in declared},
        translations={lang.locale: dict(lang.nav_translations or {}) for lang in declared})
