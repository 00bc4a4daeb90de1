"""The entry point of the site's MkDocs plugin (`esg`): the plugin of the project whose mkdocs.yml is being built.

Why a stand-in rather than the plugin itself: the plugin is the project's own code (macros/plugin/), and each
checkout must run its own. Worktrees of the repository share one virtualenv, and the tests build copies of the
project in temporary folders with it; an installed copy of the plugin, or an editable install that names one
checkout's path, would make all of them run that one copy. So pip installs only this module and the entry point.
When MkDocs gives the plugin its options (`load_config`, with the path of the mkdocs.yml being built), this object
imports `macros.plugin` from that file's folder and becomes that plugin (it takes its class), which then reads its
own typed options. Nothing here changes from one version of the site to the next.
"""

from __future__ import annotations

import sys
from pathlib import Path

from mkdocs.config.base import ValidationError
from mkdocs.plugins import BasePlugin


def project_plugin(root: Path) -> type[BasePlugin]:
    """`macros.plugin.EsgPlugin` of the project at `root`; refused if this process already runs another project's."""
    loaded = sys.modules.get("macros")
    where = Path(getattr(loaded, "__file__", "") or "").resolve().parent.parent if loaded else root
    if where != root:
        raise ValidationError(f"this process already runs the code of the project in {where}; build {root} in a "
                              "process of its own (python -m mkdocs build -f <its mkdocs.yml>)")
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    from macros.plugin import EsgPlugin

    return EsgPlugin


class EsgPlugin(BasePlugin):
    """Becomes the project's plugin when MkDocs hands it its options (see the module's docstring)."""

    def on_startup(self, *, command, dirty) -> None:
        """Never runs (the class is the project's by then); its presence tells MkDocs to keep the instance across
        the rebuilds of `mkdocs serve`, as the project's plugin asks."""

    def load_config(self, options, config_file_path=None):
        self.__class__ = project_plugin(Path(config_file_path or "mkdocs.yml").resolve().parent)
        self.__init__()
        return self.load_config(options, config_file_path)
