"""The site's MkDocs plugin (macros/plugin/): registered through its entry point, loaded from the project being built,
its events run in the order EsgPlugin.EVENTS lists, every handler of its modules wired, no state kept in a module,
and the PDFs on or off by its typed option (ESG_PDF overriding). No site build: the wiring is read as MkDocs reads it.
"""

from __future__ import annotations

import ast
import json
import shutil
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

import pytest
from mkdocs.exceptions import PluginError
from mkdocs.plugins import EVENTS as MKDOCS_EVENTS
from mkdocs.plugins import PluginCollection

from conftest import ROOT, mkdocs_config

pytestmark = pytest.mark.unit

PLUGIN_DIR = ROOT / "macros" / "plugin"
NOT_HANDLERS = {"__init__.py", "state.py", "_project.py", "_theme_listing.py"}


def _plugin():
    from macros.plugin import EsgPlugin

    return EsgPlugin


def test_the_events_run_in_the_order_the_table_lists_them():
    """Within each event the table's rows are in the order MkDocs runs them, as MkDocs registers the plugin."""
    plugin_cls = _plugin()
    events = [stage.event for stage in plugin_cls.EVENTS]
    assert set(events) <= set(MKDOCS_EVENTS), set(events) - set(MKDOCS_EVENTS)
    for event in dict.fromkeys(events):
        rows = [i for i, e in enumerate(events) if e == event]
        assert rows == list(range(rows[0], rows[-1] + 1)), f"the {event} rows are not together in EVENTS"
        priorities = [plugin_cls.EVENTS[i].priority for i in rows]
        assert priorities == sorted(priorities, reverse=True), f"{event}: {priorities} is not the order they run in"
    collection = PluginCollection()
    collection["esg"] = plugin_cls()
    for event in dict.fromkeys(events):
        registered = [(m.__name__, m.mkdocs_priority) for m in collection.events[event]]
        listed = [(f"_{s.event}_{s.handler if isinstance(s.handler, str) else s.handler.__module__.rpartition('.')[2]}",
                   s.priority) for s in plugin_cls.EVENTS if s.event == event]
        assert registered == listed, event


def test_every_event_function_of_the_plugins_modules_is_wired():
    """A module's on_<event> function not in EVENTS would never run, silently (the move from hooks made that easy)."""
    plugin_cls = _plugin()
    wired = {(s.handler.__module__.rpartition(".")[2], s.handler.__name__) for s in plugin_cls.EVENTS
             if not isinstance(s.handler, str)}
    defined = {(p.stem, node.name) for p in PLUGIN_DIR.glob("*.py") if p.name not in NOT_HANDLERS
               for node in ast.parse(p.read_text(encoding="utf-8")).body
               if isinstance(node, ast.FunctionDef) and node.name.startswith("on_")}
    assert defined - wired == set(), "defined but not in EsgPlugin.EVENTS"
    assert all(name == f"on_{s.event}" for s in plugin_cls.EVENTS if not isinstance(s.handler, str)
               for name in [s.handler.__name__]), "a handler must be its module's on_<the event it is listed at>"
    for s in plugin_cls.EVENTS:
        if isinstance(s.handler, str):
            assert callable(getattr(plugin_cls, s.handler, None)), s.handler


MUTATORS = {"add", "append", "clear", "discard", "extend", "insert", "pop", "popitem", "remove", "setdefault",
            "update"}


def module_state(path: Path) -> list[str]:
    """Where a module keeps state of its own: an instance of its own class at module level, a `global`, or a
    function that changes a module-level name or sets an attribute of an imported module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    classes = {n.name for n in tree.body if isinstance(n, ast.ClassDef)}
    names = {t.id for n in tree.body if isinstance(n, (ast.Assign, ast.AnnAssign))
             for t in (n.targets if isinstance(n, ast.Assign) else [n.target]) if isinstance(t, ast.Name)}
    modules = {a.asname or a.name for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom)) for a in n.names}
    found = []
    for n in tree.body:
        if isinstance(n, (ast.Assign, ast.AnnAssign)) and isinstance(n.value, ast.Call) \
                and isinstance(n.value.func, ast.Name) and n.value.func.id in classes:
            found.append(f"{path.name}:{n.lineno}: a module-level {n.value.func.id}()")
    for func in (n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))):
        for node in ast.walk(func):
            if isinstance(node, ast.Global):
                found.append(f"{path.name}:{node.lineno}: global {', '.join(node.names)}")
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                    and isinstance(node.func.value, ast.Name) and node.func.value.id in names \
                    and node.func.attr in MUTATORS:
                found.append(f"{path.name}:{node.lineno}: {node.func.value.id}.{node.func.attr}()")
            elif isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
                for target in (node.targets if isinstance(node, ast.Assign) else [node.target]):
                    if isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name) \
                            and target.value.id in names:
                        found.append(f"{path.name}:{node.lineno}: {target.value.id}[…] =")
                    if isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name) \
                            and target.value.id in modules:
                        found.append(f"{path.name}:{node.lineno}: {target.value.id}.{target.attr} =")
    return found


def test_no_module_of_the_plugin_keeps_state():
    """The build's state is the plugin instance's (macros/plugin/state.py): a module-level STATE would be shared by
    every build of the process and outlive a failed one."""
    found = [f for p in sorted(PLUGIN_DIR.glob("*.py")) for f in module_state(p)]
    assert found == []


@pytest.mark.parametrize("source, words", [
    ("STATE = Collected()\nclass Collected: pass\n", "module-level Collected()"),
    ("ROWS = {}\ndef on_page_content(html):\n    ROWS.setdefault('a', 1)\n", "ROWS.setdefault()"),
    ("ROWS = {}\ndef f():\n    ROWS['a'] = 1\n", "ROWS[…] ="),
    ("from . import _project\ndef f():\n    _project._stamp = 1\n", "_project._stamp ="),
    ("N = 0\ndef f():\n    global N\n    N += 1\n", "global N"),
])
def test_the_state_scan_finds_each_kind_of_module_state(tmp_path, source, words):
    path = tmp_path / "x.py"
    path.write_text(source, encoding="utf-8")
    assert any(words in f for f in module_state(path)), module_state(path)


@pytest.mark.parametrize("option, environ, wanted", [
    (False, {}, False), (True, {}, True), (True, {"ESG_PDF": "0"}, False), (False, {"ESG_PDF": "1"}, True),
    (True, {"ESG_PDF": ""}, True),
])
def test_the_pdf_option_and_the_environment(option, environ, wanted):
    from macros.plugin import pdf_wanted

    assert pdf_wanted(option, environ) is wanted


@pytest.mark.parametrize("value", ["yes", "true", "2", " 1"])
def test_an_esg_pdf_value_other_than_0_or_1_stops_the_build(value):
    from macros.plugin import pdf_wanted

    with pytest.raises(PluginError, match=r"ESG_PDF=.*must be 1 .* or 0"):
        pdf_wanted(False, {"ESG_PDF": value})


def test_mkdocs_yml_registers_the_plugin_last_with_valid_options_and_no_hooks():
    config = mkdocs_config()
    assert "hooks" not in config, "the build's behaviour is the esg plugin's (macros/plugin/), not hook files"
    last = config["plugins"][-1]
    assert isinstance(last, dict) and list(last) == ["esg"], "esg must be the last plugin (equal priorities run after)"
    errors, warnings = _plugin()().load_config(last["esg"], str(ROOT / "mkdocs.yml"))
    assert (errors, warnings) == ([], [])
    errors, _ = _plugin()().load_config({"pdf": "yes"}, str(ROOT / "mkdocs.yml"))
    assert errors and errors[0][0] == "pdf", "a wrong type for `pdf` is refused"


def test_the_entry_point_is_installed():
    found = [e for e in entry_points(group="mkdocs.plugins") if e.name == "esg"]
    assert [e.value for e in found] == ["esg_report_site:EsgPlugin"], \
        "the esg plugin is not registered in this virtualenv: run `make` (it installs macros/entry_point/)"


DRIVER = r"""
import json, sys
from importlib.metadata import entry_points
stand_in = next(e for e in entry_points(group="mkdocs.plugins") if e.name == "esg").load()
plugin = stand_in()
errors, warnings = plugin.load_config({"pdf": True}, sys.argv[1])
import macros
print(json.dumps({"module": type(plugin).__module__, "file": macros.__file__, "pdf": plugin.config.pdf,
                  "errors": [str(e) for e in errors]}))
"""


def test_each_copy_of_the_project_runs_its_own_plugin(tmp_path):
    """Worktrees share a virtualenv and the tests build copies: the entry point loads macros/plugin/ from the folder
    of the mkdocs.yml being built, whatever the current folder; and refuses to mix two projects in one process."""
    if not [e for e in entry_points(group="mkdocs.plugins") if e.name == "esg"]:
        pytest.fail("the esg plugin is not registered in this virtualenv: run `make`")
    copy = tmp_path / "copy"
    shutil.copytree(ROOT / "macros", copy / "macros", ignore=shutil.ignore_patterns("__pycache__"))
    run = subprocess.run([sys.executable, "-c", DRIVER, str(copy / "mkdocs.yml")], cwd=tmp_path,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    loaded = json.loads(run.stdout.strip().splitlines()[-1])
    assert loaded == {"module": "macros.plugin", "file": str(copy / "macros" / "__init__.py"), "pdf": True,
                      "errors": []}

    from esg_report_site import project_plugin
    from mkdocs.config.base import ValidationError

    import macros  # noqa: F401  (this process runs ROOT's)

    assert project_plugin(ROOT) is _plugin()
    with pytest.raises(ValidationError, match="already runs the code of the project"):
        project_plugin(copy)


def test_only_the_accessor_reads_static_i18n():
    """The language being built is static-i18n's to know; everything else the build asks is its own. One accessor
    (macros/plugin/languages.py) reads the plugin, so nothing else depends on its internals."""
    import re

    reach = re.compile(r"""plugins\s*(\[\s*["']i18n["']\s*\]|\.get\(\s*["']i18n["'])|\bi18n\.(current_language|default_language|"""
                       r"""build_languages|building|get_language_config|config\b)""")
    found = [f"{p.relative_to(ROOT)}:{n}: {line.strip()}" for p in sorted((ROOT / "macros").rglob("*.py"))
             if p.name != "languages.py"
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if reach.search(line)]
    assert found == [], "read the languages through macros/plugin/languages.py"


class _I18n:
    """static-i18n as the accessor sees it: its validated options and the language it is building."""

    def __init__(self, current):
        from types import SimpleNamespace as NS

        self.current_language = current
        self.config = NS(fallback_to_default=True, languages=[
            NS(locale="zh-Hant", default=True, build=True, link="/", name="繁體中文", nav_translations=None),
            NS(locale="en", default=False, build=True, link="/en/", name="English", nav_translations={"首頁": "Home"}),
            NS(locale="fr", default=False, build=False, link="/fr/", name="Français", nav_translations=None),
            NS(locale="zh-Hans", default=False, build=True, link="/zh-Hans/", name="简体中文", nav_translations=None)])


def test_the_accessor_gives_the_languages_of_mkdocs_yml_and_the_one_being_built():
    from types import SimpleNamespace as NS

    from macros.plugin.languages import languages

    langs = languages(NS(plugins={"i18n": _I18n("en")}))
    assert (langs.current, langs.default) == ("en", "zh-Hant")
    assert langs.built == ("zh-Hant", "en", "zh-Hans") and langs.declared == ("zh-Hant", "en", "fr", "zh-Hans")
    assert [langs.prefix(x) for x in langs.built] == ["", "en/", "zh-Hans/"]
    assert langs.names["zh-Hans"] == "简体中文" and langs.translations["en"] == {"首頁": "Home"}
    assert languages(NS(plugins={"i18n": _I18n(None)})).current == "zh-Hant", "before static-i18n's on_config"
    with pytest.raises(PluginError, match="needs mkdocs-static-i18n"):
        languages(NS(plugins={}))


@pytest.mark.parametrize("site_url, kept", [
    ("http://127.0.0.1:8000/", False), ("http://localhost:8000/", False), ("http://127.0.0.1:8000", False),
    ("https://medlive-esg.github.io/esg-report-2022/", True),   # the published site: checked as written
    ("http://example.com/", True),                               # http to another machine is never the preview
    (None, True),
])
def test_the_previews_own_http_address_is_checked_as_the_sites_own_links(site_url, kept):
    """`mkdocs serve` sets site_url to http://127.0.0.1:8000/: the pages' canonical links are the site's own, not an
    http link the allow-list must refuse; on any other address nothing is rewritten, so a real http link still stops
    the build (tests/test_hostile_input.py)."""
    from macros.render.html_allowlist import final_html_problems, preview_base

    page = (f'<!doctype html><html><head><link rel="canonical" href="{(site_url or "").rstrip("/")}/about-us/">'
            '</head><body><article><p>x</p></article></body></html>')
    own = preview_base(site_url)
    assert (own is None) is kept
    problems = final_html_problems(page, set(), {"example.com"}, own)
    if not kept:
        assert problems == []
    elif site_url and site_url.startswith("http:"):
        assert any("https only" in p for p in problems), problems


def test_the_theme_is_compiled_once_per_command_and_an_edited_template_again():
    """Every edition's Jinja environment shares one compiled store (once_per_command.CompiledTemplates): the second
    environment compiles nothing, and a template whose source changed is compiled from its new source."""
    import jinja2

    from macros.plugin.once_per_command import CompiledTemplates

    store, sources = CompiledTemplates(), {"main.html": "one {{ x }}"}
    compiled = []

    class Counting(jinja2.Environment):
        def _compile(self, source, filename):
            compiled.append(filename)
            return super()._compile(source, filename)

    def env():
        loader = jinja2.FunctionLoader(lambda name: (sources[name], f"/theme/{name}", lambda: False))
        return Counting(loader=loader, bytecode_cache=store)

    assert env().get_template("main.html").render(x=1) == "one 1"
    assert env().get_template("main.html").render(x=2) == "one 2"
    assert compiled == ["/theme/main.html"], "the second edition compiled the theme again"
    sources["main.html"] = "two {{ x }}"   # an override edited under `mkdocs serve`
    assert env().get_template("main.html").render(x=3) == "two 3"
    assert len(compiled) == 2


def test_every_environment_the_theme_makes_shares_the_commands_compiled_templates(monkeypatch):
    """Material's search makes an environment of its own from the theme at each edition's build (to read its language
    templates): it reads and writes the command's store too, so a save under make serve compiles none of them."""
    import jinja2
    from mkdocs.theme import Theme

    from macros.plugin.once_per_command import CompiledTemplates, _list_theme_once

    theme, store = Theme(name="material"), CompiledTemplates()
    _list_theme_once(theme, {}, store)
    assert theme.get_env().get_template("partials/languages/en.html") is not None
    assert store.store, "the theme's template was not kept"
    monkeypatch.setattr(jinja2.Environment, "_compile",
                        lambda *args: pytest.fail("a template the command compiled was compiled again"))
    assert theme.get_env().get_template("partials/languages/en.html") is not None


def test_a_template_cache_folder_keeps_the_compiled_theme_for_the_next_command(tmp_path):
    """With ESG_TEMPLATE_CACHE (the test suite's builds), a later command's store finds what an earlier one compiled
    in the folder; a template whose source has changed since is compiled again, and its new code replaces the old."""
    import jinja2

    from macros.plugin.once_per_command import CompiledTemplates

    sources, compiled = {"main.html": "one {{ x }}"}, []

    class Counting(jinja2.Environment):
        def _compile(self, source, filename):
            compiled.append(filename)
            return super()._compile(source, filename)

    def command():   # a new process: a new, empty store in memory
        loader = jinja2.FunctionLoader(lambda name: (sources[name], f"/theme/{name}", lambda: False))
        return Counting(loader=loader, bytecode_cache=CompiledTemplates(tmp_path / "cache"))

    assert command().get_template("main.html").render(x=1) == "one 1"
    assert command().get_template("main.html").render(x=2) == "one 2"
    assert len(compiled) == 1, "the second command compiled the theme again"
    sources["main.html"] = "two {{ x }}"
    assert command().get_template("main.html").render(x=3) == "two 3"
    assert command().get_template("main.html").render(x=4) == "two 4"
    assert len(compiled) == 2, "the edited template was compiled more than once, or not again"
    assert [p.name for p in (tmp_path / "cache").iterdir() if "." in p.name] == [], "a part file was left"


def test_git_is_asked_once_per_command_not_at_every_edition(monkeypatch):
    """mkdocs-macros' `git` facts (which no page may read) are asked once per command: every edition's build, and
    every save under make serve, gets the same answer; another command asks again."""
    from mkdocs_macros import context

    from macros.plugin.once_per_command import _git_once

    asked = []
    monkeypatch.setattr(context, "get_git_info", lambda: asked.append(1) or {"status": True, "commit": f"c{len(asked)}"})
    command = {}
    for _ in range(3):   # the editions of a build, then saves
        _git_once(command)
        assert context.get_git_info() == {"status": True, "commit": "c1"}
    assert len(asked) == 1
    _git_once({})   # the next command
    assert context.get_git_info()["commit"] == "c2" and len(asked) == 2


def test_jiebas_dictionary_is_read_once_and_the_conversions_stays_its_own():
    """Material's search tokenizer starts from the conversion's dictionary (one read, not two); the words the search
    learns later do not change where the zh-Hans conversion cuts."""
    import jieba

    from macros.model.chinese import cut_boundaries, share_dictionary

    text = "数据中心的能源管理"
    before = cut_boundaries(text)
    search = jieba.Tokenizer()
    share_dictionary(search)
    assert search.initialized and search.total > 0 and len(search.FREQ) > 100_000
    search.add_word("心的能", 10**9)   # a word the search learns: it must not reach the conversion
    assert "心的能" in search.lcut(text, HMM=False)
    assert cut_boundaries(text) == before


def test_every_build_of_the_search_starts_from_the_same_dictionary():
    """Material's search and search_by_language teach jieba's global tokenizer the same words at every edition of a
    build and at every save under `make serve`; jieba's add_word adds each word's count to the total every time, so
    its cuts drifted with the number of builds before (a preview's search differed from a full build's). Each build
    now starts from the shared dictionary afresh: the tokenizer is the same after any number of builds."""
    import jieba

    from macros.model.chinese import share_dictionary

    search = jieba.Tokenizer()

    def build():   # what each edition's on_config does to the tokenizer: afresh, then the user words
        share_dictionary(search)
        for word in ("每项指标", "数据中心"):
            search.add_word(word, 5)
        return search.total, dict(search.FREQ)

    first = build()
    assert [build() for _ in range(3)] == [first] * 3


@pytest.mark.parametrize("strict,quiet_level,after", [(True, "ERROR", "WARNING"), (False, "ERROR", "ERROR"),
                                                     (True, "INFO", "INFO")])
def test_a_strict_build_counts_its_warnings_even_when_quiet(strict, quiet_level, after):
    """`mkdocs build -q` sets MkDocs' logger to ERROR: its warnings (a link to a missing page, a nav entry without
    its file) were then neither shown nor counted, and a strict build passed with status 0."""
    import logging
    from types import SimpleNamespace

    from macros.plugin import warnings_count

    logger = logging.getLogger("mkdocs")
    before = logger.level
    try:
        logger.setLevel(quiet_level)
        warnings_count(SimpleNamespace(strict=strict))
        assert logging.getLevelName(logger.level) == after
    finally:
        logger.setLevel(before)
