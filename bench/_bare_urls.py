"""The bare sign-up view: the baseline of bench/signup_load.py (issue #13 §9).

"A bare DRF view that does the same SQL work": the token looked up by its digest (the
user joined), then in one transaction the activity read and locked, one statement that
counts the places taken and the last order number and finds the caller's member record,
and the insert. No organisation, roles, scoping, audience, audit or page middleware. It
gives a place or the waiting list like the real endpoint, so both leave the same rows.
"""

from django.db import connection, transaction
from django.urls import path
from django.utils import timezone
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.response import Response
from rest_framework.views import APIView

from gonghui.accounts.models import ApiToken, token_digest
from gonghui.activities.models import Activity, Signup
from gonghui.members.models import Member


class BareTokenAuthentication(TokenAuthentication):
    def authenticate_credentials(self, key):
        token = ApiToken._base_manager.select_related("user").filter(digest=token_digest(key))
        token = token.first()
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed("invalid token")
        return (token.user, token)


class BareSignup(APIView):
    authentication_classes = [BareTokenAuthentication]
    permission_classes = []

    def post(self, request, activity_id):
        with transaction.atomic():
            activity = (
                Activity._base_manager.select_for_update()
                .filter(pk=activity_id)
                .values("pk", "quota")
                .first()
            )
            if activity is None:
                raise exceptions.NotFound()
            # Places taken, the last order number and the caller's member record in one
            # statement, as the real endpoint counts in one.
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT count(*) FILTER (WHERE state = 'confirmed'), max(seq), "
                    f"(SELECT id FROM {Member._meta.db_table} WHERE user_id = %s) "
                    f"FROM {Signup._meta.db_table} WHERE activity_id = %s",
                    [request.user.pk, activity_id],
                )
                used, last, member_id = cursor.fetchone()
            if member_id is None:
                raise exceptions.PermissionDenied()
            full = activity["quota"] is not None and used >= activity["quota"]
            (signup,) = Signup._base_manager.bulk_create(
                [
                    Signup(
                        activity_id=activity_id,
                        member_id=member_id,
                        state="waitlisted" if full else "confirmed",
                        seq=(last or 0) + 1,
                        source="self",
                        signed_up_at=timezone.now(),
                        signed_up_by_id=request.user.pk,
                    )
                ]
            )
        return Response({"id": signup.pk, "state": signup.state}, status=201)


urlpatterns = [path("bare/<int:activity_id>/signup/", BareSignup.as_view())]
