"""Lets a build hook import the project's own modules (`macros.model`, `macros.render`).

Why: MkDocs loads each hook in mkdocs.yml from its file, with only the hook's own folder on sys.path, so a hook
cannot see the `macros` package. Importing this module (it sits beside the hooks) puts the project root on sys.path
once; `macros` is then one package, imported once, shared by the hooks and by mkdocs-macros.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
# Imported now, while the root is on sys.path: MkDocs puts sys.path back as it was after loading each hook file, so a
# hook that imports `macros.…` at its top (after `import _project`) finds the package in sys.modules, not on the path.
import macros  # noqa: E402,F401


_LAST: list = [None, None]   # (the build's config, its report): one look at data/ per build, not per page


def report(config):
    """The report and its editions (data/report.yaml), from the same cached, validated dataset the macros use.
    Within one build (one config object, every edition) the data is read once: asking whether data/ changed cost
    a stat of every data file on each of some 300 calls, a tenth of a preview rebuild."""
    from mkdocs.exceptions import PluginError

    from macros.model.dataset import DataErrors, cached_dataset

    if _LAST[0] is config:
        return _LAST[1]
    try:
        _LAST[:] = [config, cached_dataset(Path(config.config_file_path).parent).report]
    except DataErrors as exc:
        raise PluginError(str(exc)) from None
    return _LAST[1]


def built_editions(i18n) -> list[str]:
    """The editions this site builds (mkdocs.yml, i18n languages with `build: true`), the default language first."""
    default = i18n.default_language
    return sorted((lang.locale for lang in i18n.config.languages if lang.build), key=lambda locale: locale != default)


def edition_prefix(i18n, lang: str) -> str:
    """An edition's folder in the site, as a path prefix: '' for the edition at the root, 'en/' for /en/ …"""
    return "" if lang == i18n.default_language else i18n.get_language_config(lang).link.strip("/") + "/"


def dirty_preview() -> bool:
    """`mkdocs serve --dirty` (make serve): only changed pages are rendered again (macros/hooks/live_preview.py)."""
    return "--dirty" in sys.argv
