from django.urls import path

from . import views as v

app_name = "assets"

urlpatterns = [
    path("", v.index, name="index"),
    path("register.xlsx", v.export, name="export"),
    path("new/", v.asset_create, name="create"),
    path("<int:asset_id>/", v.asset_detail, name="asset"),
    path("<int:asset_id>/edit/", v.asset_edit, name="edit"),
    path("<int:asset_id>/dispose/", v.disposal_request, name="dispose"),
    path("depreciation/", v.depreciation, name="depreciation"),
    path("depreciation/run/", v.depreciation_run, name="depreciation_run"),
    path("disposals/", v.disposals, name="disposals"),
    path("disposals/<int:disposal_id>/approve/", v.disposal_approve, name="disposal_approve"),
    path("disposals/<int:disposal_id>/reject/", v.disposal_reject, name="disposal_reject"),
    path("stocktakes/", v.stocktakes, name="stocktakes"),
    path("stocktakes/new/", v.stocktake_open, name="stocktake_open"),
    path("stocktakes/<int:stocktake_id>/", v.stocktake_detail, name="stocktake"),
    path("stocktakes/<int:stocktake_id>/surplus/", v.stocktake_surplus, name="stocktake_surplus"),
    path("stocktakes/<int:stocktake_id>/submit/", v.stocktake_submit, name="stocktake_submit"),
    path("stocktakes/<int:stocktake_id>/approve/", v.stocktake_approve, name="stocktake_approve"),
    path("stocktake-items/<int:stocktake_item_id>/mark/", v.stocktake_mark, name="stocktake_mark"),
    path("lent/", v.lent_items, name="lent"),
    path("lent/new/", v.lent_item_create, name="lent_create"),
    path("lent/<int:lent_item_id>/returned/", v.lent_item_return, name="lent_return"),
]
