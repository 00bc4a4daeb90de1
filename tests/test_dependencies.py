"""What the project installs is pinned and checked, and installable anywhere: requirements.txt (pip, compiled by `make
requirements`) pins every package to one version with its sha256 hashes and names no index or wheel folder of the
machine that compiled it; .ci/node/package-lock.json (npm ci) pins the Node tools with integrity hashes; and nothing
installs a tool around those two files."""

from __future__ import annotations

import json
import re

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from conftest import ROOT

REQUIREMENTS = ROOT / "requirements.txt"
NODE = ROOT / ".ci" / "node"


def entries(path) -> list[str]:
    """The logical lines of a requirements file: continuations joined, comments and blank lines dropped."""
    text = re.sub(r"\\\n", " ", path.read_text(encoding="utf-8"))
    return [line.split(" #")[0].strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def pins() -> dict[str, str]:
    found = {}
    for entry in entries(REQUIREMENTS):
        m = re.match(r"([A-Za-z0-9._-]+)==(\S+)", entry)
        if m:
            found[canonicalize_name(m.group(1))] = m.group(2)
    return found


@pytest.mark.parametrize("marker", ["file://", "/opt/", "--find-links", "--extra-index-url", "--index-url",
                                    "--trusted-host"])
def test_requirements_name_no_index_or_folder_of_a_machine(marker):
    lines = [line for line in REQUIREMENTS.read_text(encoding="utf-8").splitlines() if marker in line]
    assert lines == [], f"requirements.txt names {marker!r}: compile it with `make requirements`"


def test_every_requirement_is_one_version_with_its_hashes():
    """Every line is a package pinned to one version with sha256 hashes (so no option line, such as -f or -i)."""
    found = entries(REQUIREMENTS)
    assert len(found) > 20
    for entry in found:
        assert re.match(r"[A-Za-z0-9._-]+==[\w.+!-]+ ", entry), f"not pinned to one version: {entry[:80]}"
        hashes = re.findall(r"--hash=sha256:([0-9a-f]*)", entry)
        assert hashes and all(len(h) == 64 for h in hashes), f"no sha256 hash: {entry[:80]}"


def test_requirements_txt_pins_what_requirements_in_asks_for():
    """Edited requirements.in but forgot `make requirements`? Each direct dependency is pinned, in its range."""
    pinned = pins()
    for entry in entries(ROOT / "requirements.in"):
        wanted = Requirement(entry)
        name = canonicalize_name(wanted.name)
        assert name in pinned, f"{wanted.name} is in requirements.in but not pinned: run `make requirements`"
        assert wanted.specifier.contains(pinned[name], prereleases=True), \
            f"{wanted.name}=={pinned[name]} is outside {wanted.specifier} asked for in requirements.in"


def manifest() -> dict:
    return json.loads((NODE / "package.json").read_text(encoding="utf-8"))


def lock() -> dict:
    return json.loads((NODE / "package-lock.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("tool,needed_by", [("vnu-jar", "dependencies"), ("lighthouse", "devDependencies")])
def test_node_tools_are_locked_to_exact_versions(tool, needed_by):
    """vnu-jar is a plain dependency because `make test` installs without devDependencies; lighthouse (only the
    benchmark needs it) is a devDependency. Both are one exact version, the one the lockfile holds."""
    spec = manifest().get(needed_by, {}).get(tool)
    assert spec and re.fullmatch(r"\d+\.\d+\.\d+", spec), f"{tool} in {needed_by}: exact version wanted, got {spec}"
    entry = lock()["packages"].get(f"node_modules/{tool}")
    assert entry and entry["version"] == spec, f"package-lock.json holds {tool} {entry and entry['version']}"


def test_package_lock_matches_package_json_and_pins_every_file():
    data, want = lock(), manifest()
    assert data["lockfileVersion"] >= 2
    root = data["packages"][""]
    for key in ("dependencies", "devDependencies"):
        assert root.get(key, {}) == want.get(key, {}), f"package-lock.json is stale ({key}): run npm install in .ci/node"
    packages = {k: v for k, v in data["packages"].items() if k}
    assert packages
    for path, entry in packages.items():
        assert entry.get("version") and str(entry.get("integrity", "")).startswith("sha512-"), \
            f"{path}: no version or integrity hash"


def test_no_tool_is_installed_around_the_lockfiles():
    """npm tools come only from `npm ci` (the lockfile); no `npm install pkg@ver` or `npx` on the way."""
    places = [ROOT / "Makefile", ROOT / "tests" / "benchmark.py", *(ROOT / ".ci").glob("*"),
              *(ROOT / ".github" / "workflows").glob("*.yml")]
    found = [f"{p.relative_to(ROOT)}: {line.strip()}" for p in places if p.is_file()
             for line in p.read_text(encoding="utf-8").splitlines()
             if re.search(r"\bnpm\s+(install|i|add|update|exec)\b|\bnpx\s", line) or "\"npm\", \"install\"" in line]
    assert found == []
    assert "npm ci" in (ROOT / "Makefile").read_text(encoding="utf-8")


def _applies(dep: Requirement, extras: set[str]) -> bool:
    """Does `dep` apply on this Python, for a package installed with these extras?"""
    return dep.marker is None or any(dep.marker.evaluate({"extra": e}) for e in (extras or {""}))


def _requires(name: str) -> list[Requirement]:
    from importlib.metadata import PackageNotFoundError, distribution

    try:
        return [Requirement(line) for line in distribution(name).requires or []]
    except PackageNotFoundError:
        return []   # reported by the closure test as not installed


def _closure(roots: list[Requirement]) -> dict[str, set[str]]:
    """Every distribution the roots need, with the extras asked of each, read from the installed packages' own
    metadata (Requires-Dist, markers evaluated for this Python and the extras asked for)."""
    wanted: dict[str, set[str]] = {}
    todo = [(canonicalize_name(r.name), set(r.extras)) for r in roots]
    while todo:
        name, extras = todo.pop()
        if name in wanted and extras <= wanted[name]:
            continue
        wanted[name] = wanted.get(name, set()) | extras
        todo += [(canonicalize_name(d.name), set(d.extras)) for d in _requires(name) if _applies(d, wanted[name])]
    return wanted


def test_requirements_txt_is_the_complete_closure_of_requirements_in():
    """`make` installs requirements.txt with --no-deps (the pip that `python3 -m venv` bundles refuses extras in
    hash-checking mode otherwise), so the file must hold every package requirements.in needs, transitively, each at
    a version every dependant accepts, and nothing else. Read from the installed metadata: the venv holds this set."""
    from importlib.metadata import PackageNotFoundError, version

    pinned = pins()
    needed = _closure([Requirement(e) for e in entries(ROOT / "requirements.in")])
    missing = sorted(set(needed) - set(pinned))
    assert missing == [], f"needed but not pinned in requirements.txt: {missing}: run `make requirements`"
    stale = sorted(set(pinned) - set(needed))
    assert stale == [], f"pinned but needed by nothing in requirements.in: {stale}: run `make requirements`"
    for name, pin in pinned.items():
        try:
            installed = version(name)
        except PackageNotFoundError:
            pytest.fail(f"{name}=={pin} is pinned but not installed: run `make` (it installs requirements.txt)")
        assert installed == pin, f"{name}: {installed} installed, {pin} pinned: run `make`"
        for dep in _requires(name):
            dep_name = canonicalize_name(dep.name)
            if _applies(dep, needed[name]):
                assert dep.specifier.contains(pinned[dep_name], prereleases=True), \
                    f"{name} asks for {dep}, but {dep_name}=={pinned[dep_name]} is pinned: run `make requirements`"


def test_the_makefile_installs_the_pinned_closure_without_resolving():
    """What makes the file installable with the bundled pip: --no-deps with --require-hashes, then `pip check`."""
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    install = [line for line in text.splitlines() if "pip install" in line and "requirements.txt" in line]
    assert install and all("--no-deps" in line and "--require-hashes" in line for line in install), install
    assert "pip check" in text


def _imported_modules(folder) -> dict[str, str]:
    """Top-level module → the first file:line that imports it, for every import in the Python files under `folder`
    (at any depth: a lazy import inside a function counts)."""
    import ast

    found: dict[str, str] = {}
    for path in sorted(folder.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module] if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module else []
            for name in names:
                found.setdefault(name.split(".")[0], f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


@pytest.mark.parametrize("folder", ["macros", "tests"])
def test_every_package_the_code_imports_is_a_direct_requirement(folder):
    """A module imported by our code must come from a package requirements.in names: one that arrives only as another
    package's dependency may go when that package changes, and one installed on this machine alone (the shared
    venv had nh3; a fresh clone did not) passes every local run and fails everywhere else."""
    import sys
    from importlib.metadata import packages_distributions

    direct = {canonicalize_name(Requirement(e).name) for e in entries(ROOT / "requirements.in")}
    local = {p.stem for p in (ROOT / "macros").rglob("*.py")} | {p.stem for p in (ROOT / "tests").rglob("*.py")} \
        | {p.name for p in (ROOT / "tests").iterdir() if p.is_dir()} | {"macros"}
    owners = packages_distributions()
    problems = []
    for module, where in sorted(_imported_modules(ROOT / folder).items()):
        if module in sys.stdlib_module_names or module in local:
            continue
        dists = {canonicalize_name(d) for d in owners.get(module, [])}
        if not dists:
            problems.append(f"{where}: imports {module}, which no installed package provides")
        elif not dists & direct:
            problems.append(f"{where}: imports {module} (from {', '.join(sorted(dists))}), not named in requirements.in")
    assert problems == [], "add it to requirements.in and run `make requirements`:\n" + "\n".join(problems)
