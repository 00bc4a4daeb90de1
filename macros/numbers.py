"""Format published figures for a reader of either language, without changing a digit.

Why: the report's precision is part of the figure (0.180 t, 129.480 MWh), so formatting only adds thousands
separators and never rounds. Large counts read as 620萬 in Chinese and 6.2 million in English.
"""

from __future__ import annotations

from decimal import Decimal

from .schema import NotDisclosed

DASH = "—"
TEXT = {
    "not_disclosed": {"zh-Hant": "未披露", "en": "Not disclosed"},
    "not_applicable": {"zh-Hant": "不適用", "en": "Not applicable"},
    "points": {"zh-Hant": "個百分點", "en": " pp"},
}


def plain(value: Decimal) -> str:
    """1587.000 → 1,587.000; 0.180 → 0.180; 5757 → 5,757. Digits after the point are kept as written."""
    sign = "-" if value < 0 else ""
    text = f"{abs(value):f}"
    whole, _, frac = text.partition(".")
    if len(whole) > 3:
        whole = f"{int(whole):,}"
    return sign + whole + (f".{frac}" if frac else "")


def wan(value: Decimal, lang: str) -> str:
    """6200000 → 620萬 (zh-Hant) or 6.2 million (en); smaller numbers are written plainly."""
    if lang == "zh-Hant":
        if abs(value) >= 10_000:
            return plain((value / 10_000).normalize()) + "萬"
        return plain(value)
    if abs(value) >= 1_000_000:
        return plain((value / 1_000_000).normalize()) + " million"
    return plain(value)


def money(value: Decimal | NotDisclosed, unit_id: str, lang: str) -> str:
    """An amount in RMB the way Hong Kong reports write it: 10萬元 in Chinese, RMB100,000 in English."""
    if isinstance(value, NotDisclosed):
        return DASH
    scale = {"rmb": 1, "rmb_10k": 10_000}[unit_id]
    if lang == "zh-Hant":
        return plain(value) + ("萬元" if unit_id == "rmb_10k" else "元")
    return "RMB" + plain((value * scale).normalize() if value * scale == int(value * scale) else value * scale)


def fmt(value: Decimal | NotDisclosed, lang: str, style: str = "plain") -> str:
    if isinstance(value, NotDisclosed):
        return DASH
    return wan(value, lang) if style == "wan" else plain(value)


def change(old, new, is_percent: bool, lang: str) -> str | None:
    """Year-on-year change as text, or None where a change means nothing (a year not disclosed, or from zero)."""
    if isinstance(old, NotDisclosed) or isinstance(new, NotDisclosed):
        return None
    if is_percent:
        diff = new - old
        exp = min(old.as_tuple().exponent, new.as_tuple().exponent, 0)
        diff = diff.quantize(Decimal(1).scaleb(exp))
        return _signed(diff) + TEXT["points"][lang]
    if old == 0:
        return None
    pct = ((new - old) / old * 100).quantize(Decimal("0.1"))
    return _signed(pct) + "%"


def _signed(d: Decimal) -> str:
    if d == 0:
        return plain(abs(d))
    return ("+" if d > 0 else "−") + plain(abs(d))
