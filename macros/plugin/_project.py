"""What the plugin's modules share: the project's root and the report of data/report.yaml.

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

