"""Fixtures of the security tests."""
