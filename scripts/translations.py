"""Keep the zh_Hans catalogue complete.

    python scripts/translations.py merge   # fill empty msgstr from gonghui/locale/pending/*.tsv
    python scripts/translations.py check   # exit 1 listing every untranslated or fuzzy msgid

Engineers working in parallel write `English msgid<TAB>中文` lines into a pending TSV
instead of editing the .po file at the same time; `make messages` merges them. A third
column names the message context of a pgettext() string: `msgid<TAB>中文<TAB>context`.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "gonghui/locale/zh_Hans/LC_MESSAGES/django.po"
PENDING = ROOT / "gonghui/locale/pending"


def pending() -> dict[tuple[str | None, str], str]:
    """(context, msgid) -> 中文; context None for plain gettext strings."""
    table: dict[tuple[str | None, str], str] = {}
    for tsv in sorted(PENDING.glob("*.tsv")):
        for line in tsv.read_text(encoding="utf-8").splitlines():
            if "\t" in line:
                msgid, msgstr, *context = line.split("\t")
                table[(context[0].strip() if context else None, msgid)] = msgstr.strip()
    return table


def merge() -> int:
    po = polib.pofile(str(PO))
    table = pending()
    for entry in po:
        text = table.get((entry.msgctxt, entry.msgid))
        if "fuzzy" in entry.flags:
            # msgmerge's fuzzy guess is another string's translation: never keep it.
            entry.flags.remove("fuzzy")
            entry.previous_msgid = entry.previous_msgid_plural = entry.previous_msgctxt = None
            entry.msgstr = ""
            entry.msgstr_plural = {0: ""} if entry.msgid_plural else {}
        if text is None:
            continue
        # A pending line is the newer word on its msgid: it replaces what the .po holds.
        if entry.msgid_plural:
            entry.msgstr_plural = {0: text}
        else:
            entry.msgstr = text
    po.metadata["Language"] = "zh_Hans"
    po.metadata["Plural-Forms"] = "nplurals=1; plural=0;"
    po.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    po.save()
    check()  # report what is still untranslated, but let the catalogue compile
    return 0


PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|\{\{\s*(\w+)\s*\}\}")


def placeholders(text: str) -> set[str]:
    return {a or b for a, b in PLACEHOLDER.findall(text)}


def check() -> int:
    po = polib.pofile(str(PO))
    problems = 0
    for e in po:
        if e.obsolete:
            continue
        text = e.msgstr or e.msgstr_plural.get(0, "")
        if "fuzzy" in e.flags or not text:
            print(f"untranslated: {e.msgid!r}")
            problems += 1
        elif placeholders(text) != placeholders(e.msgid):
            print(f"placeholders differ: {e.msgid!r} -> {text!r}")
            problems += 1
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit({"merge": merge, "check": check}[sys.argv[1]]())
