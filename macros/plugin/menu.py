"""MkDocs hook: each edition's menu (`nav`) is data/menu.yaml's, with its titles in the edition's language.

Why: the menu is an editor's (adding a page, a shorter title), and editors change docs/ and data/ only; mkdocs.yml
keeps no `nav:` and static-i18n no `nav_translations` (two homes for one menu would disagree). The menu itself,
checked with its lines, is macros/model/menu.py. A generated edition (zh-Hans) gets its source's titles, converted
by macros/plugin/editions.py `on_nav`. Under `make serve` the menu is read as the theme's (around every article:
save_plan._for_the_theme), so a save of it writes every page again in the new menu.
"""

from __future__ import annotations

from mkdocs.exceptions import PluginError

from macros.model.menu import FILE, mkdocs_nav

from . import _project
from .languages import languages


def on_config(config, *, state):
    """The edition's `nav`, made from the menu. mkdocs.yml's own is refused (checked once, on the outer build:
    the nested ones find the nav set here)."""
    langs = languages(config)
    if not state.nested:
        if config.nav is not None or any(langs.translations.values()):
            raise PluginError(f"mkdocs.yml: the menu is written in {FILE} (pages, sections and their titles in "
                              "each language); delete `nav:` and every `nav_translations:` from mkdocs.yml and "
                              f"put the pages and titles in {FILE}")
    ds = _project.dataset(config)
    source = ds.report.locales.generated.get(langs.current)
    config.nav = mkdocs_nav(ds.menu, langs.current, source)
    return config
