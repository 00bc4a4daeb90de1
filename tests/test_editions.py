"""Languages and the report year are configuration: labels per declared locale, the locale catalogue, number and date
forms of every edition (literal expected values, every direction), the Traditional → Simplified conversion and its
phrase table, and the mistakes an editor can make in data/report.yaml, data/ui_strings.yaml and the phrase table.
No build, no browser: these run in `make unit`."""

from __future__ import annotations

import dataclasses
import re
from decimal import Decimal

import pytest

from conftest import LOCALES, ROOT, edit
from figures import data_line, report_year, row_path
from macros.model.chinese import Converter
from macros.model.dataset import DataErrors, load_dataset
from macros.model.yamlsrc import load as yaml_load
from macros.render import formatting


# ── the report and its editions ─────────────────────────────────────────────
def test_the_report_and_its_editions_come_from_data(dataset):
    """The report's year, editions, file names and titles are data/report.yaml's, as written there now (an editor
    sets a new year or retitles the report): read with a plain YAML reader and compared with the data layer's."""
    import yaml

    raw = yaml.safe_load((ROOT / "data/report.yaml").read_text(encoding="utf-8"))
    report, year = dataset.report, raw["year"]
    assert report.year == year and dataset.year == year
    assert report.prevailing == raw["prevailing"]
    editions = {e["locale"]: e for e in raw["editions"]}
    assert dataset.locales == list(editions)
    assert report.locales.hand == [x for x, e in editions.items() if "converted_from" not in e]
    assert report.locales.generated == {x: e["converted_from"] for x, e in editions.items() if "converted_from" in e}
    files = raw["files"].format(year=year)
    assert report.files == files and str(year) in files
    assert [report.pdf_name(x) for x in dataset.locales] == [f"{files}-{x}.pdf" for x in dataset.locales]
    for x in report.locales.hand:
        assert report.title(x) == raw["title"][x].format(year=year) and str(year) in report.title(x)
    for x, source in report.locales.generated.items():
        assert report.title(x) == LOCALES.convert(x, report.title(source)) != report.title(source)


def test_importing_the_data_layer_does_not_import_mkdocs():
    import subprocess
    import sys

    code = ("import sys; import macros.model.dataset, macros.render.tables, macros.render.downloads; "
            "print(sorted(m for m in sys.modules if m == 'mkdocs' or m.startswith('mkdocs.')))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# ── labels: a mapping validated against the declared locales ───────────────
def test_a_label_has_every_edition_and_the_generated_one_is_converted(dataset):
    """On a label of our own (an editor may rename the report's), validated as every label of data/ is."""
    from macros.model.schema import Label

    label = Label.model_validate({"zh-Hant": "間接溫室氣體排放量（範疇二）", "en": "Energy indirect GHG emissions (Scope 2)"},
                                 context={"locales": dataset.report.locales})
    assert label.get("zh-Hant") == "間接溫室氣體排放量（範疇二）"
    assert label.get("en") == "Energy indirect GHG emissions (Scope 2)"
    assert label.get("zh-Hans") == "间接温室气体排放量（范围二）"
    with pytest.raises(KeyError, match="no text in 'fr'"):
        label.get("fr")


# the labels broken here as data/ writes them now, found by their keys (an editor may rename any of them): a KPI
# row's label on two lines, a unit's and a UI string's on one line `{zh-Hant: …, en: …}`
_ROW = row_path("waste_lamps")
ROW_ZH, ROW_EN = data_line(_ROW[0], *_ROW[1], "label", "zh-Hant", lines=2).splitlines(keepends=True)
_MWH = next(i for i, unit in enumerate(yaml_load(ROOT / "data/units.yaml", "data/units.yaml").data["units"])
            if unit["id"] == "mwh")
UNIT = data_line("data/units.yaml", "units", _MWH, "label").rstrip("\n")
UNIT_ZH, UNIT_EN = re.search(r"zh-Hant: ([^,}]+)", UNIT).group(1), re.search(r"en: ([^,}]+)", UNIT).group(1)
UI_LINE = data_line("data/ui_strings.yaml", "strings", "indicator").rstrip("\n")

LABEL_CASES = [
    # (case, file, old, new, words the message must contain)
    ("English missing", _ROW[0], ROW_ZH + ROW_EN, ROW_ZH, ["the en text is missing", "add a line 'en: …'"]),
    ("Traditional missing", "data/units.yaml", UNIT, UNIT.replace(f"zh-Hant: {UNIT_ZH}, ", ""),
     ["the zh-Hant text is missing"]),
    ("Simplified written by hand", "data/units.yaml", UNIT, UNIT.replace("}", f", zh-Hans: {UNIT_ZH}}}"),
     ["'zh-Hans' is generated from zh-Hant", "delete the line"]),
    ("unknown language", "data/units.yaml", UNIT, UNIT.replace("}", f", zh-hant: {UNIT_ZH}}}"),
     ["unknown language 'zh-hant'"]),
    ("a number for a text", "data/units.yaml", UNIT, UNIT.replace(f"en: {UNIT_EN}", "en: 2022"),
     ["the en text must be written out"]),
    ("a UI string without English", "data/ui_strings.yaml", UI_LINE, re.sub(r", en: [^}]*", "", UI_LINE),
     ["the en text is missing"]),
    ("a zero-width space", "data/units.yaml", UNIT, UNIT.replace(UNIT_ZH, UNIT_ZH[:1] + "\u200b" + UNIT_ZH[1:]),
     ["invisible character U+200B"]),
]


@pytest.mark.parametrize("case,rel,old,new,words", LABEL_CASES, ids=[c[0] for c in LABEL_CASES])
def test_a_label_mistake_names_file_line_and_key(data_copy, case, rel, old, new, words):
    line = edit(data_copy, rel, old, new)
    with pytest.raises(DataErrors) as info:
        load_dataset(data_copy)
    message = str(info.value)
    for word in words:
        assert word in message, f"{case}: {word!r} not in:\n{message}"
    first = info.value.errors[0]
    assert first.file == rel and first.line is not None and abs(first.line - line) <= 3, message


REPORT_CASES = [
    ("prevailing edition generated", "prevailing: zh-Hant", "prevailing: zh-Hans",
     ["prevailing edition 'zh-Hans' must be one written by hand"]),
    ("converted from an unknown edition", "    converted_from: zh-Hant", "    converted_from: zh-TW",
     ["'zh-TW' is not an edition written by hand"]),
    ("hand edition without number forms", "    numbers:\n      large: {from: 1000000",
     "    numbrs:\n      large: {from: 1000000", ["unknown key 'numbrs'"]),
    ("year as text", f"year: {report_year()}", "year: twenty-two", ["year"]),
    ("same edition twice", "  - locale: zh-Hans ", "  - locale: en ", ["edition 'en' is listed twice"]),
]


@pytest.mark.parametrize("case,old,new,words", REPORT_CASES, ids=[c[0] for c in REPORT_CASES])
def test_a_report_mistake_names_file_line_and_key(data_copy, case, old, new, words):
    line = edit(data_copy, "data/report.yaml", old, new)
    with pytest.raises(DataErrors) as info:
        load_dataset(data_copy)
    message = str(info.value)
    for word in words:
        assert word in message, f"{case}: {word!r} not in:\n{message}"
    first = info.value.errors[0]
    assert first.file == "data/report.yaml" and first.line is not None and abs(first.line - line) <= 12, message


# ── number and date forms: literal values, every edition ───────────────────
@pytest.mark.parametrize("lang,large,money_10k,money_rmb,month", [
    ("zh-Hant", "620萬", "10萬元", "3,500元", "2022年6月"),
    ("en", "6.2 million", "RMB100,000", "RMB3,500", "June 2022"),
    ("zh-Hans", "620万", "10万元", "3,500元", "2022年6月"),
])
def test_numbers_and_dates_read_as_each_edition_writes_them(dataset, lang, large, money_10k, money_rmb, month):
    edition = dataset.report.editions[lang]
    assert formatting.fmt(Decimal("6200000"), edition, "wan") == large
    assert formatting.fmt(Decimal("9999"), edition, "wan") == "9,999"
    assert formatting.money(Decimal("10"), "rmb_10k", edition) == money_10k
    assert formatting.money(Decimal("3500"), "rmb", edition) == money_rmb
    assert formatting.month("2022-06", edition) == month
    assert formatting.fmt(Decimal("129.480"), edition) == "129.480"
    assert formatting.fmt(Decimal("1587.000"), edition) == "1,587.000"


def test_small_counts_in_words_where_the_edition_has_them(dataset):
    zh, en, hans = (dataset.report.editions[x] for x in ("zh-Hant", "en", "zh-Hans"))
    assert [formatting.words(Decimal(n), zh) for n in (9, 5, 3, 0, 10)] == ["九", "五", "三", "零", "十"]
    assert formatting.words(Decimal(9), hans) == "九"
    assert [formatting.words(Decimal(n), en) for n in (9, 5, 3)] == ["nine", "five", "three"]   # house style
    without = dataclasses.replace(en, numbers=en.numbers.model_copy(update={"small_words": []}))
    with pytest.raises(ValueError, match="writes no counts in words"):
        formatting.words(Decimal(9), without)
    beyond = len(zh.numbers.small_words)   # one past the words data/report.yaml gives: the message says where to add
    with pytest.raises(ValueError, match=rf"{beyond} cannot be written in words: the zh-Hant edition's "
                                         rf"numbers.small_words in data/report.yaml go from 0 to {beyond - 1}; add"):
        formatting.words(Decimal(beyond), zh)


@pytest.mark.parametrize("lang,points", [("zh-Hant", "+2.5個百分點"), ("en", "+2.5 pp"), ("zh-Hans", "+2.5个百分点")])
def test_year_on_year_change(dataset, lang, points):
    report = dataset.report
    assert formatting.change(Decimal("50.0"), Decimal("52.5"), True, lang, report) == points
    assert formatting.change(Decimal("502"), Decimal("605"), False, lang, report) == "+20.5%"
    assert formatting.change(Decimal("0.180"), Decimal("0.090"), False, lang, report) == "−50.0%"
    assert formatting.change(Decimal("0"), Decimal("5"), False, lang, report) is None


@pytest.mark.parametrize("lang,text", [
    ("zh-Hant", "變化（2022年對比2021年）"), ("en", "Change (2022 vs 2021)"), ("zh-Hans", "变化（2022年对比2021年）")])
def test_the_locale_catalogue_in_every_edition(dataset, lang, text):
    assert dataset.report.t("change", lang, a=2021, b=2022) == text


def test_every_ui_string_keeps_its_placeholders_in_every_language(dataset):
    """Each language fills the same values, except where its form needs another one of them (a month's name in
    English, its number in Chinese: `date_day`); a generated edition keeps its source's exactly."""
    import string

    forms = {"m", "month"}   # a month by number or by name: the edition's own date form
    for key, label in dataset.report.strings.items():
        fields = {lang: sorted(f for _, f, _, _ in string.Formatter().parse(label.get(lang)) if f)
                  for lang in dataset.locales}
        assert len({tuple(sorted(set(v) - forms)) for v in fields.values()}) == 1, f"{key}: {fields}"
        for generated, source in dataset.report.locales.generated.items():
            assert fields[generated] == fields[source], key


@pytest.mark.unit
def test_every_site_placeholder_an_editor_may_write_has_a_value(dataset):
    """data/report.yaml site: texts may use the placeholders the schema lets through, and each has a value in every
    edition: a name added to one list only would pass validation and then stop the build with a KeyError."""
    from macros.model.schema import SITE_PLACEHOLDERS

    for lang in dataset.locales:
        values = dataset.report.site_values(lang)
        assert set(values) == set(SITE_PLACEHOLDERS), lang
        assert all(str(v) for v in values.values()), f"{lang}: {values}"


@pytest.mark.unit
def test_no_ui_string_holds_markup(dataset):
    """A UI string is text: Report.t escapes it, so a tag in it shows as typed (and an aria-label made from it is
    heard as "<em>", as the content index's was)."""
    import re

    tagged = [f"{key} ({lang}): {label.get(lang)}" for key, label in dataset.report.strings.items()
              for lang in dataset.locales if re.search(r"</?[a-zA-Z][^>]*>", label.get(lang))]
    assert not tagged, "\n".join(tagged)


# ── the conversion and the phrase table ─────────────────────────────────────
def test_the_phrase_table_and_opencc_both_apply(dataset):
    convert = dataset.report.locales.converters["zh-Hans"]
    assert convert("租賃資料中心") == "租赁数据中心"                  # characters, then the word
    assert convert("服務品質保證") == "服务质量保证"
    assert convert("臨床指南應用程式") == "临床指南应用程序"
    assert convert("隨著近年來") == "随着近年来"
    assert convert("相關法律及規例的資料") == "相关法律及规例的资料"     # 资料 kept: the Guide's own word
    assert convert("醫脈通") == "医脉通"


def test_every_phrase_of_the_table_is_reviewed_mainland_usage():
    """Each phrase's Simplified form is what the converter gives for the Traditional one, and OpenCC alone would not
    (but for a guard, which keeps OpenCC's form on purpose)."""
    import yaml

    table = yaml.safe_load((ROOT / "data" / "zh_hans_phrases.yaml").read_text(encoding="utf-8"))["phrases"]
    convert, plain = Converter("hk2s", [(p["printed"], p["mainland"]) for p in table]), Converter("hk2s")
    assert len(table) >= 10
    for p in table:
        assert convert(p["printed"]) == p["mainland"], p
        assert (plain(p["printed"]) == p["mainland"]) == bool(p.get("guard")), f"{p}: OpenCC alone gives it"
        assert p["why"].strip()


def test_a_second_conversion_changes_nothing(dataset):
    convert = dataset.report.locales.converters["zh-Hans"]
    text = (ROOT / "docs" / "about-us.zh-Hant.md").read_text(encoding="utf-8")
    once = convert(text)
    assert once != text and convert(once) == once
    assert Converter("hk2s").left_unconverted(once) == []
    assert Converter("hk2s").left_unconverted("關係") == ["係", "關"]


PHRASE_CASES = [
    ("Traditional in the Simplified form", "mainland: 数据中心", "mainland: 數据中心", ["still has Traditional characters"]),
    ("a phrase OpenCC already gives", "{printed: 資料中心, mainland: 数据中心", "{printed: 資料中心, mainland: 资料中心",
     ["by OpenCC alone", "delete this phrase"]),
    ("a reason missing", ', why: "data centre (mainland 数据中心)"}', "}", ["required key 'why' is missing"]),
    ("a guard that changes its word", "{printed: 回饋社區, mainland: 回馈社区,", "{printed: 回饋社區, mainland: 反馈社区,",
     ["marked as a guard", "remove `guard: true`"]),
    ("a word listed twice", "{printed: 駭客, mainland: 黑客,", "{printed: 回饋, mainland: 黑客,", ["listed twice"]),
    ("a mark replaced by itself", "{printed: 「, mainland: “,", "{printed: 「, mainland: 「,", ["replaced by itself"]),
    ("two marks for one", "{printed: 」, mainland: ”,", "{printed: 」, mainland: ”“,", ["at most 1 character"]),
]


@pytest.mark.parametrize("case,old,new,words", PHRASE_CASES, ids=[c[0] for c in PHRASE_CASES])
def test_a_phrase_table_mistake_names_file_and_line(data_copy, case, old, new, words):
    line = edit(data_copy, "data/zh_hans_phrases.yaml", old, new)
    with pytest.raises(DataErrors) as info:
        load_dataset(data_copy)
    message = str(info.value)
    for word in words:
        assert word in message, f"{case}: {word!r} not in:\n{message}"
    assert info.value.errors[0].file == "data/zh_hans_phrases.yaml" and info.value.errors[0].line == line, message


@pytest.mark.unit
def test_an_editions_folder_is_computed_in_one_place():
    """macros/plugin/languages.py (Languages.prefix) is the one rule for an edition's folder ('' at the root, 'en/'
    …): the page macros, the search, the Simplified notice, the 404 pages, the PDF and the downloads centre call it."""
    import re

    own = [f"{p.relative_to(ROOT)}:{n}" for p in (ROOT / "macros").rglob("*.py") if p.name != "languages.py"
           for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
           if re.search(r"get_language_config\([^)]*\)\.link|\.link\.strip\(", line)]
    assert own == [], "use languages(config).prefix"
