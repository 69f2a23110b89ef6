from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from . import throttling


class UsernameOrMobileBackend(ModelBackend):
    """Log in with the username or the mobile number, and the password.

    Every password check with a request goes through the per-address limit: the login
    page, the admin's, and any other form that calls authenticate(request, ...).
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        if request is not None and throttling.address_retry_after(request):
            return None  # the address is paused: not even a password check
        user = self._check(username, password)
        if user is None and request is not None:
            throttling.failed_login_record(request)
        return user

    def _check(self, username, password):
        User = get_user_model()
        login = username.strip()
        user = User._default_manager.filter(username=login).first()
        if user is None and login.isdigit():
            user = User._default_manager.filter(mobile=login).first()
        if user is None:
            User().set_password(password)  # same cost as a real check: no timing oracle
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
