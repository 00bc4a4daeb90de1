"""What one `mkdocs` command loads once, not once per edition: the theme's compiled templates, jieba's dictionary.

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


def on_config(config):
    import jieba

    from macros.model.chinese import share_dictionary

    if _project.report(config).locales.generated and jieba.dt.dictionary == jieba.DEFAULT_DICT:
        share_dictionary(jieba.dt)
    return config


def on_env(env, config, files, *, state):
    env.bytecode_cache = state.preview.compiled_templates
    return env
