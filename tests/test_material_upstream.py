"""Material upgrades are safe: every Material file we replace, carry or build on is listed (tests/material_upstream/)
with the version and hash we read it at, and an upgrade that changes one names it, with the diff."""

from __future__ import annotations

import shutil

import pytest

from conftest import ROOT
from material_upstream.upstream import changes, installed_templates, load

pytestmark = pytest.mark.unit


def test_every_material_file_we_follow_is_as_we_read_it():
    found = changes()
    assert not found, "\n\n".join(map(str, found))


def test_every_override_of_a_material_file_is_listed():
    """A partial copied into overrides/ later, or a script carried into docs/assets/, cannot slip past the list."""
    listed = {entry["upstream"]: set(entry["ours"]) for entry in load()["files"]}
    templates = installed_templates()
    overrides = ROOT / "overrides"
    for ours in sorted(p for p in overrides.rglob("*.html") if "pdf" not in p.relative_to(overrides).parts):
        rel = ours.relative_to(overrides).as_posix()
        if (templates / rel).is_file():
            assert f"overrides/{rel}" in listed.get(rel, set()), f"overrides/{rel} replaces Material's {rel}: list it"
    carried = [p for p in (ROOT / "docs" / "assets").glob("*.js")
               if "Material" in p.read_text(encoding="utf-8").split("\n", 1)[0]]
    assert carried
    for script in carried:
        rel = script.relative_to(ROOT).as_posix()
        assert any(rel in ours for ours in listed.values()), f"{rel} carries Material's code: list its upstream"


def test_an_upstream_change_is_named_with_its_diff(tmp_path):
    templates = tmp_path / "templates"   # the listed files only: the whole theme is 14,000 icon files
    for entry in load()["files"]:
        (templates / entry["upstream"]).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(installed_templates() / entry["upstream"], templates / entry["upstream"])
    target = templates / "partials" / "search.html"
    target.write_text(target.read_text(encoding="utf-8").replace("md-search", "md-search-v2", 1), encoding="utf-8")
    (templates / "partials" / "copyright.html").unlink()
    found = {c.upstream: c for c in changes(templates)}
    assert set(found) == {"partials/search.html", "partials/copyright.html"}
    assert "overrides/partials/search.html" in str(found["partials/search.html"])
    assert "+" in found["partials/search.html"].diff and "md-search-v2" in found["partials/search.html"].diff
    assert "gone" in found["partials/copyright.html"].diff
