"""Routes of this module under /api/v1/orgs/<org_code>/funds/ (names start with api-funds-)."""

urlpatterns: list = []
