"""Routes of this module under /api/v1/orgs/<org_code>/voting/ (names start with api-voting-)."""

urlpatterns: list = []
