"""The theme's file list, read once per `mkdocs` command (used by macros/plugin/once_per_command.py).

Why: at every build MkDocs lists every file of the theme's folders to copy the static ones, once per edition. Material
ships about 14,000 icon files under `.icons/`, which MkDocs then drops (dot folders are never copied); walking and
filtering them took 0.2 s an edition, over half a second of each build and of each save under `make serve`. An
installed package does not change while the command runs, so its listing (without dot paths) is kept for the life of
the process; the project's own folders (overrides/) are listed afresh each time. What is kept is the plugin's
(state.Preview.theme_listing), which lives as long as the command: every edition of a build, and under `mkdocs serve`
every save's rebuild.
"""

from __future__ import annotations

import sysconfig
from pathlib import Path

import jinja2

_INSTALLED = Path(sysconfig.get_paths()["purelib"]).resolve()


def _installed(folder: str) -> bool:
    return Path(folder).resolve().is_relative_to(_INSTALLED)


def _without_dot_paths(names: list[str]) -> list[str]:
    return [n for n in names if not any(part.startswith(".") for part in n.split("/"))]


class ListedOnce(jinja2.FileSystemLoader):
    """A FileSystemLoader that lists an installed theme folder once per `mkdocs serve` (see the module's docstring):
    `kept` is the listing kept, by folder."""

    def __init__(self, searchpath, kept: dict[str, list[str]]):
        super().__init__(searchpath)
        self.kept = kept

    def list_templates(self) -> list[str]:
        names: set[str] = set()
        for folder in self.searchpath:
            if not _installed(folder):
                names.update(jinja2.FileSystemLoader(folder).list_templates())
                continue
            if folder not in self.kept:
                self.kept[folder] = _without_dot_paths(jinja2.FileSystemLoader(folder).list_templates())
            names.update(self.kept[folder])
        return sorted(names)
