"""Routes of this module under /api/v1/orgs/<org_code>/openness/ (names start with api-openness-)."""

urlpatterns: list = []
