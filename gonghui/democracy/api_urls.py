"""Routes of this module under /api/v1/orgs/<org_code>/democracy/ (names start with api-democracy-)."""

urlpatterns: list = []
