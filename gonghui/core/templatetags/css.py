r"""`css_string`: typed text inside a CSS string of a PDF template's <style>.

Django's autoescaping is for HTML; inside <style> it leaves a backslash or a line break
alone, and a line break ends a CSS string, so an organisation named
"X\n} body { background: url(...) }" would restyle the printed sheet or make WeasyPrint
fetch a URL. Everything but letters, digits, spaces and non-ASCII printable characters
becomes a CSS escape ("\5c "), which CSS shows as the character itself.
"""

from __future__ import annotations

import unicodedata

from django import template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.filter
def css_string(value) -> SafeString:
    """The text of `value` for use between double quotes in CSS (`content: "…"`)."""
    out = []
    for ch in str(value if value is not None else ""):
        safe = ch.isalnum() or ch == " " if ch.isascii() else not _is_control(ch)
        # The space after an escape ends it (and is not shown), so a space that follows
        # in the text stays a space.
        out.append(ch if safe else f"\\{ord(ch):x} ")
    return mark_safe("".join(out))  # noqa: S308 - only letters, digits, spaces and escapes


def _is_control(ch: str) -> bool:
    # Control, format, private and unassigned characters, and the line and paragraph
    # separators: nothing a name needs, and nothing CSS should read literally.
    category = unicodedata.category(ch)
    return category[0] == "C" or category in ("Zl", "Zp")
