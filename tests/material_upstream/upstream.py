"""Which files of Material for MkDocs this project copies, replaces or builds on, and whether the installed Material
still has them as they were when we last read them. Why: a partial we replaced, a block we override or a script we
carried into a file keeps working after an upgrade only if its upstream did not change; nothing else would say so.

`manifest.yaml` beside this file lists, for each upstream file (a path under Material's `templates/`), the Material
version it was read at, its sha256, why we depend on it and which of our files follow it; `snapshot/` holds the
upstream file as it was, so a change can be shown as a diff. `tests/test_material_upstream.py` (in `make unit`)
compares them with the installed Material.

After reviewing an upgrade (mend our files to the new upstream first):  .venv/bin/python tests/material_upstream/upstream.py --update
"""

from __future__ import annotations

import difflib
import hashlib
import sys
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
MANIFEST = HERE / "manifest.yaml"
SNAPSHOT = HERE / "snapshot"


def installed_templates() -> Path:
    import material

    return Path(material.__file__).resolve().parent / "templates"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@dataclass(frozen=True)
class Change:
    upstream: str          # path under Material's templates/
    ours: list[str]        # our files that follow it
    diff: str              # snapshot → installed, unified

    def __str__(self) -> str:
        return (f"Material's {self.upstream} changed since we read it (our {', '.join(self.ours)} follow it): "
                f"review the diff, mend ours, then run tests/material_upstream/upstream.py --update\n{self.diff}")


def load() -> dict:
    return yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))


def changes(templates: Path | None = None) -> list[Change]:
    """Each listed upstream file whose installed copy differs from the one we read (missing counts as changed)."""
    templates = templates or installed_templates()
    found = []
    for entry in load()["files"]:
        path = templates / entry["upstream"]
        if path.is_file() and sha256(path) == entry["sha256"]:
            continue
        old = (SNAPSHOT / entry["upstream"]).read_text(encoding="utf-8").splitlines(keepends=True)
        new = path.read_text(encoding="utf-8").splitlines(keepends=True) if path.is_file() else []
        diff = "".join(difflib.unified_diff(old, new, f"{load()['material']}/{entry['upstream']}",
                                            f"installed/{entry['upstream']}"))
        gone = "" if path.is_file() else "(the file is gone from the installed Material)\n"
        found.append(Change(entry["upstream"], entry["ours"], gone + diff))
    return found


def update() -> None:
    """Re-read every listed upstream file from the installed Material: new hashes, snapshots and version."""
    data, templates = load(), installed_templates()
    data["material"] = version("mkdocs-material")
    for entry in data["files"]:
        source = templates / entry["upstream"]
        entry["sha256"] = sha256(source)
        target = SNAPSHOT / entry["upstream"]
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(source.read_bytes())
    header = MANIFEST.read_text(encoding="utf-8").split("\nmaterial:", 1)[0]
    MANIFEST.write_text(header + "\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=120),
                        encoding="utf-8")


if __name__ == "__main__":
    if sys.argv[1:] == ["--update"]:
        update()
    else:
        print("\n".join(map(str, changes())) or f"Material {version('mkdocs-material')}: every listed file as read")
