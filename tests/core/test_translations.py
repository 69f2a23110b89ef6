"""Every user-facing string has its Simplified Chinese translation, compiled."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "gonghui/locale/zh_Hans/LC_MESSAGES"


def test_the_catalogue_has_no_untranslated_or_fuzzy_entry():
    r = subprocess.run(
        [sys.executable, "scripts/translations.py", "check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert r.returncode == 0, r.stdout


def test_the_compiled_catalogue_matches_the_source():
    # Keyed by (context, msgid): pgettext's "name" of a token is not the "name" of a person.
    po = {
        (e.msgctxt, e.msgid): (e.msgstr or e.msgstr_plural.get(0))
        for e in polib.pofile(str(LOCALE / "django.po"))
        if not e.obsolete and "fuzzy" not in e.flags and (e.msgstr or e.msgstr_plural.get(0))
    }
    mo = {
        (e.msgctxt, e.msgid): (e.msgstr or e.msgstr_plural.get(0))
        for e in polib.mofile(str(LOCALE / "django.mo"))
    }
    mo.pop((None, ""), None)
    assert mo == po, "run `make messages` to recompile django.mo"


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="gettext is not installed")
def test_every_marked_string_is_in_the_catalogue(tmp_path):
    """makemessages on a copy of the code finds no msgid the catalogue lacks."""
    copy = tmp_path / "gonghui"
    shutil.copytree(ROOT / "gonghui", copy, ignore=shutil.ignore_patterns("static", "__pycache__"))
    subprocess.run(
        [
            sys.executable,
            "-m",
            "django",
            "makemessages",
            "-l",
            "zh_Hans",
            "--no-location",
            "--no-obsolete",
        ],
        cwd=copy,
        check=True,
        capture_output=True,
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "", "PYTHONPATH": str(ROOT)},
    )
    fresh = {e.msgid for e in polib.pofile(str(copy / "locale/zh_Hans/LC_MESSAGES/django.po"))}
    known = {e.msgid for e in polib.pofile(str(LOCALE / "django.po"))}
    assert fresh - known == set(), "run `make messages` and translate the new strings"


def test_a_page_is_served_in_chinese(union, staff, login):
    body = login(staff("chair", union)).get(f"/o/{union.code}/").content.decode()
    assert "工作台" in body and "委员会" in body


def test_an_english_browser_still_gets_chinese(union, staff, login):
    r = login(staff("chair", union)).get(f"/o/{union.code}/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "工作台" in r.content.decode()
    assert r["Content-Language"] == "zh-hans"


# Short English words that mean different things in different modules (#13 §3): a
# 慰问 batch is "for" some people (发放对象), a motion gets votes "for" (赞成); an
# application for membership and a hardship file are both "Applied"… Each use must say
# its sense with pgettext, so one Chinese word is never reused for the other sense.
NEED_CONTEXT = {"Applied", "Imported", "Planned", "Closed", "Answered"}


def test_short_words_used_in_two_senses_carry_a_context():
    po = polib.pofile(str(LOCALE / "django.po"))
    bare = sorted(e.msgid for e in po if e.msgid in NEED_CONTEXT and not e.msgctxt)
    assert not bare, f"use pgettext(context, …) for {bare}"
