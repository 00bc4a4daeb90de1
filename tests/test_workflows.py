"""The GitHub workflows, read as GitHub would run them: only a commit of main that passed the test suite is published,
and what is published is the very site those tests built; CI builds the site once and keeps it as a preview only when
the tests passed; every action is pinned to a commit; write permissions stay in the one job that runs none of our
code; and the offline audits (zizmor, GitHub's workflow schema) find nothing."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from fnmatch import fnmatch
from pathlib import Path

import pytest
import yaml

from conftest import ROOT

WF = ROOT / ".github" / "workflows"
WORKFLOWS = sorted(p.name for p in WF.glob("*.yml"))


def load(name: str) -> dict:
    return yaml.safe_load((WF / name).read_text(encoding="utf-8"))


def triggers(wf: dict) -> dict:
    on = wf[True] if True in wf else wf["on"]   # YAML 1.1 reads the key `on` as True
    return {on: None} if isinstance(on, str) else dict.fromkeys(on) if isinstance(on, list) else on


def uses(step: dict, action: str) -> bool:
    return str(step.get("uses", "")).startswith(action + "@")


def runs(step: dict, command: str) -> bool:
    return re.search(rf"(^|[\s;&|]){re.escape(command)}($|[\s;&|])", str(step.get("run", ""))) is not None


def builds_the_site(step: dict) -> bool:
    """A step that builds the site: `make build`, the test suite (it builds once), MkDocs or .ci/build-site."""
    return any(runs(step, c) for c in ("make build", "make test", "mkdocs build", ".ci/build-site"))


# ── GitHub's `if:` expressions: the small part a workflow here may use ─────────────────────────────────────────────
STATUS = ("success", "always", "failure", "cancelled")
TOKEN = re.compile(r"\s*(?:(?P<str>'(?:[^']|'')*')|(?P<op>==|!=|&&|\|\||!|\(|\))"
                   rf"|(?P<call>{'|'.join(STATUS)})\(\)|(?P<name>[A-Za-z_][\w.-]*))")


def evaluate(expr: str | None, context: dict[str, str], failed: bool = False) -> bool:
    """Whether a job or step with this `if:` runs, given `context` (github.ref, github.event_name …) and whether an
    earlier step or a needed job `failed`. Strings compare case-insensitively, as on GitHub; with no status function
    GitHub adds `success()`. An expression outside this subset is an error, never a guess."""
    expr = str(expr if expr is not None else "success()").strip()
    if expr.startswith("${{") and expr.endswith("}}"):
        expr = expr[3:-2].strip()
    python, pos = [], 0
    while pos < len(expr):
        m = TOKEN.match(expr, pos)
        if not m or not m.group().strip():
            raise ValueError(f"unsupported `if:` expression at {expr[pos:]!r}")
        pos = m.end()
        if m["str"]:
            python.append(repr(m["str"][1:-1].replace("''", "'").lower()))
        elif m["op"]:
            python.append({"&&": "and", "||": "or", "!": "not"}.get(m["op"], m["op"]))
        elif m["call"]:
            python.append(str({"success": not failed, "always": True, "failure": failed, "cancelled": False}[m["call"]]))
        elif m["name"] in ("true", "false"):
            python.append(str(m["name"] == "true"))
        elif m["name"] in context:
            python.append(repr(str(context[m["name"]]).lower()))
        else:
            raise ValueError(f"`if:` names {m['name']!r}, which this test does not model")
    value = bool(eval(" ".join(python), {"__builtins__": {}}, {}))  # noqa: S307 — only the tokens built above
    return value and (failed is False or any(re.search(rf"\b{s}\(\)", expr) for s in STATUS))


def triggered(wf: dict, event: str, ref: str) -> bool:
    if event not in triggers(wf):
        return False
    spec = triggers(wf)[event] or {}
    if event == "push" and ("branches" in spec or "tags" in spec):
        kind, _, name = ref.removeprefix("refs/").partition("/")
        patterns = spec.get({"heads": "branches", "tags": "tags"}.get(kind, ""), [])
        return any(fnmatch(name, p) for p in patterns)
    if event == "pull_request" and spec:
        raise ValueError("pull_request filters are not modelled here")
    return True


def needs(job: dict) -> set[str]:
    value = job.get("needs") or []
    return {value} if isinstance(value, str) else set(value)


def jobs_that_run(wf: dict, event: str, ref: str) -> set[str]:
    """The jobs GitHub runs for `event` on `ref`, when every job that runs succeeds. A job whose needed job did not
    run is skipped, unless its `if:` asks to run regardless (always() …)."""
    if not triggered(wf, event, ref):
        return set()
    context = {"github.event_name": event, "github.ref": ref}
    jobs, ran, decided = wf["jobs"], set(), set()
    while len(decided) < len(jobs):
        ready = [n for n, j in jobs.items() if n not in decided and needs(j) <= decided]
        assert ready, "the jobs' needs form a cycle"
        for name in ready:
            decided.add(name)
            if evaluate(jobs[name].get("if"), context, failed=not needs(jobs[name]) <= ran):
                ran.add(name)
    return ran


def behaviour(name: str, event: str, ref: str) -> set[str]:
    """What a workflow does for an event: runs the tests, keeps a preview, publishes to Pages."""
    wf = load(name)
    steps = [s for j in jobs_that_run(wf, event, ref) for s in wf["jobs"][j].get("steps", [])]
    return ({"tests"} if any(runs(s, "make test") for s in steps) else set()) \
        | ({"preview"} if any(uses(s, "actions/upload-artifact") for s in steps) else set()) \
        | ({"publishes"} if any(uses(s, "actions/deploy-pages") for s in steps) else set())


# ── what each workflow does, event by event ───────────────────────────────────────────────────────────────────────
@pytest.mark.parametrize("workflow,event,ref,does", [
    ("ci.yml", "pull_request", "refs/pull/7/merge", {"tests", "preview"}),
    ("ci.yml", "push", "refs/heads/main", {"tests", "preview"}),
    ("deploy.yml", "push", "refs/heads/main", {"tests", "publishes"}),
    ("deploy.yml", "push", "refs/heads/feature", set()),
    ("deploy.yml", "push", "refs/tags/v1.0", set()),
    ("deploy.yml", "workflow_dispatch", "refs/heads/main", {"tests", "publishes"}),
    ("deploy.yml", "workflow_dispatch", "refs/heads/feature", set()),
    ("deploy.yml", "workflow_dispatch", "refs/tags/v1.0", set()),
    ("deploy.yml", "pull_request", "refs/pull/7/merge", set()),
    ("deploy.yml", "pull_request_target", "refs/heads/main", set()),
    ("deploy.yml", "workflow_run", "refs/heads/main", set()),
])
def test_what_each_workflow_does(workflow, event, ref, does):
    assert behaviour(workflow, event, ref) == does


def upstream(wf: dict, job: str) -> set[str]:
    direct = needs(wf["jobs"][job])
    return direct.union(*(upstream(wf, n) for n in direct))


def assert_ships_only_a_tested_build(name: str, job_name: str, upload_action: str) -> None:
    """In this job the site is built once, by the test run, and the upload is that very folder, after it, only if
    the tests passed."""
    job = load(name)["jobs"][job_name]
    steps = job["steps"]
    builders = [i for i, s in enumerate(steps) if builds_the_site(s)]
    assert len(builders) == 1 and runs(steps[builders[0]], "make test"), \
        f"{name}:{job_name}: the site must be built once, by `make test`: steps {builders}"
    test = steps[builders[0]]
    assert not test.get("continue-on-error"), f"{name}:{job_name}: a failing test run must stop the job"
    uploads = [i for i, s in enumerate(steps) if uses(s, upload_action)]
    assert uploads, f"{name}:{job_name}: no {upload_action}"
    kept = {**job.get("env", {}), **test.get("env", {})}.get("ESG_SITE_OUT")
    for i in uploads:
        assert i > builders[0], f"{name}:{job_name}: {upload_action} runs before the tests"
        assert not evaluate(steps[i].get("if"), {}, failed=True), \
            f"{name}:{job_name}: {upload_action} would run after failed tests"
        assert kept and str(steps[i]["with"]["path"]).rstrip("/") == kept.rstrip("/"), \
            f"{name}:{job_name}: uploads {steps[i]['with']['path']!r}, the tests kept their build in {kept!r}"


def test_ci_builds_once_and_keeps_a_preview_only_of_a_tested_site():
    wf = load("ci.yml")
    for job_name, job in wf["jobs"].items():
        if any(uses(s, "actions/upload-artifact") for s in job.get("steps", [])):
            assert_ships_only_a_tested_build("ci.yml", job_name, "actions/upload-artifact")


def test_deploy_publishes_only_the_site_its_tests_passed():
    wf = load("deploy.yml")
    publishers = [n for n, j in wf["jobs"].items() if any(uses(s, "actions/deploy-pages") for s in j.get("steps", []))]
    assert publishers
    for name in publishers:
        assert not evaluate(wf["jobs"][name].get("if"), {}, failed=True), f"{name} would deploy after a failure"
        producers = [n for n in upstream(wf, name)
                     if any(uses(s, "actions/upload-pages-artifact") for s in wf["jobs"][n].get("steps", []))]
        assert producers, f"{name} deploys an artifact no job it waits for has uploaded"
        for producer in producers:
            assert_ships_only_a_tested_build("deploy.yml", producer, "actions/upload-pages-artifact")


# ── supply chain and privileges ───────────────────────────────────────────────────────────────────────────────────
def test_actions_are_pinned_to_full_shas_with_a_version_comment():
    found = []
    for name in WORKFLOWS:
        for line in (WF / name).read_text(encoding="utf-8").splitlines():
            m = re.search(r"uses:\s*(\S+)(.*)", line)
            if m:
                found.append((name, m.group(1), m.group(2)))
    assert found
    for name, ref, rest in found:
        assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", ref), f"{name}: {ref} is not pinned to a commit SHA"
        assert re.search(r"#\s*v\d", rest), f"{name}: {ref} lacks a '# vX.Y' comment"


@pytest.mark.parametrize("name", WORKFLOWS)
def test_every_job_is_bounded_and_least_privileged(name):
    wf = load(name)
    assert wf.get("permissions") == {}, f"{name}: a workflow grants nothing by default; jobs ask for what they need"
    assert wf.get("concurrency"), f"{name}: runs of one ref must not pile up"
    for job_name, job in wf["jobs"].items():
        assert isinstance(job.get("timeout-minutes"), int), f"{name}:{job_name} has no timeout"
        for step in job.get("steps", []):
            if uses(step, "actions/checkout"):
                assert (step.get("with") or {}).get("persist-credentials") is False, f"{name}:{job_name}"
        writes = [k for k, v in (job.get("permissions") or {}).items() if v == "write"]
        if writes:   # a job that may write runs none of our code: no checkout, no shell step
            steps = job.get("steps", [])
            assert not any("run" in s or uses(s, "actions/checkout") for s in steps), \
                f"{name}:{job_name} may write {writes} and runs code from the repository"


def test_dependabot_watches_every_pinned_ecosystem():
    """Each lockfile in the repository, and the workflows' actions, are watched where they live."""
    config = yaml.safe_load((ROOT / ".github" / "dependabot.yml").read_text(encoding="utf-8"))
    watched = {(u["package-ecosystem"], "/" + u["directory"].strip("/")) for u in config["updates"]}
    pinned = {("github-actions", "/")}
    pinned |= {("pip", "/" + str(p.parent.relative_to(ROOT)).strip(".")) for p in ROOT.glob("requirements.txt")}
    pinned |= {("npm", "/" + str(p.parent.relative_to(ROOT))) for p in ROOT.rglob("package-lock.json")
               if "node_modules" not in p.parts}
    assert len(pinned) >= 3
    assert pinned <= watched, f"not watched: {pinned - watched}"


# ── the offline audits ────────────────────────────────────────────────────────────────────────────────────────────
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
