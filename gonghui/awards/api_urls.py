"""Routes of this module under /api/v1/orgs/<org_code>/awards/ (names start with
api-awards-). The URLs are contracts: each maps its HTTP methods to an action."""

urlpatterns: list = []
