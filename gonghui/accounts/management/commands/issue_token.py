"""Print the API token of a user, for scripts: `python manage.py issue_token USERNAME`."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from gonghui.accounts.models import User
from gonghui.audit.context import acting
from gonghui.audit.models import record
from gonghui.core.scoping import unscoped


class Command(BaseCommand):
    help = (
        "Print the API token of USERNAME (send it as 'Authorization: Token <token>'), "
        "creating it if the user has none. --rotate replaces the token, so the old one "
        "stops working. Every call is written to the audit log, without the token."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", help="The username of the account.")
        parser.add_argument(
            "--rotate",
            action="store_true",
            help="Replace the existing token with a new one.",
        )

    def handle(self, *args, username: str, rotate: bool, **options):
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
            token = Token.objects.filter(user=user).first()
            if token is not None and rotate:
                token.delete()
                token, how = None, "rotated"
            else:
                how = "existing" if token is not None else "created"
            if token is None:
                token = Token.objects.create(user=user)
            # Printing a token hands out the account: log who got it and how, never the key.
            record("accounts.token.issued", obj=user, note=how)
        self.stdout.write(token.key)
