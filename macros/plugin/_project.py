"""What the plugin's modules share: the project's root and the report of data/report.yaml.

The plugin is the project's own code (this folder), imported from the folder of the mkdocs.yml being built
(macros/entry_point/esg_report_site.py), so the root is this file's grandparent.
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def report(config):
    """The report and its editions (data/report.yaml), from the same cached, validated dataset the macros use.
    Read once per build (kept on the plugin's BuildState, which a new build makes anew), not once per call: asking
    whether data/ changed cost a stat of every data file on each of some 300 calls, a tenth of a preview rebuild."""
    state = getattr(config.plugins.get("esg"), "state", None)   # this plugin's own build state (state.py)
    if state is not None and state.report is not None:
        return state.report
    found = dataset(config).report
    if state is not None:
        state.report = found
    return found


def dataset(config):
    """data/ loaded and validated (once per change of its files: dataset.cached_dataset); a mistake stops the build
    with every problem by file and line."""
    from mkdocs.exceptions import PluginError

    from macros.model.dataset import DataErrors, cached_dataset

    try:
        return cached_dataset(Path(config.config_file_path).parent)
    except DataErrors as exc:
        raise PluginError(str(exc)) from None
