"""Chinese and Arabic numerals as plans write them (十二, 两, 二〇二四, ①)."""

from __future__ import annotations

import re

CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "○": 0,
    "Ｏ": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
CN_UNITS = {"十": 10, "百": 100, "千": 1000}
CN_NUMERAL = "零〇○一二两三四五六七八九十百千"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
PAREN_DIGITS = "⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄⒅⒆⒇"
DOTTED_DIGITS = "⒈⒉⒊⒋⒌⒍⒎⒏⒐⒑⒒⒓⒔⒕⒖⒗⒘⒙⒚⒛"

_ARABIC = re.compile(r"[0-9]+")


def to_int(text: str) -> int | None:
    """12 / 十二 / 两 / 一百二十 / 二〇二四 / ③ → int; None when it is not a numeral."""
    text = text.strip()
    if not text:
        return None
    if _ARABIC.fullmatch(text):
        return int(text)
    if len(text) == 1:
        for table in (CIRCLED, PAREN_DIGITS, DOTTED_DIGITS):
            if text in table:
                return table.index(text) + 1
    if any(ch not in CN_DIGITS and ch not in CN_UNITS for ch in text):
        return None
    if not any(ch in CN_UNITS for ch in text):
        # Digit by digit, as years are written: 二〇二四.
        return int("".join(str(CN_DIGITS[ch]) for ch in text))
    total, pending = 0, None
    for ch in text:
        if ch in CN_DIGITS:
            pending = CN_DIGITS[ch]
        else:
            total += (1 if pending is None else pending) * CN_UNITS[ch]
            pending = None
    return total + (pending or 0)


def to_cn(number: int) -> str:
    """1..99 as Chinese numerals (for Word's automatic 一、 numbering)."""
    digits = "零一二三四五六七八九"
    if number < 10:
        return digits[max(number, 0)]
    tens, ones = divmod(number, 10)
    if tens >= 10:
        return str(number)
    return ("" if tens == 1 else digits[tens]) + "十" + ("" if ones == 0 else digits[ones])
