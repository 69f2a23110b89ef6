"""API of the upper union's roll-ups: the same selectors as the pages."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema

from gonghui.api.viewsets import OrgViewSet
from gonghui.core.params import check_year

from . import serializers as s
from .finance import statements_rollup


class FinanceRollupViewSet(OrgViewSet):
    operation_prefix = "upper_finance"
    permissions = {"statements": "finance.statements:read", "unions": "finance.statements:read"}
    serializer_class = s.RollupSerializer

    def _rollup(self):
        return statements_rollup(self.org, check_year(self.kwargs["year"]))

    @extend_schema(summary="The annual 工会01 and 工会02 of the unions below, summed")
    def statements(self, request, *args, **kwargs):
        return self.respond(self._rollup().as_json())

    @extend_schema(
        summary="Each union's key lines of the year", responses=s.UnionRowSerializer(many=True)
    )
    def unions(self, request, *args, **kwargs):
        rows = [u.as_row() for u in self._rollup().unions]
        return self.respond(rows, many=True, serializer_class=s.UnionRowSerializer)
