"""Print a new API token of a user, for scripts: `python manage.py issue_token USERNAME`."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from gonghui.accounts.models import ApiToken, User
from gonghui.accounts.services import TokenError, api_token_create
from gonghui.audit.context import acting
from gonghui.core.scoping import unscoped


class Command(BaseCommand):
    help = (
        "Make a new API token of USERNAME and print it (send it as "
        "'Authorization: Token <token>'). Only a digest is stored, so the token is shown "
        "this once; it expires after --days days (API_TOKEN_DAYS by default). --rotate "
        "also revokes the user's other tokens. Every call is written to the audit log, "
        "without the token. The user's tokens are listed on their account page."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", help="The username of the account.")
        parser.add_argument(
            "--rotate",
            action="store_true",
            help="Revoke the user's other tokens, so that only the new one works.",
        )
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help=f"Days until the token expires (default {settings.API_TOKEN_DAYS}).",
        )
        parser.add_argument(
            "--name",
            default="",
            help="A name to recognise the token by on the account page.",
        )

    def handle(self, *args, username: str, rotate: bool, days: int | None, name: str, **options):
        with unscoped(), acting(source="cli"), transaction.atomic():
            user = User.objects.filter(username=username).first()
            if user is None:
                raise CommandError(
                    _("No user with the username %(username)s.") % {"username": username}
                )
            if not user.is_active:
                raise CommandError(
                    _("The account %(username)s is disabled.") % {"username": username}
                )
            if rotate:
                ApiToken.objects.revoke_all(user, note="rotated")
            try:
                _token, key = api_token_create(
                    actor=None,
                    user=user,
                    name=name or _("Issued on the command line"),
                    days=days,
                    limit=None,
                    note="rotated" if rotate else "created",
                )
            except TokenError as exc:
                raise CommandError(str(exc)) from exc
        self.stdout.write(key)
