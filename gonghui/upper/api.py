"""API of the upper union's roll-ups: the same selectors as the pages."""

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from gonghui.api.viewsets import OrgViewSet
from gonghui.core.db_router import reports_on_replica
from gonghui.core.params import check_year

from . import serializers as s
from . import services
from .finance import statements_rollup
from .rollup import PEOPLE_PERMISSION, readable_families
from .snapshots import rollup_for

READ = "finance.statements:read"


class FinanceRollupViewSet(OrgViewSet):
    """The unions' annual statements below this organisation (finance.statements:read)."""

    operation_prefix, serializer_class = "upper_finance", s.StatementsRollupSerializer
    permissions = {"statements": READ, "unions": READ}

    # Read-only reports: on the streaming replica when one is configured (core.db_router).
    @extend_schema(summary="The annual 工会01 and 工会02 of the unions below, summed")
    @reports_on_replica()
    def statements(self, request, *args, **kwargs):
        return self.respond(statements_rollup(self.org, check_year(kwargs["year"])).as_json())

    @extend_schema(
        summary="Each union's key lines of the year",
        responses=s.RollupUnionRowSerializer(many=True),
    )
    @reports_on_replica()
    def unions(self, request, *args, **kwargs):
        rows = [u.as_row() for u in statements_rollup(self.org, check_year(kwargs["year"])).unions]
        return self.respond(rows, many=True, serializer_class=s.RollupUnionRowSerializer)


class UnionsRollupViewSet(OrgViewSet):
    """The unions below this organisation × the year's figures (members.roster:read), the
    families of figures those of the caller's permissions (the page's table)."""

    operation_prefix, serializer_class = "upper_unions", s.UnionsRollupSerializer
    permissions = {"figures": PEOPLE_PERMISSION, "refresh": PEOPLE_PERMISSION}

    @extend_schema(summary="Each union's figures of the year: members, activities, care, …")
    @reports_on_replica()
    def figures(self, request, *args, **kwargs):
        families = readable_families(self.access)
        rollup = rollup_for(self.org, check_year(kwargs["year"]), families)
        return self.respond(rollup.as_json())

    @extend_schema(
        request=None,
        # 202: queued; 200: a small tree, rolled up live, nothing to queue.
        responses={202: s.UnionsRefreshSerializer, 200: s.UnionsRefreshSerializer},
        summary="Compute a large tree's kept figures again, in the background",
    )
    def refresh(self, request, *args, **kwargs):
        queued = services.rollup_refresh_request(
            actor=request.user, org=self.org, year=check_year(kwargs["year"])
        )
        return Response({"queued": queued}, status=202 if queued else 200)
