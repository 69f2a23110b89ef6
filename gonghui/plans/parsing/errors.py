"""The one error the plan parser raises: its message is meant for the person uploading."""

from __future__ import annotations


class PlanParseError(Exception):
    """Raised for input that cannot be read as a plan; str(error) is a Chinese message
    (gettext with an English msgid) fit to show on the import page."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return str(self.message)
