"""Fixtures of the security tests."""

from tests.api.conftest import token_login  # noqa: F401 - token_login(user), for the API tests
