"""The kept roll-ups of large trees (issue #16 item 7).

At a city federation (5,000 unions, 1,000,000 members) the roll-up's grouped queries
themselves take seconds: the cure is in the data, not in the page. The figures of every
union below a node are computed by the same functions as the live table
(gonghui.upper.rollup) in a background job, and kept here; the page of a large tree reads
them and says when they were computed. Derived figures, not records: not audited (the
records they count are), written only by the job.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class RollupSnapshot(models.Model):
    org = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("organisation"), on_delete=models.CASCADE
    )
    year = models.PositiveSmallIntegerField(_("year"))
    computed_at = models.DateTimeField(_("computed at"))
    seconds = models.FloatField(_("seconds taken"), default=0)
    # [{"union": id, "values": {figure key: number, amounts as strings, or null}}] for
    # every family of figures; the page keeps those its reader may read.
    rows = models.JSONField(_("figures"), default=list)

    class Meta:
        verbose_name = _("kept roll-up")
        verbose_name_plural = _("kept roll-ups")
        constraints = [models.UniqueConstraint(fields=["org", "year"], name="upper_snapshot_once")]

    def __str__(self) -> str:
        return f"{self.org} {self.year}"
