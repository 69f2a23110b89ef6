"""Routes of the dues under /api/v1/orgs/<org_code>/dues/ (names start with api-dues-)."""

from gonghui.api.routes import routes_named

from . import api

route = routes_named("api-dues-")
month, line = "<int:year>/<int:month>/", "lines/<int:dues_line_id>/"
M, L, U, ME = api.DuesMonthViewSet, api.DuesLineViewSet, api.DuesUnionViewSet, api.DuesOwnViewSet

urlpatterns = [
    route(month, M, "month", get="retrieve"),
    *(route(f"{month}{v}/", M, v, post=v) for v in ("generate", "deducted", "post")),
    route(f"{month}deductions/xlsx/", M, "deductions", get="deductions"),
    route("lines/", L, "lines", get="list"),
    route(line, L, "line", get="retrieve"),
    *(route(f"{line}{v}/", L, v, post=v) for v in ("pay", "exempt")),
    route("arrears/", U, "arrears", get="arrears"),
    route("settings/", U, "settings", get="settings_read", patch="settings_update"),
    route("me/", ME, "me", get="list"),
    route("me/<int:dues_line_id>/", ME, "my-line", get="retrieve"),
]
