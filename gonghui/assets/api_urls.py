"""Routes of the fixed assets under /api/v1/orgs/<org_code>/assets/ (names start with
api-assets-)."""

from gonghui.api.routes import routes_named

from . import api

route = routes_named("api-assets-")
A, ST = api.AssetViewSet, api.StocktakeViewSet
stocktake = "stocktakes/<int:stocktake_id>/"

urlpatterns = [
    route("", A, "assets", get="list", post="create"),
    route("export/", A, "export", get="export"),
    route("<int:asset_id>/", A, "asset", get="retrieve", patch="partial_update"),
    route("<int:asset_id>/disposals/", A, "dispose", post="dispose"),
    route("<int:asset_id>/schedule/", A, "schedule", get="schedule"),
    route("depreciation/", api.RunViewSet, "depreciation", get="list", post="create"),
    route("disposals/", api.DisposalViewSet, "disposals", get="list"),
    *(
        route(f"disposals/<int:disposal_id>/{verb}/", api.DisposalViewSet, verb, post=verb)
        for verb in ("approve", "reject")
    ),
    route("stocktakes/", ST, "stocktakes", get="list", post="create"),
    route(stocktake, ST, "stocktake", get="retrieve"),
    *(
        route(f"{stocktake}{v}/", ST, f"stocktake-{v}", post=v)
        for v in ("surplus", "submit", "approve")
    ),
    route("stocktake-items/<int:stocktake_item_id>/mark/", api.ItemViewSet, "mark", post="mark"),
    route("lent-items/", api.LentItemViewSet, "lent-items", get="list", post="create"),
    route(
        "lent-items/<int:lent_item_id>/returned/", api.LentItemViewSet, "returned", post="returned"
    ),
]
