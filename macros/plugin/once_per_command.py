"""What one `mkdocs` command loads once, not once per edition: the theme's file list and compiled templates, jieba's
dictionary, mkdocs-macros' facts about the last git commit.

Why: mkdocs-static-i18n builds every edition (three) in its own nested build, each with a new Jinja environment, and
the zh-Hans conversion and Material's search each read jieba's dictionary. Each edition compiled the theme's some
forty templates afresh (about a second of every build, of the preview's every save and of each of the test suite's
mini builds), and the dictionary was read twice (0.7 s each).

- Compiled templates: Jinja's bytecode cache is made for this. Every environment of the command reads and writes one
  store in memory (on Preview, which lives as long as the command), and a template whose source changed (an edited
  override) is compiled again, because each entry carries its source's checksum. The editions' environments are the
  same theme's, configured alike, so the code one compiles is the code the others would. Under `make serve` the
  store lasts from save to save. When ESG_TEMPLATE_CACHE names a folder, the store is also kept there, one file per
  template, for the commands that follow (the test suite's some fifty builds of copies of the project each compiled
  the same theme; tests/conftest.py sets it). The checksum makes a file written by another version of a template
  harmless: it is compiled again.
- The theme's file list: MkDocs lists every file of the theme's folders at every build, to copy the static ones, and
  Material's 14,000 icons made that 0.2 s an edition (macros/plugin/_theme_listing.py); it is listed once.
- jieba: before Material's search loads the user dictionary into jieba's global tokenizer, that tokenizer is given a
  copy of the default dictionary the conversion has read (macros/model/chinese.py share_dictionary).
- git: mkdocs-macros gives every page a `git` variable (the last commit) and asks git for it at each edition's
  build: twelve `git` processes, three times a build and a save under `make serve` (about 0.4 s of a save's wall
  time, unseen in the build's own CPU). No page may read it (macros/model/page_template.py allows our variables
  only), so it is asked once per command.
"""

from __future__ import annotations

import os
from pathlib import Path

import jinja2

from . import _project, _theme_listing


TEMPLATE_CACHE = "ESG_TEMPLATE_CACHE"   # environment: a folder that keeps the compiled theme between commands


class CompiledTemplates(jinja2.BytecodeCache):
    """Jinja's bytecode cache, kept in a dict: key → the marshalled code, with its source's checksum; and in `folder`
    too when one is given (read when the dict has no entry, written whole by rename: builds run side by side)."""

    def __init__(self, folder: Path | None = None) -> None:
        self.store: dict[str, bytes] = {}
        self.folder = folder

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.store.get(bucket.key)
        if code is None and self.folder is not None:
            try:
                code = (self.folder / bucket.key).read_bytes()
            except OSError:
                return
        if code is not None:
            bucket.bytecode_from_string(code)   # a checksum that no longer matches leaves the bucket empty

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.store[bucket.key] = bucket.bytecode_to_string()
        if self.folder is not None:
            self.folder.mkdir(parents=True, exist_ok=True)
            part = self.folder / f"{bucket.key}.{os.getpid()}"
            part.write_bytes(code)
            part.replace(self.folder / bucket.key)


def on_config(config, *, state):
    import jieba

    from macros.model.chinese import share_dictionary

    store = state.preview.compiled_templates
    store.folder = Path(os.environ[TEMPLATE_CACHE]) if os.environ.get(TEMPLATE_CACHE) else None
    _list_theme_once(config.theme, state.preview.theme_listing, store)
    if _project.report(config).locales.generated and jieba.dt.dictionary == jieba.DEFAULT_DICT:
        share_dictionary(jieba.dt)
    _git_once(state.preview.git)
    return config


def _list_theme_once(theme, kept: dict[str, list[str]], store: CompiledTemplates | None = None) -> None:
    """Every Jinja environment `theme` makes lists the installed theme's folders from `kept` (once per command) and
    keeps its compiled templates in `store`: the build's, and those other plugins make (Material's search compiled
    its four language templates afresh at every edition's build, a tenth of a second of every save)."""
    if getattr(theme.get_env, "lists_once", False):
        return
    make_env = theme.get_env

    def get_env():
        env = make_env()
        env.loader = _theme_listing.ListedOnce(env.loader.searchpath, kept)
        if store is not None:
            env.bytecode_cache = store
        return env

    get_env.lists_once = True
    theme.get_env = get_env


def _git_once(kept: dict) -> None:
    """mkdocs-macros' `get_git_info`, asked once while `kept` (the command's) lives: see the module's docstring.
    mkdocs-macros looks the function up in its module at each build, after this event (priority 5, it 0)."""
    from mkdocs_macros import context

    asked = context.get_git_info
    if getattr(asked, "kept", None) is kept:
        return
    ask = getattr(asked, "asks", asked)   # the plugin's own function, whichever command patched it last

    def once():
        if "info" not in kept:
            kept["info"] = ask()
        return dict(kept["info"]) if isinstance(kept["info"], dict) else kept["info"]

    once.kept, once.asks = kept, ask
    context.get_git_info = once


def on_env(env, config, files, *, state):
    env.bytecode_cache = state.preview.compiled_templates   # the build's own environment, however it was made
    return env
