"""Fixtures of the security tests."""

from tests.api.conftest import token_client  # noqa: F401 - a fixture for the API tests
