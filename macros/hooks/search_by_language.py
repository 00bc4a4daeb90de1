"""MkDocs hook: search confined to the reader's language — each language has its own index, and its pages fetch only it.

Why here: Material's search fetches `<base>/search/search_index.json`, `base` being the site root on every page, and
mkdocs-static-i18n merges the entries of all languages into that one file after the last language is built
(static-i18n #31, #271; Material #867). Neither plugin has an option for one index per language, and a template
cannot do it (the merged file is written after all pages). So this hook, which runs after static-i18n:

1. on every page of a non-default language, sets Material's `base` (the root from which the search worker fetches
   its index and resolves result links; nothing else we enable uses it) to that language's root, `en/` — as if the
   language were a separate site, which is Material's own advice in #867;
2. splits the merged index: the default language's entries stay in `search/search_index.json`; every other
   language's go to `<lang>/search/search_index.json`, with locations relative to `<lang>/`;
3. keeps whole the names of the jieba user dictionary that mix Latin letters and Chinese (e研通): Material hands
   jieba only the Chinese run (研通), so without this the name typed whole would find nothing;
4. gives jieba the user dictionary's words in every generated edition's script too (範疇一 → 范畴一), so the
   Simplified pages are segmented as the Traditional ones are.

The index `config` (separator, pipeline, lunr languages) and the entries (jieba segmentation with U+200B between
Chinese words) are Material's, copied unchanged. Registered under `hooks:` in mkdocs.yml; checked by
tests/test_search.py.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import _project
from jinja2.utils import htmlsafe_json_dumps
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.utils import get_relative_url

INDEX = "search/search_index.json"
ZWSP = "\u200b"  # what Material puts between the Chinese words jieba finds
_CONFIG = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.S)


def _language_roots(i18n) -> dict[str, str]:
    """{locale: its folder in the site, e.g. 'en'} for every built language but the default (served at the root)."""
    return {lang: i18n.get_language_config(lang).link.strip("/") for lang in i18n.build_languages
            if lang != i18n.default_language}


def _user_words(config) -> list[list[str]]:
    """The jieba user dictionary's lines, split: [word, frequency, kind]."""
    search = next(p for name, p in config.plugins.items() if name in ("search", "material/search"))
    path = search.config.jieba_dict_user
    lines = Path(path).read_text(encoding="utf-8").splitlines() if path else []
    return [line.split() for line in lines if line.strip()]


@event_priority(-120)
def on_config(config):
    """jieba learns each user word's form in every generated edition (Material loads the file as written)."""
    locales = _project.report(config).locales
    if locales.generated and config.plugins["i18n"].current_language in locales.generated:
        import jieba

        for word, *rest in _user_words(config):
            for lang in locales.generated:
                converted = locales.convert(lang, word)
                if converted != word:
                    jieba.add_word(converted, int(rest[0]) if rest else None, rest[1] if len(rest) > 1 else None)
    return config


def on_post_page(output: str, page, config) -> str:
    """Point a non-default language page's search (Material's `base`) at its own language's root."""
    i18n = config.plugins["i18n"]
    root = _language_roots(i18n).get(i18n.current_language)
    if root is None:
        return output
    match = _CONFIG.search(output)
    if match is None:
        raise PluginError(f"{page.file.src_uri}: Material's <script id=\"__config\"> not found; "
                          "macros/search_by_language.py must be adapted to this Material version")
    settings = json.loads(match.group(2))
    settings["base"] = get_relative_url(f"{root}/", page.url)
    return output[:match.start(2)] + str(htmlsafe_json_dumps(settings, sort_keys=True)) + output[match.end(2):]


def _mixed_names(config) -> dict[str, re.Pattern]:
    """{word: how Material's segmentation leaves it (e\u200b研通)} for the user dictionary's Latin+Chinese words."""
    words = [parts[0] for parts in _user_words(config)]
    return {w: re.compile(f"{ZWSP}?".join(map(re.escape, w))) for w in words
            if re.search(r"[A-Za-z0-9]", w) and re.search(r"[\u4e00-\u9fff]", w)}


def _keep_whole(text: str, names: dict[str, re.Pattern]) -> str:
    for word, split in names.items():
        text = split.sub(word, text)
    return text


@event_priority(-200)  # after static-i18n's on_post_build (-100), which builds the other languages and merges
def on_post_build(config) -> None:
    i18n = config.plugins["i18n"]
    if i18n.building:  # a nested build of another language: static-i18n has not merged the index yet
        return
    site = Path(config.site_dir)
    merged = json.loads((site / INDEX).read_text(encoding="utf-8"))
    roots = _language_roots(i18n)
    names = _mixed_names(config)
    indexes: dict[str, list] = {lang: [] for lang in [i18n.default_language, *roots]}
    for doc in merged["docs"]:
        lang = next((lang for lang, root in roots.items()
                     if doc["location"] == root or doc["location"].startswith(f"{root}/")), i18n.default_language)
        doc = {**doc, "title": _keep_whole(doc["title"], names), "text": _keep_whole(doc["text"], names)}
        if lang != i18n.default_language:
            doc["location"] = doc["location"][len(roots[lang]) + 1:]
        indexes[lang].append(doc)
    for lang, docs in indexes.items():
        path = site / roots[lang] / INDEX if lang in roots else site / INDEX
        path.parent.mkdir(parents=True, exist_ok=True)
        # UTF-8 rather than \u escapes: a third smaller before compression
        path.write_text(json.dumps({"config": merged["config"], "docs": docs}, ensure_ascii=False,
                                   separators=(",", ":")), encoding="utf-8")
