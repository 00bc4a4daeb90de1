"""The pages carry the whole report, and both languages say the same thing.

Why: the zh-Hant pages were assembled by hand from the PDF's extracted text (wrapped lines, interleaved columns,
diagrams flattened into word lists) and translated by several people. These checks do what a reviewer would
otherwise do by eye: every sentence of the report is on a Chinese page (with only the mends listed in
data/printed/mends.yaml), each glossary term is translated one way, no Chinese is left on English pages, both languages have
the same structure and the same macro calls, and no figure that lives in data/ is typed into a page by hand.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation
from html import unescape
from pathlib import Path

import pytest

from conftest import HAND, LANGS, ROOT, html_path, page_slugs
from macros.model.dataset import DataErrors, load_dataset
# the build's own: data/printed/mends.yaml applied to the printed text, and the printed text as sentences
from macros.model.printed import apply_mends as mend, printed_at as _printed_at
from macros.model.report_sentences import APPENDIX_START, HAN, article_text, narrative, normalise, source_sentences
from macros.model.report_sentences import coverage as report_coverage
from test_site import article

SLUGS = page_slugs()
# The printed report's text as extracted from its PDF: data, owned by editors, beside its mends (data/printed/).
SOURCE = ROOT / "data" / "printed" / "report.zh-Hant.txt"
MENDS = ROOT / "data" / "printed" / "mends.yaml"
COVERAGE_TARGET = 100.0   # measured: every sentence, and the build stops on any missing (report_text.py)
CJK = re.compile(r"[\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")


# ── the built pages as text ─────────────────────────────────────────────────
def page_text(site: Path, slug: str, lang: str, keep=lambda html: html) -> str:
    """The article of a built page as plain text, as the build reads it (report_sentences.article_text); a definition
    list reads `term：definition` in Chinese, `term: definition` in English. `keep` may take out what a check does
    not read."""
    return article_text(keep(article(html_path(site, slug, lang))), "：" if lang == "zh-Hant" else ": ")


# ── the mends (data/printed/mends.yaml) ─────────────────────────────────────
def documented_mends(labels_too: bool = False) -> list[tuple[str, str]]:
    """`(as printed, as on the site)` pairs of data/printed/mends.yaml that mend the printed text (the build validates
    the file's shape); a mend of one label (`label_of:`) leaves the report's sentences as printed, and is taken with
    `labels_too` (the printed labels of Appendix 1)."""
    import yaml

    return [(m["printed"], m["site"]) for m in yaml.safe_load(MENDS.read_text(encoding="utf-8"))["mends"]
            if not m.get("label_of") or labels_too]




# ── the source as sentences: the build's own (macros/model/report_sentences.py) ──
def narrative_lines() -> list[str]:
    return narrative(SOURCE.read_text(encoding="utf-8"))


def coverage(sentences: list[str], site_text: str, mends) -> tuple[float, list[str]]:
    site = normalise(site_text)
    missing = [s for s in sentences if normalise(mend(s, mends)) not in site]
    return 100 * (1 - len(missing) / len(sentences)), missing


def test_source_fixture_is_the_shared_source(dataset):
    """data/printed holds the report's text; where shared/ is present (the team's machines), they agree."""
    shared = ROOT.parent / "shared" / "source" / f"esg-report-{dataset.year}.zh-Hant.txt"
    assert SOURCE.is_file(), f"{SOURCE} is missing"
    if shared.is_file():
        assert shared.read_bytes() == SOURCE.read_bytes(), f"{SOURCE} differs from {shared}: copy it again"


def test_every_sentence_of_the_report_is_on_a_chinese_page(site, dataset):
    """The build's own check (macros/plugin/report_text.py), on the pages as built: every sentence of the printed
    narrative, mended by data/printed/mends.yaml, is on a zh-Hant page, a figure restated since (data/restatements.yaml)
    as data/ has it now."""
    from macros.plugin.report_text import data_figures

    printed = SOURCE.read_text(encoding="utf-8")
    text = "\n".join(page_text(site, slug, "zh-Hant") for slug in SLUGS)
    figures = data_figures(dataset, dataset.report.editions[dataset.report.prevailing])
    total, missing = report_coverage(printed, documented_mends(), text, figures)
    assert total > 500, f"only {total} sentences read from {SOURCE.name}: is it the report?"
    percent = 100 * (1 - len(missing) / total)
    message = f"source coverage of the zh-Hant pages: {percent:.1f}% of {total} sentences ({len(missing)} not found)"
    print("\n" + message)
    assert percent >= COVERAGE_TARGET, message + f", below {COVERAGE_TARGET}%:\n" + "\n".join(
        f"- {SOURCE.name}:{s.line}: {s.text}" for s in missing)


def test_coverage_check_bites(site):
    """A sentence taken off the pages, a wrong character, a count in digits for the printed numeral, or a dropped
    mend is reported. Each example is picked from the report and the site as they are now (an editor's mends and
    wording may differ from the day this was written): what is missing already stays out of the comparison."""
    sentences = source_sentences(narrative_lines())
    text = "\n".join(page_text(site, slug, "zh-Hant") for slug in SLUGS)
    mends = documented_mends()
    before = set(coverage(sentences, text, mends)[1])
    long = next(s for s in sentences if len(s) > 60 and s in text)
    assert set(coverage(sentences, text.replace(long, ""), mends)[1]) == before | {long}
    assert coverage([long], text.replace(long, long[:30] + "甲" + long[31:]), [])[1] == [long]
    # a count printed in Chinese numerals (九名董事) must read so on the site: its digits do not match
    numerals = {c: str(n) for n, c in enumerate("一二三四五六七八九", 1)}
    counted, numeral = next((s, m.group(0)) for s in sentences if s in text
                            for m in [re.search(rf"[{''.join(numerals)}]名", s)] if m)
    assert coverage([counted], text.replace(numeral, numerals[numeral[0]] + "名"), [])[1] == [counted]
    # the mends count: some sentence the site shows mended is found with them and missing without them
    mended = [s for s in sentences if any(old in s for old, _ in mends)]
    assert mended and any(coverage([s], text, mends)[1] == [] and coverage([s], text, [])[1] == [s] for s in mended), (
        "no sentence is found thanks to data/printed/mends.yaml: are the mends applied?")


def test_appendix_kpi_labels_are_on_the_kpis_page(site):
    """Appendix 1 comes from data/kpis and data/board.yaml: every indicator, unit and table label the report prints
    is on the KPI page (the columns headed 2021年數據/2022年數據 and 單位 read 2021/2022 and 單位 there)."""
    lines = SOURCE.read_text(encoding="utf-8").split("\n")
    start = next(i for i, line in enumerate(lines) if line.strip() == APPENDIX_START)
    end = next(i for i, line in enumerate(lines) if line.strip() == "法律及法規清單")
    labels = []
    for cell in (c for line in lines[start:end] for c in line.split()):
        note = re.fullmatch(r"(.+)（(其.+生效)）", cell)  # a director's name with a note, shown in its own cell
        labels += note.groups() if note else [] if re.match(r"\d{4}年數據|單位（", cell) else [cell]
    labels = [label for label in labels if len(HAN.findall(label)) >= 2]
    assert len(labels) > 150, len(labels)
    percent, missing = coverage(labels, page_text(site, "kpis", "zh-Hant"), documented_mends(labels_too=True))
    print(f"\nAppendix 1 on the KPI page: {percent:.1f}% of {len(labels)} printed labels")
    assert not missing, ("printed in Appendix 1 but missing from the KPI page (docs/kpis.zh-Hant.md, data/kpis/, "
                         "data/board.yaml):\n" + "\n".join(sorted(set(missing))) + "\n    How to fix: if the site "
                         "words it otherwise on purpose, add {printed: …, site: …, where: \"Appendix 1\"} to "
                         "data/printed/mends.yaml")


def test_indicator_labels_are_as_printed(dataset, data_copy):
    """Each Chinese indicator label of data/kpis and data/board.yaml is a whole label the report prints (after the
    mends), not a longer one of ours: a word of explanation goes into `website_note:`, shown as the website's. The
    build checks it (macros/model/printed.py check_labels), at the label's line: a renamed label needs its mend, a
    row the report lacks is marked `added: YYYY-MM-DD`."""
    from conftest import edit
    from macros.model.printed import printed_labels

    printed = printed_labels(mend(SOURCE.read_text(encoding="utf-8"), documented_mends(labels_too=True)))
    assert {r.label.get("zh-Hant") for r in dataset.rows.values() if not r.added} <= printed   # the real data
    assert "非執行董事數量（含獨立非執行董事）" not in printed   # the label review found: the check would catch it
    # an editor renames a label in both languages: refused at its line, until the mend is recorded
    row = next(r for r in dataset.rows.values() if not r.added)
    located, path = dataset.origin[row.id]
    old = row.label.get("zh-Hant")
    line = edit(data_copy, located.file, f"zh-Hant: {old}\n", f"zh-Hant: {old}（新）\n")
    with pytest.raises(DataErrors) as refused:
        load_dataset(data_copy)
    assert f"{located.file}:{line}: " in str(refused.value) and "add a mend to data/printed/mends.yaml" in str(
        refused.value) and f"label_of: {row.id}" in str(refused.value), refused.value
    edit(data_copy, "data/printed/mends.yaml", "mends:\n", f"mends:\n  - {{printed: {old}, site: {old}（新）, "
         f"label_of: {row.id}, where: \"Appendix 1\"}}\n")
    assert load_dataset(data_copy).rows[row.id].label.get("zh-Hant") == f"{old}（新）"


def test_a_label_mend_is_that_labels_alone(dataset, data_copy):
    """An editor rewords a label the report also uses in its sentences (客戶滿意度 in a table and in prose): a mend with
    `label_of:` lets the label differ and keeps the sentences as printed, so the page's prose, still the report's,
    is no mismatch. Its id and its printed label are checked at their line."""
    import yaml

    from conftest import edit
    from macros.model.printed import printed_labels, text_mends
    from macros.model.schema import MendsFile

    text = SOURCE.read_text(encoding="utf-8")
    labels = printed_labels(text)
    row = next(r for r in dataset.rows.values() if not r.added and r.label.get("zh-Hant") in labels
               and text.count(r.label.get("zh-Hant")) > 1)   # a printed label the report's text uses elsewhere too
    old = row.label.get("zh-Hant")
    located, _ = dataset.origin[row.id]
    edit(data_copy, located.file, f"zh-Hant: {old}\n", f"zh-Hant: {old}（新）\n")
    mends = "data/printed/mends.yaml"
    line = edit(data_copy, mends, "mends:\n", f"mends:\n  - {{printed: {old}, site: {old}（新）, "
                f"label_of: {row.id[:-1]}, where: \"Appendix 1\"}}\n") + 1
    with pytest.raises(DataErrors) as refused:
        load_dataset(data_copy)
    assert f"{mends}:{line}: " in str(refused.value) and f"did you mean {row.id}" in str(refused.value), refused.value
    # words the report prints, but in a sentence, not as a label: a label's mend starts from the label as printed
    words = next(w for m in re.finditer(re.escape(old), text)
                 for w in (text[m.start() - 1:m.end()], text[m.start():m.end() + 1])
                 if len(HAN.findall(w)) == len(w) and w not in labels)   # the label with a word of its sentence
    edit(data_copy, mends, f"printed: {old}, site: {old}（新）, label_of: {row.id[:-1]},",
         f"printed: {words}, site: {old}（新）, label_of: {row.id},")
    with pytest.raises(DataErrors) as refused:
        load_dataset(data_copy)
    assert f"{mends}:{line}: " in str(refused.value) and f"'{words}' is not a label the report prints" in str(
        refused.value), refused.value
    edit(data_copy, mends, f"printed: {words},", f"printed: {old},")
    assert load_dataset(data_copy).rows[row.id].label.get("zh-Hant") == f"{old}（新）"
    declared = MendsFile.model_validate(yaml.safe_load((data_copy / mends).read_text(encoding="utf-8"))).mends
    assert (old, f"{old}（新）") not in text_mends(declared), "a label's mend reached the report's sentences"
    assert old in mend(text, text_mends(declared)), "the report's sentences keep the printed words"


def test_appendix_laws_and_compliance_statements_are_on_the_laws_page(site):
    """Appendix 2 comes from data/laws.yaml: every law title and compliance statement printed is on the page."""
    lines = SOURCE.read_text(encoding="utf-8").split("\n")
    start = next(i for i, line in enumerate(lines) if line.strip() == "法律及法規清單")
    end = next(i for i, line in enumerate(lines) if "附錄三" in line and i > start)
    printed = lines[start:end]
    titles = [t for line in printed for t in re.findall(r"《[^》]+", line)]
    titles = [t + "》" if t + "》" in "".join(printed) else t for t in titles]  # one title wraps over two lines
    statements = [s for s in source_sentences(printed, start + 1) if s.startswith("報告期間內")]
    assert len(titles) >= 25 and len(statements) >= 5, (len(titles), len(statements))
    percent, missing = coverage(titles + statements, page_text(site, "laws", "zh-Hant"), documented_mends())
    print(f"\nAppendix 2 on the laws page: {percent:.1f}% of {len(titles)} laws and {len(statements)} statements")
    assert not missing, "missing from the laws page:\n" + "\n".join(missing)


def test_mends_are_real_and_applied_everywhere(site):
    """Each mend corrects text the report really prints (on a line, or over a wrapped one), and no page shows the
    printed form any more."""
    from macros.model.printed import unwrapped

    source = SOURCE.read_text(encoding="utf-8")
    source += "\n" + unwrapped(source)
    # (the downloads centre names the Simplified edition in its own script: not report text)
    text = {slug: page_text(site, slug, "zh-Hant") for slug in SLUGS if slug != "downloads"}
    for old, new in documented_mends():
        assert old in source, f"data/printed/mends.yaml mends {old!r}, which the report does not print"
        shown = [slug for slug, t in text.items() if _printed_at(t, old, new)]
        assert not shown, f"{old!r} is still on {shown}; the site writes {new!r}"


# ── glossary ────────────────────────────────────────────────────────────────
def _en_plain(text: str) -> str:
    """English text with typographic quotes and dashes, widths and spaces made plain; case kept."""
    text = unicodedata.normalize("NFKC", text).replace("\u2019", "'").replace("\u2018", "'")
    text = re.sub(r"[\u2010-\u2013\u00ad]", "-", text)
    return re.sub(r"\s+", " ", text)


def _en_norm(text: str) -> str:
    return _en_plain(text).lower()


def test_glossary_file_is_sound(dataset):
    seen: dict[str, int] = {}
    for i, term in enumerate(dataset.glossary):
        for zh in term.zh:
            assert zh not in seen, f"data/glossary.yaml: {zh!r} is in terms {seen[zh]} and {i}"
            seen[zh] = i
        assert term.check or term.note, f"data/glossary.yaml term {term.zh}: check: false needs a note saying why"
    assert len(dataset.glossary) >= 100


def glossary_problems(zh: str, en: str, glossary) -> list[str]:
    """Terms whose Chinese is in `zh` while none of their English forms is in `en`."""
    problems = []
    exact = _en_plain(en)
    en = _en_norm(en)
    for term in glossary:
        found = [z for z in term.zh if z in zh] if term.check else []
        if term.title:  # a title is written exactly as the glossary spells it, capitals included
            if found and not any(_en_plain(e) in exact for e in term.en):
                problems.append(f"{found[0]} is on the Chinese page; the English page has none of {term.en} "
                                "(a title: capitals as in the glossary)")
        elif found and not any(_en_norm(e) in en for e in term.en):
            problems.append(f"{found[0]} is on the Chinese page; the English page has none of {term.en}")
    return problems


def _without_chapter_names(text_of_page: str) -> str:
    """The content index names each section's chapter by its sidebar title (data/menu.yaml keeps the
    English ones short, "2. Digital Marketing"); those are navigation, and each chapter's heading is checked on its
    own page. The section titles after them stay in."""
    return re.sub(r'<span class="esg-ci-chapter">.*?</span>', " ", text_of_page, flags=re.S)


@pytest.mark.parametrize("slug", SLUGS)
def test_glossary_terms_are_translated_as_the_glossary_says(site, dataset, slug):
    zh, en = (page_text(site, slug, lang, keep=_without_chapter_names) for lang in ("zh-Hant", "en"))
    problems = glossary_problems(zh, en, dataset.glossary)
    assert not problems, f"{slug} (data/glossary.yaml):\n" + "\n".join(problems)


def test_glossary_check_bites(dataset):
    term = next(t for t in dataset.glossary if t.zh[0] == "三道防線")
    assert glossary_problems("設置了三道防線", "set up three lines of defence", [term]) == []
    assert glossary_problems("設置了三道防線", "set up three lines of defense", [term])
    assert glossary_problems("設置了三道防線", "three LINES of  Defence", [term]) == []


def test_title_check_minds_capitals(dataset):
    term = next(t for t in dataset.glossary if t.zh[0] == "中華人民共和國反洗錢法")
    zh = "遵守《中華人民共和國反洗錢法》"
    assert glossary_problems(zh, "the Anti-money Laundering Law of the People\u2019s Republic of China", [term]) == []
    assert glossary_problems(zh, "the Anti-Money Laundering Law of the People's Republic of China", [term])


# ── one English rendering: the variants the glossary lists to avoid ─────────
def avoided(text: str, glossary) -> list[str]:
    """The `avoid` forms of glossary terms found in English text, as whole words; a form with a capital letter
    exactly, an all-lower-case form in any case."""
    text = _en_plain(text)
    found = []
    for term in glossary:
        for form in term.avoid:
            flags = 0 if form != form.lower() else re.I
            if re.search(rf"(?<![\w-]){re.escape(_en_plain(form))}(?![\w-])", text, flags):
                found.append(f"{form!r} (say {term.en[0]!r}: {term.zh[0]})")
    return found


def english_data_texts(root: Path = ROOT) -> dict[str, list[str]]:
    """Every English text of data/ (the `en:` of each label, UI string, law, note), by file; the glossary aside."""
    import yaml

    def walk(node, out):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "en" and isinstance(value, str):
                    out.append(value)
                else:
                    walk(value, out)
        elif isinstance(node, list):
            for value in node:
                walk(value, out)
        return out

    return {str(path.relative_to(root)): walk(yaml.safe_load(path.read_text(encoding="utf-8")), [])
            for path in sorted((root / "data").rglob("*.yaml")) if path.name != "glossary.yaml"}


def test_no_avoided_variant_on_english_pages(site, dataset):
    assert sum(len(t.avoid) for t in dataset.glossary) >= 40, "data/glossary.yaml lists few forms to avoid"
    bad = {slug: avoided(page_text(site, slug, "en"), dataset.glossary) for slug in SLUGS}
    bad = {slug: forms for slug, forms in bad.items() if forms}
    assert not bad, "English pages use renderings data/glossary.yaml avoids:\n" + "\n".join(
        f"{slug}: {', '.join(forms)}" for slug, forms in bad.items())


def test_no_avoided_variant_in_english_data_labels(dataset):
    texts = english_data_texts()
    assert sum(map(len, texts.values())) > 300, "few English texts read from data/"
    bad = {f: avoided("\n".join(t), dataset.glossary) for f, t in texts.items()}
    bad = {f: forms for f, forms in bad.items() if forms}
    assert not bad, "English labels in data/ use renderings data/glossary.yaml avoids:\n" + "\n".join(
        f"{f}: {', '.join(forms)}" for f, forms in bad.items())


def test_avoid_check_bites(dataset):
    term = next(t for t in dataset.glossary if t.zh[0] == "實地考察")
    assert avoided("We made site visits.", [term]) == [] and avoided("We made a site visit.", [term])
    assert avoided("Site visit", [term])                     # lower-case form: any case
    medlive = next(t for t in dataset.glossary if t.zh[0] == "醫脈通")
    assert avoided("MedLive", [medlive]) and not avoided("Medlive", [medlive])   # with capitals: exactly
    law = next(t for t in dataset.glossary if t.zh[0] == "中華人民共和國反洗錢法")
    assert avoided("the Anti\u2010Money Laundering Law", [law]) and not avoided(law.en[0], [law])


# 助力 is "help", 支持 (and 支撐, 支援, 扶持) "support": an English page never says "support" more often than its
# Chinese page has a word for it, nor "help" less often than it has 助力 (data/glossary.yaml, notes on 助力 and 支持).
SUPPORT_ZH, SUPPORT_EN = re.compile("支持|支撐|支援|扶持"), re.compile(r"\bsupport", re.I)
HELP_ZH, HELP_EN = re.compile("助力"), re.compile(r"\bhelp", re.I)


def help_support_problems(zh: str, en: str) -> list[str]:
    problems = []
    if len(SUPPORT_EN.findall(en)) > len(SUPPORT_ZH.findall(zh)):
        problems.append(f'"support" {len(SUPPORT_EN.findall(en))} times for {len(SUPPORT_ZH.findall(zh))} '
                        "支持/支撐/支援/扶持: is 助力 (help) or 賦能 (empower) rendered as support?")
    if len(HELP_EN.findall(en)) < len(HELP_ZH.findall(zh)):
        problems.append(f'"help" {len(HELP_EN.findall(en))} times for {len(HELP_ZH.findall(zh))} 助力')
    return problems


@pytest.mark.parametrize("slug", SLUGS)
def test_help_and_support_stay_distinct(site, slug):
    problems = help_support_problems(page_text(site, slug, "zh-Hant"), page_text(site, slug, "en"))
    assert not problems, f"{slug}: " + "; ".join(problems)


def test_help_support_check_bites():
    assert help_support_problems("助力醫生；支持員工", "helping doctors; supporting employees") == []
    assert help_support_problems("助力醫生；支持員工", "supporting doctors; supporting employees")
    assert help_support_problems("助力醫生", "empowering doctors")


# ── titles: every 《…》 has its English title in the glossary, in italics on English pages ───────────────
def title_forms(dataset) -> tuple[set[str], list[str]]:
    """Chinese titles (without 《》) and English titles: the glossary's title terms and data/laws.yaml."""
    zh = {z for t in dataset.glossary if t.title for z in t.zh}
    en = [e for t in dataset.glossary if t.title for e in t.en]
    for group in dataset.laws:
        for law in group.laws:
            zh.add(law.get("zh-Hant").strip("《》"))
            en.append(" ".join(law.get("en").split()))
    return zh, en


def printed_titles(text: str, dataset) -> list[str]:
    """The 《…》 titles of a zh-Hant text; one the glossary joins (《A》及《B》, one document) counts once."""
    for term in dataset.glossary:
        for z in term.zh:
            if term.title and "》" in z:
                text = text.replace(f"《{z}》", f"《{z.replace('》', '').replace('《', '')}》")
    return re.findall(r"《([^》]+)》", text)


def test_every_printed_title_has_one_english_title(site, dataset):
    zh, _ = title_forms(dataset)
    missing = {slug: [t for t in printed_titles(page_text(site, slug, "zh-Hant"), dataset)
                      if t not in zh and t.replace("》及《", "") not in zh] for slug in SLUGS}
    joined = {z.replace("》", "").replace("《", "") for t in dataset.glossary if t.title for z in t.zh}
    missing = {slug: [t for t in ts if t not in joined] for slug, ts in missing.items()}
    missing = {slug: ts for slug, ts in missing.items() if ts}
    assert not missing, ("titles on zh-Hant pages with no English title in data/glossary.yaml (add a term with "
                         "title: true):\n" + "\n".join(f"{slug}: {ts}" for slug, ts in missing.items()))


def test_glossary_and_laws_agree_on_english_titles(dataset):
    by_zh = {z: t for t in dataset.glossary if t.title for z in t.zh}
    checked = 0
    for group in dataset.laws:
        for law in group.laws:
            term = by_zh.get(law.get("zh-Hant").strip("《》"))
            if term:
                assert term.en[0] == " ".join(law.get("en").split()), (
                    f"{law.get('zh-Hant')}: data/laws.yaml says {law.get('en')!r}, data/glossary.yaml {term.en[0]!r}")
                checked += 1
    assert checked >= 10


def italic_problems(html: str, titles: list[str]) -> list[str]:
    """Titles in the text of `html` not wholly inside one <em> or <i>: each occurrence must be in an italic run."""
    def text(fragment: str) -> str:
        return _en_plain(unescape(re.sub(r"<[^>]+>", " ", fragment)))

    plain = text(html)
    italics = [text(inner) for _, inner in re.findall(r"<(em|i)\b[^>]*>(.*?)</\1>", html, re.S)]
    problems = []
    for title in titles:
        pattern = re.compile(rf"(?<![\w-]){re.escape(_en_plain(title))}(?![\w-])")
        everywhere = len(pattern.findall(plain))
        in_italics = sum(len(pattern.findall(run)) for run in italics)
        if everywhere > in_italics:
            problems.append(f"{title} ({everywhere - in_italics} of {everywhere} not in italics)")
    return problems


def test_titles_are_italic_on_english_pages(site, dataset):
    _, titles = title_forms(dataset)
    bad = {slug: italic_problems(article(html_path(site, slug, "en")), titles) for slug in SLUGS}
    bad = {slug: p for slug, p in bad.items() if p}
    assert not bad, "document titles not in italics on English pages:\n" + "\n".join(
        f"{slug}: {'; '.join(p)}" for slug, p in bad.items())


def test_italics_check_bites():
    title = "Employee Handbook"
    assert italic_problems("<p>the <em>Employee Handbook</em></p>", [title]) == []
    assert italic_problems("<p>the Employee Handbook</p>", [title])
    assert italic_problems("<p><em>Employee</em> <em>Handbook</em></p>", [title])      # one title, one italic run
    assert italic_problems("<p><em>Employee Handbook</em> and Employee Handbook</p>", [title])


# ── no Chinese left on English pages ────────────────────────────────────────
def stray_chinese(text: str, glossary) -> list[str]:
    """CJK characters of an English page's text, except a glossary name in parentheses right after its English."""
    for term in glossary:
        if term.allow_zh_on_en:
            for e in term.en:
                for z in term.zh:
                    text = re.sub(rf"({re.escape(e)})\s*\(\s*{re.escape(z)}\s*\)", r"\1", text, flags=re.I)
    return CJK.findall(text)


def test_english_pages_have_no_untranslated_chinese(site, dataset):
    counts = {slug: stray_chinese(page_text(site, slug, "en"), dataset.glossary) for slug in SLUGS}
    print("\nCJK characters outside allowed names, per English page: "
          + ", ".join(f"{slug} {len(chars)}" for slug, chars in counts.items()))
    bad = {slug: "".join(chars) for slug, chars in counts.items() if chars}
    assert not bad, "Chinese on English pages:\n" + "\n".join(f"{slug}: {chars}" for slug, chars in bad.items())


def test_stray_chinese_check_bites(dataset):
    allowed = next(t for t in dataset.glossary if t.allow_zh_on_en)
    name = f"{allowed.en[0]} ({allowed.zh[0]})"
    assert stray_chinese(f"We launched {name}.", dataset.glossary) == []
    assert stray_chinese(f"We launched {allowed.zh[0]}.", dataset.glossary)
    assert stray_chinese("Revenue（RMB）", dataset.glossary) == ["（", "）"]


# ── both languages have the same structure ──────────────────────────────────
STRUCTURE = {  # exact counts: a translation changes words, never the shape of a page
    "tables": r"<table\b",
    "figures": r"<svg\b|<img\b",
    "call-outs": r'<div class="admonition\b',
    "definition lists": r"<dl\b",
    "definition terms": r"<dt\b",
    "list items": r"<li\b",
}


@pytest.mark.parametrize("slug", SLUGS)
def test_both_languages_have_the_same_structure(site, slug):
    html = {lang: article(html_path(site, slug, lang)) for lang in LANGS}
    differences = []
    for what, pattern in STRUCTURE.items():
        counts = {lang: len(re.findall(pattern, html[lang])) for lang in LANGS}
        if len(set(counts.values())) > 1:
            differences.append(f"{what}: {counts}")
    assert not differences, f"{slug}: " + "; ".join(differences)


RAW_MARKDOWN = ["**", "!!!", ":   ", "| ---", "](", "{#", "{{", "}}"]


@pytest.mark.parametrize("slug", SLUGS)
def test_no_markdown_shows_and_every_table_has_a_header(site, slug):
    """A slip in the Markdown (a definition list without its blank line, a call-out not indented, a table without
    its header row) shows as raw marks on the page instead of structure."""
    for lang in LANGS:
        html = article(html_path(site, slug, lang))
        shown = [mark for mark in RAW_MARKDOWN if mark in page_text(site, slug, lang)]
        assert not shown, f"{slug} ({lang}): raw Markdown on the page: {shown}"
        headless = [t[:80] for t in re.findall(r"<table\b.*?</table>", html, re.S) if "<th" not in t]
        assert not headless, f"{slug} ({lang}): tables without a header row: {headless}"


MACRO_CALL = re.compile(r"\{\{\s*([a-z_]+)\((.*?)\)\s*\}\}", re.S)


def macro_calls(markdown: str) -> set[str]:
    return {name + "(" + re.sub(r"[\s\"']", "", args) + ")" for name, args in MACRO_CALL.findall(markdown)}


@pytest.mark.parametrize("slug", SLUGS)
def test_both_languages_make_the_same_macro_calls(slug):
    zh, en = (macro_calls((ROOT / "docs" / f"{slug}.{lang}.md").read_text(encoding="utf-8")) for lang in HAND)
    assert zh == en, f"{slug}: only in zh-Hant {sorted(zh - en)}; only in en {sorted(en - zh)}"


# ── figures come from data ──────────────────────────────────────────────────
# Numbers on the zh-Hant pages that equal a KPI or fact only by coincidence: (page, number as typed).
COINCIDENCES = {
    ("community", "80"),            # 答題分數超80分: a quiz score, not the search click-through rate (80%)
    ("community", "100"),           # 酒精噴霧100ML: the size of a spray bottle in the first-aid kit
    ("digital-marketing", "20"),    # 20多年來: the company's age, not the complaint response time (20 minutes)
    ("esg-management", "10"),       # 序號 10 in the table of material issues, not training spend (10萬元)
}

NUMBER = re.compile(r"(?<![\d.A-Za-z])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(萬|億)?")
NOT_FIGURES = [
    re.compile(r"\{\{.*?\}\}", re.S),                                   # macro calls
    re.compile(r"\{#[^}]*\}"),                                          # heading ids
    re.compile(r"\]\([^)]*\)|https?://\S+|\S+@\S+"),                     # link targets, addresses
    re.compile(r"\d{4}\s*[年.\-/]\s*\d{1,2}\s*(?:[月.\-/]\s*\d{1,2}\s*日?)?|\d{1,2}\s*月\s*\d{1,2}\s*日|\d{1,2}\s*月"),  # dates
    re.compile(r"(?:第|排名|No\.)\s*\d+"),                               # ordinals
    re.compile(r"\b(?:ISO|GB/T|ISO/IEC)\s*\d+|[A-Z]\d+(?:\.\d+)?"),        # standards, HKEX codes (A1.2, B5)
]


def hand_typed_figures(markdown: str) -> list[tuple[str, Decimal]]:
    for pattern in NOT_FIGURES:
        markdown = pattern.sub(" ", markdown)
    found = []
    for whole, frac, scale in NUMBER.findall(markdown):
        try:
            value = Decimal(whole.replace(",", "") + frac)
        except InvalidOperation:
            continue
        if scale:
            value *= {"萬": 10_000, "億": 100_000_000}[scale]
        if value < 10 or (not frac and not scale and 1900 <= value <= 2100):  # small numbers, years
            continue
        found.append((whole + frac + scale, value))
    return found


def data_values(dataset) -> dict[Decimal, str]:
    values: dict[Decimal, str] = {}
    for row_id, row in dataset.rows.items():
        for year, v in row.values.items():
            if isinstance(v, Decimal):
                values.setdefault(v.normalize(), f"KPI {row_id} {year}")
    for row in dataset.board.composition if dataset.board else []:
        values.setdefault(row.count.normalize(), f"board {row.id}")
    for fact_id, fact in dataset.facts.items():
        values.setdefault(Decimal(fact.value).normalize(), f"fact {fact_id}")
    return values


@pytest.mark.parametrize("slug", SLUGS)
def test_no_figure_from_data_is_typed_by_hand(dataset, slug):
    values = data_values(dataset)
    source = ROOT / "docs" / f"{slug}.zh-Hant.md"
    typed = [(text, values[v.normalize()]) for text, v in hand_typed_figures(source.read_text(encoding="utf-8"))
             if v.normalize() in values and (slug, text) not in COINCIDENCES]
    assert not typed, (f"{source.name}: figures typed by hand that data/ holds (use the macro, or add a real "
                       "coincidence to COINCIDENCES with its reason):\n" + "\n".join(f"{t} = {w}" for t, w in typed))


def test_hand_typed_figure_check_bites():
    found = dict(hand_typed_figures('員工總數為605人，平台620萬用戶，{{ kpi("employees_total", 2022) }}，2022年12月31日，'
                                     "第3名，A1.2，ISO 45001，5,757小時"))
    assert found == {"605": Decimal(605), "620萬": Decimal(6_200_000), "5,757": Decimal(5757)}
