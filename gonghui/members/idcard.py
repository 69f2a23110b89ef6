"""Resident identity numbers (公民身份号码), GB 11643-1999.

18 characters: 6-digit region, 8-digit birth date, 3-digit sequence (odd = male),
and a check character computed from the first 17 with the weights below
(domain.md §2, [A: identity]).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK = "10X98765432"
_SHAPE = re.compile(r"^\d{17}[\dX]$")
# What Excel shows when it has turned an 18-digit number into a float: 1.10101E+17.
_SCIENTIFIC = re.compile(r"^\d(\.\d+)?E\+?\d+$", re.IGNORECASE)


class IdNumberError(ValueError):
    """The message is a Chinese sentence for the user."""


@dataclass(frozen=True)
class IdInfo:
    number: str
    birth_date: dt.date
    sex: str  # "male" / "female"


def check_char(first17: str) -> str:
    return CHECK[sum(int(c) * w for c, w in zip(first17, WEIGHTS, strict=True)) % 11]


def normalise(raw: str) -> str:
    """Upper-case x, drop spaces; full-width digits are handled by the import reader."""
    return "".join(str(raw).split()).upper()


def parse(raw: str, *, today: dt.date | None = None) -> IdInfo:
    number = normalise(raw)
    if _SCIENTIFIC.match(number):
        raise IdNumberError(
            _(
                "Excel has turned this ID number into a number (%(value)s) and lost its last "
                "digits. Format the column as text and type the number again."
            )
            % {"value": number}
        )
    if len(number) != 18:
        raise IdNumberError(
            _("An ID number has 18 characters, this one has %(n)s.") % {"n": len(number)}
        )
    if not _SHAPE.match(number):
        raise IdNumberError(_("An ID number has 17 digits and a final digit or X."))
    try:
        birth = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise IdNumberError(_("The birth date inside the ID number is not a real date.")) from None
    today = today or dt.date.today()
    if birth > today or birth.year < 1900:
        raise IdNumberError(_("The birth date inside the ID number is impossible."))
    if check_char(number[:17]) != number[17]:
        raise IdNumberError(_("The check digit of the ID number is wrong; a digit was mistyped."))
    sex = "male" if int(number[16]) % 2 == 1 else "female"
    return IdInfo(number=number, birth_date=birth, sex=sex)


def mask(number: str) -> str:
    """110101********1234: region and last four, as lists and exports show it."""
    if not number:
        return ""
    if len(number) < 10:
        return "*" * len(number)
    return number[:6] + "*" * (len(number) - 10) + number[-4:]


def mask_phone(phone: str) -> str:
    if not phone:
        return ""
    if len(phone) < 7:
        return "*" * len(phone)
    return phone[:3] + "****" + phone[-4:]
