"""What the plugin's modules share: the project's root, the report of data/report.yaml, the editions built.

The plugin is the project's own code (this folder), imported from the folder of the mkdocs.yml being built
(macros/entry_point/esg_report_site.py), so the root is this file's grandparent.
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def report(config):
    """The report and its editions (data/report.yaml), from the same cached, validated dataset the macros use."""
    from mkdocs.exceptions import PluginError

    from macros.model.dataset import DataErrors, cached_dataset

    try:
        return cached_dataset(Path(config.config_file_path).parent).report
    except DataErrors as exc:
        raise PluginError(str(exc)) from None


def built_editions(i18n) -> list[str]:
    """The editions this site builds (mkdocs.yml, i18n languages with `build: true`), the default language first."""
    default = i18n.default_language
    return sorted((lang.locale for lang in i18n.config.languages if lang.build), key=lambda locale: locale != default)


def edition_prefix(i18n, lang: str) -> str:
    """An edition's folder in the site, as a path prefix: '' for the edition at the root, 'en/' for /en/ …"""
    return "" if lang == i18n.default_language else i18n.get_language_config(lang).link.strip("/") + "/"

