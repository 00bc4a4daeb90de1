"""How Hong Kong or Taiwan the built 简体中文 edition still reads: regional words per 1,000 Han characters.

Why: the zh-Hans edition is converted from the Traditional text at build; OpenCC converts characters, and
data/zh_hans_phrases.yaml the words a mainland editor changes. This counts what is left, independently of that table,
from the list below (each regional word with what the mainland writes), so a new page or a lost entry shows up as a
number rather than as a reviewer's complaint.

What is counted: every occurrence of a listed word, as a substring (stricter than the converter's word boundaries),
in the text of each zh-Hans page's article (site/zh-Hans/**/index.html, without the converted-edition notice), except
  - the HKEX Guide's wording, quoted in the content index (data/hkex_guide.yaml: it stays as the Guide writes it;
    texts of six characters or more, a shorter one being a name made of words), and
  - NOT_REGIONAL: longer words and official names that contain a listed word but are right as they stand.
The rate is per 1,000 Han characters of the same text.

    .venv/bin/python tests/regional_words.py [SITE_DIR]     # default: site/ ; prints per page, then the words
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from html import unescape
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# regional word (in Simplified characters, as OpenCC leaves it) → what a mainland editor writes
REGIONAL = {
    "持份者": "利益相关方", "回馈": "反馈 (feedback)", "范畴一": "范围一", "范畴二": "范围二", "范畴三": "范围三",
    "检讨": "审查/检视 (review)", "骇客": "黑客", "强制劳工": "强迫劳动", "内部监控": "内部控制",
    "身心障碍": "残疾", "残障": "残疾", "管治": "治理", "著眼": "着眼", "著力": "着力", "著": "着 (particle)",
    "宣导": "宣传", "核数师": "审计师", "合约": "合同", "营运": "运营", "储存": "存储", "存取": "访问",
    "委聘": "聘请", "电邮": "电子邮件", "牌照": "许可证", "配戴": "佩戴", "减低": "降低", "过往": "过去",
    "无发生": "未发生", "法例": "法律", "规例": "法规", "永续": "可持续", "电子档": "电子文件", "墨水匣": "墨盒",
    "按年": "同比", "临床指引": "临床指南", "窜改": "篡改", "举发": "举报", "贪腐": "腐败", "预设设有": "默认设有",
    "活页簿": "工作簿", "Excel开启": "Excel打开", "页首": "顶部", "资讯": "信息", "网路": "网络", "程式": "程序",
    "使用者": "用户", "数位": "数字", "行销": "营销", "品质": "质量", "资料中心": "数据中心", "资料安全": "数据安全",
    "讯息": "信息", "智慧财产权": "知识产权", "搜寻": "搜索", "建置": "构建", "终端机": "终端", "私隐": "隐私", "透过": "通过", "质素": "素质/质量",
    "软体": "软件", "硬体": "硬件", "视像": "视频", "影片": "视频", "列印": "打印", "伺服器": "服务器",
    "义工": "志愿者", "云端": "云", "晶片": "芯片", "数码": "数字", "电脑程式": "计算机程序", "网志": "博客",
    "职安健": "职业安全健康", "强积金": "养老保险", "外判": "外包", "行政总裁": "首席执行官", "非牟利": "非营利",
    "弱势社群": "弱势群体", "影印": "复印", "短讯": "短信", "手提电话": "手机", "流动电话": "手机",
    "流动应用": "移动应用", "视讯": "视频", "资料库": "数据库", "个人资料": "个人信息", "资料保障": "数据保护",
    "评核": "考核", "薪俸": "薪资", "花红": "奖金", "饭堂": "食堂", "堆填": "填埋", "冷气": "空调",
    "的士": "出租车", "计程车": "出租车", "巴士": "公交车", "单车": "自行车", "厘定": "确定", "藉此": "借此",
    "藉由": "通过", "连结": "链接", "网络供应商": "网络服务商", "登入": "登录", "帐户": "账户", "帐号": "账号",
    "介面": "界面", "支援": "支持", "档案夹": "文件夹", "上载": "上传", "专案": "项目", "执行长": "首席执行官",
}

# contain a listed word but are right as they stand: longer words, official names, registered names
NOT_REGIONAL = [
    "小数位数", "药品质量", "产品质量", "回馈社区", "回馈社会",                       # other words around the letters
    "环境、社会及管治", "环境、社会和管治", "企业管治守则", "企业管治报告",          # HKEX's names (report title)
    "环境、社会和企业管治方针落实指导",                                              # a company policy's title
    "营运惯例",                                                                       # a category of the HKEX Guide
    "著作", "显著", "著名", "著称",                                                   # 著, not the particle 着
]

NOTICE = re.compile(r'<p class="esg-converted".*?</p>', re.S)


def narrative(html: str) -> str:
    """The article's text: no notice, script, style or drawing."""
    match = re.search(r"<article[^>]*>(.*)</article>", html, re.S)
    body = NOTICE.sub(" ", match.group(1) if match else "")
    body = re.sub(r"<(script|style|svg)\b[^>]*>.*?</\1>", " ", body, flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", body)))


def quoted_wording(lang: str = "zh-Hans") -> list[str]:
    """The HKEX Guide's texts in the edition's form (the content index quotes them)."""
    from macros.model.dataset import load_dataset

    ds = load_dataset(ROOT)
    texts = {e.text.get(lang) for e in ds.guide.values()}
    return sorted((t for t in texts if len(t) >= 6), key=len, reverse=True)   # 社区 alone is a word, not a quote


def count(text: str, quoted: list[str]) -> tuple[Counter, int]:
    """(regional words found, Han characters) in `text`, the quoted wording and NOT_REGIONAL set aside."""
    han = len(re.findall(r"[\u4e00-\u9fff]", text))
    for word in sorted(NOT_REGIONAL, key=len, reverse=True):
        text = text.replace(word, " ")
    for q in quoted:
        text = text.replace(q, " ")
    found: Counter = Counter()
    for word in sorted(REGIONAL, key=len, reverse=True):   # 范畴一 before 范畴 … each letter counted once
        n = text.count(word)
        if n:
            found[word] += n
            text = text.replace(word, " ")
    return found, han


def measure(site: Path, lang: str = "zh-Hans") -> dict[str, tuple[Counter, int]]:
    """Per page (its path under the edition): (regional words, Han characters)."""
    quoted = quoted_wording(lang)
    return {str(p.parent.relative_to(site / lang)): count(narrative(p.read_text(encoding="utf-8")), quoted)
            for p in sorted((site / lang).rglob("index.html"))}


def rate(pages: dict[str, tuple[Counter, int]]) -> tuple[float, Counter, int]:
    total, han = Counter(), 0
    for found, n in pages.values():
        total += found
        han += n
    return (1000 * sum(total.values()) / han if han else 0.0), total, han


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(ROOT))
    site = Path(argv[1]) if len(argv) > 1 else ROOT / "site"
    pages = measure(site)
    for page, (found, han) in pages.items():
        print(f"{page:28} {han:6} Han  {sum(found.values()):3} regional  {dict(found) or ''}")
    per_k, total, han = rate(pages)
    print(f"\n{sum(total.values())} regional words in {han} Han characters: {per_k:.2f} per 1,000")
    for word, n in total.most_common():
        print(f"  {word} ×{n} → {REGIONAL[word]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
