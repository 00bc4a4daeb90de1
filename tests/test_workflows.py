"""The GitHub workflows parse, are least-privilege, pinned, bounded in time, and pass the offline audits."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from conftest import ROOT

WF = ROOT / ".github" / "workflows"


def load(name: str) -> dict:
    return yaml.safe_load((WF / name).read_text(encoding="utf-8"))


def uses_lines():
    for path in WF.glob("*.yml"):
        for line in path.read_text(encoding="utf-8").splitlines():
            m = re.search(r"uses:\s*(\S+)(.*)", line)
            if m:
                yield path.name, m.group(1), m.group(2)


def test_actions_are_pinned_to_full_shas_with_a_version_comment():
    found = list(uses_lines())
    assert found
    for name, ref, rest in found:
        assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", ref), f"{name}: {ref} is not pinned to a commit SHA"
        assert re.search(r"#\s*v\d", rest), f"{name}: {ref} lacks a '# vX.Y' comment"


def test_least_privilege_timeouts_and_concurrency():
    for name in ("ci.yml", "deploy.yml"):
        wf = load(name)
        assert wf["permissions"] == {}, f"{name}: top-level permissions must be {{}}"
        assert "concurrency" in wf, f"{name}: no concurrency group"
        for job_name, job in wf["jobs"].items():
            assert isinstance(job.get("timeout-minutes"), int), f"{name}:{job_name} has no timeout"
            for step in job.get("steps", []):
                if str(step.get("uses", "")).startswith("actions/checkout@"):
                    assert step.get("with", {}).get("persist-credentials") is False
    deploy = load("deploy.yml")["jobs"]["deploy"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    for job_name, job in load("deploy.yml")["jobs"].items():
        if job_name != "deploy":
            assert set(job.get("permissions", {})) <= {"contents"}, job_name


def test_ci_runs_make_test_on_pull_requests_and_keeps_a_preview():
    wf = load("ci.yml")
    triggers = wf[True] if True in wf else wf["on"]  # YAML 1.1 reads the key `on` as True
    assert "pull_request" in triggers and "push" in triggers
    steps = wf["jobs"]["test"]["steps"]
    assert any(s.get("run") == "make test" for s in steps)
    assert any(str(s.get("uses", "")).startswith("actions/upload-artifact@") and s["with"]["path"].startswith("site")
               for s in steps)


def test_deploy_uploads_and_deploys_pages_from_main():
    wf = load("deploy.yml")
    triggers = wf[True] if True in wf else wf["on"]
    assert triggers["push"]["branches"] == ["main"]
    build = [str(s.get("uses", "")) + str(s.get("run", "")) for s in wf["jobs"]["build"]["steps"]]
    assert any("make build" in s for s in build)
    assert any(s.startswith("actions/upload-pages-artifact@") for s in build)
    assert any(str(s.get("uses", "")).startswith("actions/deploy-pages@") for s in wf["jobs"]["deploy"]["steps"])


def test_dependabot_watches_pip_and_actions():
    config = yaml.safe_load((ROOT / ".github" / "dependabot.yml").read_text(encoding="utf-8"))
    assert {u["package-ecosystem"] for u in config["updates"]} >= {"pip", "github-actions"}


def _tool(name: str) -> str:
    path = Path(sys.executable).parent / name
    return str(path) if path.exists() else (shutil.which(name) or name)


def test_workflows_match_the_github_schema():
    result = subprocess.run([_tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows",
                             *map(str, sorted(WF.glob("*.yml")))], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_zizmor_finds_nothing():
    result = subprocess.run([_tool("zizmor"), "--offline", "--no-progress", str(WF)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
