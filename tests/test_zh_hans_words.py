"""简体中文 as a mainland editor writes it (issue 22), the fast layer: the conversion of macros/model/chinese.py with
the table of data/zh_hans_phrases.yaml — words replaced only where they stand as words, mainland punctuation, the
reviewed vocabulary (each entry fires somewhere in the report, or is a guard that does), quoted and official names
kept. The built site is measured in tests/test_zh_hans.py (tests/regional_words.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from macros.model.chinese import Converter

ROOT = Path(__file__).resolve().parent.parent
HANS = "zh-Hans"
TABLE = yaml.safe_load((ROOT / "data" / "zh_hans_phrases.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def convert(dataset):
    return dataset.report.locales.converters[HANS]


def report_text() -> str:
    """Everything the Traditional edition prints: its pages and every data file (labels, facts, KPIs, Guide)."""
    files = sorted(ROOT.glob("docs/*.zh-Hant.md")) + sorted(p for p in (ROOT / "data").rglob("*.yaml")
                                                             if p.name != "zh_hans_phrases.yaml")
    return "\n".join(p.read_text(encoding="utf-8") for p in files)


def test_a_text_cut_line_by_line_has_the_boundaries_of_the_whole_cut(convert):
    """The conversion cuts a page line by line, keeping each line's cut (make serve: a save changes a line or two
    of a page): the offsets are those of cutting the whole text, on the whole report, with and without a trailing
    line break, with empty lines and a "\\r\\n" (cut whole)."""
    from macros.model.chinese import cut_boundaries, word_boundaries

    text = convert._chars(report_text())
    samples = [text, text + "\n", "\n\n" + text[:2000] + "\n\n\n", "第一行\r\n第二行数据中心", "", "\n"]
    for sample in samples:
        assert word_boundaries(sample) == cut_boundaries(sample), sample[:40]
    joined = "数据中心\n的能源管理"   # not one word across the break: each line is cut on its own
    assert {4, 5} <= word_boundaries(joined)


# ── word boundaries: a table word inside a longer word is left alone ────────
@pytest.mark.parametrize("printed,expected", [
    ("數字保留報告刊載的小數位數。", "数字保留报告刊载的小数位数。"),   # 數位 → 数字 broke it into 小数字数 (the XLSX README)
    ("藥品質量", "药品质量"),                                      # 品質 → 质量 broke it into 药质量量
    ("出口品質量", "出口品质量"),                                  # the same: 出口品 / 质量
    ("產品質量", "产品质量"),
    ("更換輸水管道", "更换输水管道"),                              # 管道 → 渠道 is a channel, not a pipe
    ("網路由器", "网路由器"),                                      # 網 + 路由器, not 網路
])
def test_a_table_word_inside_a_longer_word_is_left_alone(convert, printed, expected):
    assert convert(printed) == expected


@pytest.mark.parametrize("printed,expected", [
    ("數位營銷", "数字营销"), ("服務品質保證", "服务质量保证"), ("臨床指南應用程式", "临床指南应用程序"),
    ("以持續更新的高品質、高價值", "以持续更新的高质量、高价值"),
    ("《資訊網路傳播權保護條例》", "《信息网络传播权保护条例》"),   # jieba keeps 资讯网 whole: the title is an entry
    ("網路安全", "网络安全"), ("使用者", "用户"),
])
def test_a_table_word_standing_as_a_word_is_replaced(convert, printed, expected):
    assert convert(printed) == expected


def test_the_longest_entry_at_a_place_wins_which_keeps_a_sense(convert):
    assert convert("問卷調查及意見回饋") == "问卷调查及意见反馈"            # feedback
    assert convert("保護環境、回饋社區，不斷提升") == "保护环境、回馈社区，不断提升"   # giving back: stays
    assert convert("回饋社會") == "回馈社会"
    assert convert("從企業管治、社會影響等多角度") == "从公司治理、社会影响等多角度"
    assert convert("相關管治規定") == "相关治理规定"
    assert convert("ESG管治") == "ESG治理"


def test_official_names_stay_as_registered(convert):
    assert convert("《企業管治守則》及《企業管治報告》") == "《企业管治守则》及《企业管治报告》"
    assert convert("2022年環境、社會及管治報告") == "2022年环境、社会及管治报告"       # the report's title
    assert convert("《環境、社會及管治報告指引》") == "《环境、社会及管治报告指引》"    # the HKEX Guide's
    assert convert("審核委員會、薪酬委員會、提名委員會") == "审核委员会、薪酬委员会、提名委员会"
    assert convert("股東周年大會") == "股东周年大会"


def test_the_hkex_guide_is_quoted_in_its_own_words(dataset, convert):
    """The Guide's texts are converted characters and punctuation only (検討, 強制勞工, 減低 stay), on their own and
    inside a page that shows them, while the same words in the report's own text are the mainland's."""
    plain = Converter("hk2s")
    guide = dataset.guide
    assert len(guide) > 40
    for entry in guide.values():
        source = entry.text.get("zh-Hant")
        assert entry.text.get(HANS) == plain(source).translate(str.maketrans("「」『』", "“”‘’")), entry.code
    b41 = guide["B4.1"].text.get(HANS)
    assert b41 == "描述检讨招聘惯例的措施以避免童工及强制劳工。"
    page = f"| B4.1 | {b41} | [重視人才培養](people.md) |\n\n我們在僱傭的各階段，避免強制勞工。"
    assert convert(page) == f"| B4.1 | {b41} | [重视人才培养](people.md) |\n\n我们在雇佣的各阶段，避免强迫劳动。"


# ── punctuation: GB/T 15834 in the Simplified edition only ─────────────────
def test_corner_brackets_become_mainland_quotation_marks(convert):
    assert convert("以下簡稱「醫脈通」或「我們」") == "以下简称“医脉通”或“我们”"
    assert convert("他說：「請參閱『附錄三』。」") == "他说：“请参阅‘附录三’。”"
    assert convert("《關於印發「十四五」城鄉社區服務體系建設規劃的通知》") == "《关于印发“十四五”城乡社区服务体系建设规划的通知》"


def test_a_conversion_is_a_fixed_point(convert):
    """Converting converted text changes nothing: the page pass over labels converted earlier keeps them."""
    text = (ROOT / "docs" / "governance.zh-Hant.md").read_text(encoding="utf-8")
    once = convert(text)
    assert convert(once) == once
    assert "「" not in once and "」" not in once


# ── the vocabulary: every entry reviewed, every entry doing something ──────
def test_every_entry_fires_in_the_report_or_is_a_guard(convert):
    """An entry that never stands as a word in the report's text is dead weight. A guard (it keeps a sense or a name
    from a shorter entry: 回饋社會) may wait for its text; each is tried in the tests above."""
    used = convert.fired(report_text())
    dead = [p["printed"] for p in TABLE["phrases"] if not used[p["printed"]] and not p.get("guard")]
    assert dead == [], f"entries that change nothing in the report: {dead}"


def test_every_entry_says_why_and_a_guard_keeps_opencc_s_form():
    plain = Converter("hk2s")
    assert len(TABLE["phrases"]) >= 60
    for p in TABLE["phrases"]:
        assert p["why"].strip(), p
        assert (plain(p["printed"]) == p["mainland"]) == bool(p.get("guard")), p


def test_the_particle_zhe_is_written_the_mainland_way(convert):
    """著 stays only in 著作, 显著, 著名, 著称 (OpenCC keeps 著 everywhere: 著眼, 著力 were left)."""
    out = convert(report_text())
    left = {out[max(0, m.start() - 1):m.end() + 1] for m in re.finditer("著", out)}
    wrong = {w for w in left if not re.search("著作|显著|著名|著称", w)}
    assert wrong == set(), wrong
    assert convert("始終著眼於長期價值") == "始终着眼于长期价值" and convert("要著力提升") == "要着力提升"


@pytest.mark.parametrize("printed,expected", [
    ("持份者參與問卷調查", "利益相关方参与问卷调查"), ("間接溫室氣體排放量（範疇二）", "间接温室气体排放量（范围二）"),
    ("至少每年檢討董事會之架構", "至少每年检视董事会之架构"), ("網路駭客", "网络黑客"), ("避免強制勞工", "避免强迫劳动"),
    ("風險管理及內部監控系統", "风险管理及内部控制系统"), ("身心障礙", "残疾"), ("外聘核數師", "外聘审计师"),
    ("配戴口罩", "佩戴口罩"), ("過往三年", "过去三年"), ("無發生任何", "未发生任何"),
    ("廢墨水匣", "废墨盒"), ("旁註為按年變化", "旁注为同比变化"), ("CSV（UTF-8，可用Excel開啟）", "CSV（UTF-8，可用Excel打开）"),
    ("Excel 活頁簿", "Excel 工作簿"), ("每個產品線均已預設設有用戶回饋功能", "每个产品线均已默认设有用户反馈功能"),
    ("開啟新篇章", "开启新篇章"), ("預設立場", "预设立场"),     # the same words in their other sense stay
])
def test_mainland_vocabulary(convert, printed, expected):
    assert convert(printed) == expected


def test_a_search_field_knows_a_word_between_mainland_quotation_marks():
    """The zh-Hans search entries carry “医搜” where zh-Hant has 「醫搜」: both are a whole word to the index."""
    from macros.render.search_entries import _has_word

    assert _has_word("“医搜”平台", "医搜") and _has_word("「醫搜」平台", "醫搜")
    assert not _has_word("“医搜平台”", "医搜")
