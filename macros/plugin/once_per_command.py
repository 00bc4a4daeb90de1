"""What one `mkdocs` command loads once, not once per edition: the theme's compiled templates, jieba's dictionary,
mkdocs-macros' facts about the last git commit.

Why: mkdocs-static-i18n builds every edition (three) in its own nested build, each with a new Jinja environment, and
the zh-Hans conversion and Material's search each read jieba's dictionary. Each edition compiled the theme's some
forty templates afresh (about a second of every build, of the preview's every save and of each of the test suite's
mini builds), and the dictionary was read twice (0.7 s each).

- Compiled templates: Jinja's bytecode cache is made for this. Every environment of the command reads and writes one
  store in memory (on Preview, which lives as long as the command), and a template whose source changed (an edited
  override) is compiled again, because each entry carries its source's checksum. The editions' environments are the
  same theme's, configured alike, so the code one compiles is the code the others would. Under `make serve` the
  store lasts from save to save.
- jieba: before Material's search loads the user dictionary into jieba's global tokenizer, that tokenizer is given a
  copy of the default dictionary the conversion has read (macros/model/chinese.py share_dictionary).
- git: mkdocs-macros gives every page a `git` variable (the last commit) and asks git for it at each edition's
  build: twelve `git` processes, three times a build and a save under `make serve` (about 0.4 s of a save's wall
  time, unseen in the build's own CPU). No page may read it (macros/model/page_template.py allows our variables
  only), so it is asked once per command.
"""

from __future__ import annotations

import jinja2

from . import _project


class InMemory(jinja2.BytecodeCache):
    """Jinja's bytecode cache, kept in a dict: key → the marshalled code, with its source's checksum."""

    def __init__(self) -> None:
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.store.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)   # a checksum that no longer matches leaves the bucket empty

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


def on_config(config, *, state):
    import jieba

    from macros.model.chinese import share_dictionary

    if _project.report(config).locales.generated and jieba.dt.dictionary == jieba.DEFAULT_DICT:
        share_dictionary(jieba.dt)
    _git_once(state.preview.git)
    return config


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
    env.bytecode_cache = state.preview.compiled_templates
    return env
