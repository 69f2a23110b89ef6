"""API of the fixed assets: the pages' actions for scripts. Rows through the scoped
selectors (another union's ids answer 404), changes through services.py, refusals 400."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema

from gonghui.api.viewsets import OrgViewSet, file_answers, service_action
from gonghui.core.files import XLSX, file_response

from . import selectors, services
from . import serializers as s

READ, WRITE, APPROVE = "assets.asset:read", "assets.asset:write", "assets.disposal:approve"


class AssetViewSet(OrgViewSet):
    operation_prefix = "assets_assets"
    permissions = {"list": READ, "retrieve": READ, "export": READ, "schedule": READ}
    permissions |= dict.fromkeys(["create", "partial_update", "dispose"], WRITE)
    serializer_class = s.AssetSerializer
    lookup_url_kwarg = "asset_id"
    paged_actions = ("list",)
    file_actions = {"export": ((XLSX, "xlsx"),)}

    def filters(self) -> dict:
        return {k: self.request.query_params.get(k, "") for k in ("state", "category", "q")}

    def get_queryset(self):
        return selectors.assets(self.org)

    def list(self, request, *args, **kwargs):
        return self.paginated(selectors.with_values(selectors.assets(self.org, **self.filters())))

    @extend_schema(request=s.AssetWriteSerializer, summary="Register a bought asset and book it")
    def create(self, request, *args, **kwargs):
        return super().create(request, *args, **kwargs)

    def validated(self, serializer_class=None, **kw):
        default = s.AssetWriteSerializer if self.action == "create" else s.AssetUpdateSerializer
        return super().validated(serializer_class or default, **kw)

    def perform_create(self, data):
        return services.asset_register(actor=self.request.user, org=self.org, **data)

    def perform_update(self, obj, data):
        return services.asset_update(actor=self.request.user, asset=obj, **data)

    @extend_schema(
        summary="The register as .xlsx (?state=&category=&q=)", responses=file_answers(XLSX)
    )
    def export(self, request, *args, **kwargs):
        name, content, media = services.register_export(
            actor=request.user, org=self.org, **self.filters()
        )
        return file_response(content, filename=name, content_type=media)

    @extend_schema(
        summary="Its depreciation month by month", responses=s.ScheduleRowSerializer(many=True)
    )
    def schedule(self, request, *args, **kwargs):
        rows = selectors.schedule(self.get_object())
        return self.respond(rows, many=True, serializer_class=s.ScheduleRowSerializer)

    dispose = service_action(
        services.disposal_request,
        target="asset",
        body=s.DisposalSerializer,
        returns=s.DisposalSerializer,
        status_code=201,
        summary="Ask to scrap, sell or transfer out an asset (the chair approves)",
    )


class RunViewSet(OrgViewSet):
    operation_prefix = "assets_depreciation"
    permissions = {"list": READ, "create": WRITE}
    serializer_class = s.RunSerializer

    def get_queryset(self):
        return selectors.runs(self.org)

    def perform_create(self, data):
        return services.depreciation_run(actor=self.request.user, org=self.org, **data)


class DisposalViewSet(OrgViewSet):
    operation_prefix = "assets_disposals"
    permissions = {"list": READ, "approve": APPROVE, "reject": APPROVE}
    serializer_class = s.DisposalSerializer
    lookup_url_kwarg = "disposal_id"

    def get_queryset(self):
        return selectors.disposals(self.org)

    approve = service_action(
        services.disposal_approve, target="disposal", body=s.NoteSerializer, summary="Approve"
    )
    reject = service_action(
        services.disposal_reject, target="disposal", body=s.NoteSerializer, summary="Reject"
    )


class StocktakeViewSet(OrgViewSet):
    operation_prefix = "assets_stocktakes"
    permissions = {"list": READ, "retrieve": READ, "create": WRITE, "surplus": WRITE}
    permissions |= {"submit": WRITE, "approve": APPROVE}
    serializer_class = s.StocktakeSerializer
    lookup_url_kwarg = "stocktake_id"

    def get_queryset(self):
        return selectors.stocktakes(self.org).prefetch_related("items")

    def perform_create(self, data):
        return services.stocktake_open(actor=self.request.user, org=self.org, **data)

    surplus = service_action(
        services.stocktake_add_surplus,
        target="stocktake",
        body=s.SurplusSerializer,
        returns=s.ItemSerializer,
        status_code=201,
        summary="Add an asset found but not registered (盘盈)",
    )
    submit = service_action(
        services.stocktake_submit, target="stocktake", summary="Hand in: differences to 182"
    )
    approve = service_action(
        services.stocktake_approve, target="stocktake", summary="Approve: 182 against 301"
    )


class ItemViewSet(OrgViewSet):
    operation_prefix = "assets_stocktake_items"
    permissions = {"mark": WRITE}
    serializer_class = s.ItemSerializer
    lookup_url_kwarg = "stocktake_item_id"

    def get_queryset(self):
        return selectors.stocktake_items_of(self.org)

    mark = service_action(
        services.stocktake_mark, target="item", body=s.MarkSerializer, summary="Found or missing"
    )


class LentItemViewSet(OrgViewSet):
    operation_prefix = "assets_lent_items"
    permissions = {"list": READ, "create": WRITE, "returned": WRITE}
    serializer_class = s.LentItemSerializer
    lookup_url_kwarg = "lent_item_id"

    def get_queryset(self):
        return selectors.lent_items(self.org)

    def perform_create(self, data):
        return services.lent_item_create(actor=self.request.user, org=self.org, **data)

    returned = service_action(
        services.lent_item_return, target="item", body=s.ReturnSerializer, summary="Returned"
    )
