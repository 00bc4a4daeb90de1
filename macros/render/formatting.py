"""Format published figures for a reader of any edition, without changing a digit.

Why: the report's precision is part of the figure (0.180 t, 129.480 MWh), so formatting only adds thousands
separators and never rounds. How large counts, money, small counts in words and months read in each language
(620萬 / 6.2 million, 10萬元 / RMB100,000, 九名, 2022年6月 / June 2022) is the edition's, from data/report.yaml.
"""

from __future__ import annotations

from decimal import Decimal

from ..model.editions import Edition, Report
from ..model.schema import NotDisclosed

DASH = "—"


def plain(value: Decimal) -> str:
    """1587.000 → 1,587.000; 0.180 → 0.180; 5757 → 5,757. Digits after the point are kept as written."""
    sign = "-" if value < 0 else ""
    text = f"{abs(value):f}"
    whole, _, frac = text.partition(".")
    if len(whole) > 3:
        whole = f"{int(whole):,}"
    return sign + whole + (f".{frac}" if frac else "")


def large(value: Decimal, edition: Edition) -> str:
    """6200000 → 620萬 (zh-Hant) or 6.2 million (en); smaller numbers are written plainly."""
    rule = edition.numbers.large
    if abs(value) >= rule.from_:
        return plain((value / rule.divide).normalize()) + rule.suffix
    return plain(value)


def words(value: Decimal, edition: Edition) -> str:
    """A small whole count in the edition's words (9 → 九), as the report prints board sizes."""
    table = edition.numbers.small_words
    if not table:
        raise ValueError(f"the {edition.locale} edition writes no counts in words (numbers.small_words in "
                         "data/report.yaml); drop words=True on this page")
    if value != value.to_integral_value() or not 0 <= value < len(table):
        raise ValueError(f"{value} cannot be written in words: the {edition.locale} edition's numbers.small_words in "
                         f"data/report.yaml go from 0 to {len(table) - 1}; add the words up to {value} there (in "
                         "each edition that has them), or drop words=True")
    return table[int(value)]


def money(value: Decimal | NotDisclosed, unit_id: str, edition: Edition) -> str:
    """An amount in RMB the way Hong Kong reports write it: 10萬元 in Chinese, RMB100,000 in English."""
    if isinstance(value, NotDisclosed):
        return DASH
    template = edition.numbers.money[unit_id]
    if "{v×10000}" in template:
        scaled = value * 10_000
        return template.replace("{v×10000}", plain(scaled.normalize() if scaled == int(scaled) else scaled))
    return template.replace("{v}", plain(value))


def fmt(value: Decimal | NotDisclosed, edition: Edition, style: str = "plain") -> str:
    if isinstance(value, NotDisclosed):
        return DASH
    return large(value, edition) if style == "wan" else plain(value)


def month(date: str, edition: Edition) -> str:
    """'2022-06' → 2022年6月 / June 2022."""
    y, m = date.split("-")
    names = edition.dates.months
    return edition.dates.month.format(y=y, m=int(m), month=names[int(m) - 1] if names else "")


def change(old, new, is_percent: bool, lang: str, report: Report) -> str | None:
    """Year-on-year change as text, or None where a change means nothing (a year not disclosed, or from zero)."""
    if isinstance(old, NotDisclosed) or isinstance(new, NotDisclosed):
        return None
    if is_percent:
        diff = new - old
        exp = min(old.as_tuple().exponent, new.as_tuple().exponent, 0)
        diff = diff.quantize(Decimal(1).scaleb(exp))
        return _signed(diff) + report.t_text("points", lang)
    if old == 0:
        return None
    pct = ((new - old) / old * 100).quantize(Decimal("0.1"))
    return _signed(pct) + "%"


def _signed(d: Decimal) -> str:
    if d == 0:
        return plain(abs(d))
    return ("+" if d > 0 else "−") + plain(abs(d))
