"""Routes of this module under /api/v1/orgs/<org_code>/aid/ (names start with api-aid-)."""

urlpatterns: list = []
