"""Routes of this module under /api/v1/orgs/<org_code>/welfare/ (names start with api-welfare-)."""

urlpatterns: list = []
