"""Routes of this module under /api/v1/orgs/<org_code>/ideas/ (names start with
api-ideas-). The URLs are contracts: each maps its HTTP methods to an action."""

urlpatterns: list = []
