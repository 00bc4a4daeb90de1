"""What the plugin's modules share: the project's root and the report of data/report.yaml.

The plugin is the project's own code (this folder), imported from the folder of the mkdocs.yml being built
(macros/entry_point/esg_report_site.py), so the root is this file's grandparent.
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


_LAST: list = [None, None]   # a cache, not state: (the config asked about, its report); one look at data/ per build


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
