"""The union's own finances made public to its members (工会经费收支公开, issue #14 item 10).

The figures are the 工会02 lines of the books (gonghui.finance.selectors.statement_set):
income by category (401–408) and spending by category (501–510) for the year, or for a
half year where the union chooses it [C: publication to members, e.g. half-yearly, is local;
domain.md §4.2]. Members never read the books: a cadre publishes a period, which keeps a
snapshot of its figures (`FinancePublication.figures`), and members read that snapshot.
Publishing the period again refreshes it (audited as a change).

From a publication come the 经费收支情况报告 for the congress (.docx) and the draft of an
openness notice: of the unit's required item "finance" where its rules have one (schools,
hospitals, organs), else outside the required items; it then goes through the usual
approval and publication (services.notice_*).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from gonghui.audit import models as audit
from gonghui.core.models import TenantManager, TenantModel

from .rules import Period, period_bounds

PERIODS = (Period.YEAR, Period.H1, Period.H2)
HALVES = (Period.H1, Period.H2)
FINANCE_ITEM = "finance"
ZERO = Decimal("0.00")


class FinanceOpenness(TenantModel):
    """A union's choice: publish the finances half-yearly as well as for the year."""

    org = models.OneToOneField(
        "orgs.Organisation",
        verbose_name=gettext_lazy("union"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    half_yearly = models.BooleanField(gettext_lazy("publish half-yearly too"), default=False)

    objects = TenantManager()

    class Meta:
        verbose_name = gettext_lazy("finance openness settings")
        verbose_name_plural = gettext_lazy("finance openness settings")

    def __str__(self) -> str:
        return str(self.org)


class FinancePublication(TenantModel):
    """The figures of a period as published to the members (a snapshot)."""

    org = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=gettext_lazy("unit"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(gettext_lazy("year"))
    period = models.CharField(gettext_lazy("period covered"), max_length=6, choices=Period.choices)
    figures = models.JSONField(gettext_lazy("figures"), default=dict)
    note = models.TextField(gettext_lazy("explanation"), blank=True)
    published_on = models.DateField(gettext_lazy("published on"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=gettext_lazy("published by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    notice = models.ForeignKey(
        "openness.Notice",
        verbose_name=gettext_lazy("openness notice"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = TenantManager()

    class Meta:
        verbose_name = gettext_lazy("published finances")
        verbose_name_plural = gettext_lazy("published finances")
        ordering = ["-year", "period"]
        constraints = [
            models.UniqueConstraint(fields=["org", "year", "period"], name="openness_finance_once")
        ]

    def __str__(self) -> str:
        return f"{self.year} {Period(self.period).label}"

    @property
    def income(self) -> list[dict]:
        return self.figures.get("income", [])

    @property
    def expense(self) -> list[dict]:
        return self.figures.get("expense", [])


# -- figures -------------------------------------------------------------------------------
def _ytd(org, year: int, month: int) -> dict[str, Decimal]:
    from gonghui.finance.selectors import statement_set

    return {ln.name: ln.year_to_date for ln in statement_set(org, year, month).income_expense}


def figures_of(org, year: int, period: str) -> dict:
    """The period's income and spending by category from the posted books, as text
    amounts (the snapshot is JSON): {"income": [{"name", "amount"}], "expense": [...],
    "income_total", "expense_total", "difference"}."""
    from gonghui.finance.statements import EXPENSE_LINES, INCOME_LINES

    if period == Period.H1:
        values = _ytd(org, year, 6)
    elif period == Period.H2:
        end, half = _ytd(org, year, 12), _ytd(org, year, 6)
        values = {k: end[k] - half.get(k, ZERO) for k in end}
    else:
        values = _ytd(org, year, 12)

    def rows(lines):
        return [{"name": name, "amount": f"{values.get(name, ZERO):.2f}"} for name, _code in lines]

    return {
        "income": rows(INCOME_LINES),
        "expense": rows(EXPENSE_LINES),
        "income_total": f"{values.get('收入合计', ZERO):.2f}",
        "expense_total": f"{values.get('支出合计', ZERO):.2f}",
        "difference": f"{values.get('本期收支差额', ZERO):.2f}",
    }


# -- reads ------------------------------------------------------------------------------------
def settings_of(unit) -> FinanceOpenness | None:
    return FinanceOpenness._base_manager.filter(org=unit).first()


def periods_of(unit) -> tuple[str, ...]:
    s = settings_of(unit)
    return PERIODS if s and s.half_yearly else (Period.YEAR,)


def published(unit):
    """The unit's published figures. Read past the request's scope on purpose when the
    reader sits below the unit (a member at a group): only what the unit published."""
    return FinancePublication._base_manager.filter(org=unit).select_related("notice")


def publication(unit, year: int, period: str) -> FinancePublication | None:
    return published(unit).filter(year=year, period=period).first()


# -- workflows --------------------------------------------------------------------------------
def _error(message: str, field: str | None = None):
    from .services import OpennessError

    return OpennessError(message, field=field)


@transaction.atomic
def finance_settings_update(*, actor, org, half_yearly: bool) -> FinanceOpenness:
    s = settings_of(org) or FinanceOpenness(org=org)
    s.half_yearly = bool(half_yearly)
    s.save()
    return s


@transaction.atomic
def finance_publish(*, actor, org, year: int, period: str = Period.YEAR, note: str = ""):
    """Publish the period's figures to the members (a snapshot of the books as they
    stand); again, to refresh them."""
    from . import selectors

    if selectors.openness_unit(org) != org:
        raise _error(_("The finances are published by the union, not by a branch or group."))
    if period not in periods_of(org):
        raise _error(
            _(
                "This union publishes its finances for this period only if it chooses half-yearly publication."
            ),
            "period",
        )
    year = int(year)
    start, _end = period_bounds(year, period)
    if start > timezone.localdate():
        raise _error(_("The period has not begun."), "period")
    note = (note or "").strip()
    if len(note) > 2000:
        raise _error(_("The explanation is too long (at most 2000 characters)."), "note")
    found = FinancePublication.objects.filter(org=org, year=year, period=period).first()
    item = found or FinancePublication(org=org, year=year, period=period)
    if found is not None:
        from gonghui.core.scoping import locked

        item = locked(found)
    item.figures = figures_of(org, year, period)
    item.note = note
    item.published_on = timezone.localdate()
    item.published_by = actor if getattr(actor, "pk", None) else None
    try:
        with transaction.atomic():
            item.save()
    except IntegrityError:
        raise _error(_("This period was published meanwhile; reload the page.")) from None
    return item


def _body(item: FinancePublication, unit_name: str) -> str:
    f = item.figures
    paras = [
        _("The income and spending of %(union)s's funds in %(period)s:")
        % {"union": unit_name, "period": label_of(item)}
    ]
    paras.append(
        _("Income %(income)s yuan, spending %(expense)s yuan, balance %(diff)s yuan.")
        % {"income": f["income_total"], "expense": f["expense_total"], "diff": f["difference"]}
    )
    for title, rows in ((_("Income"), item.income), (_("Spending"), item.expense)):
        shown = [r for r in rows if Decimal(r["amount"])]
        if shown:
            paras.append(
                f"{title}：" + "；".join(f"{r['name']} {r['amount']}" for r in shown) + "。"
            )
    if item.note:
        paras.append(item.note)
    return "\n\n".join(paras)


def label_of(item: FinancePublication) -> str:
    if item.period == Period.YEAR:
        return _("the year %(year)s") % {"year": item.year}
    return _("%(year)s, %(half)s") % {"year": item.year, "half": Period(item.period).label}


@transaction.atomic
def finance_notice_create(*, actor, publication: FinancePublication):
    """The draft notice of the openness item fed from the published figures."""
    from . import selectors, services

    item = FinancePublication.objects.select_for_update().get(pk=publication.pk)
    if item.notice_id is not None:
        raise _error(_("A notice was made from these figures already."))
    unit = item.org
    codes = {i.code for i in selectors.required_items(unit)}
    notice = services.notice_create(
        actor=actor,
        org=unit,
        data={
            "item_code": FINANCE_ITEM if FINANCE_ITEM in codes else "",
            "title": (
                _("Union funds: income and spending, %(period)s") % {"period": label_of(item)}
            )[:150],
            "body": _body(item, unit.name),
            "period_year": item.year,
            "period": item.period,
        },
    )
    item.notice = notice
    item.save()
    return item


# -- the congress report --------------------------------------------------------------------
CN = "一二三四五六七八九十"


def report_text(item: FinancePublication, unit_name: str) -> tuple[str, str]:
    """(title, body) of the 经费收支情况报告: income by category, spending by category,
    the balance, a paragraph per category with an amount, and the cadres' explanation."""
    f = item.figures
    title = _("Report on the income and spending of the union's funds, %(period)s") % {
        "period": label_of(item)
    }
    paras = [
        _(
            "On behalf of the union committee of %(union)s, I report the income and spending of the union's funds in %(period)s for your review."
        )
        % {"union": unit_name, "period": label_of(item)}
    ]

    def section(n: int, heading: str, rows: list[dict], total: str) -> None:
        paras.append(f"{CN[n]}、{heading}")
        paras.append(_("In all %(total)s yuan.") % {"total": total})
        base = Decimal(total)
        k = 0
        for r in rows:
            amount = Decimal(r["amount"])
            if not amount:
                continue
            share = f"{(amount / base * 100):.1f}" if base else "0.0"
            paras.append(f"（{CN[k]}）{r['name']}" if k < len(CN) else r["name"])
            paras.append(
                _("%(name)s: %(amount)s yuan, %(share)s%% of the total.")
                % {"name": r["name"], "amount": r["amount"], "share": share}
            )
            k += 1
        if not k:
            paras.append(_("None."))

    section(0, _("Income"), item.income, f["income_total"])
    section(1, _("Spending"), item.expense, f["expense_total"])
    paras.append(f"{CN[2]}、" + pgettext("finance report", "Balance"))
    paras.append(_("Income less spending: %(diff)s yuan.") % {"diff": f["difference"]})
    if item.note:
        paras.append(f"{CN[3]}、" + _("Explanation"))
        paras.append(item.note)
    return title, "\n\n".join(str(p) for p in paras)


def report_export(*, actor, publication: FinancePublication) -> tuple[str, bytes]:
    """The 经费收支情况报告 of a published period as .docx, its export logged."""
    from gonghui.plans.summary_docs import SummaryDocument

    class FinanceReport(SummaryDocument):
        identifier = "openness.finance_report"
        name = gettext_lazy("Report on the union's funds")

    unit = publication.org
    title, body = report_text(publication, unit.name)
    doc = FinanceReport(
        user=actor,
        org=unit,
        title=title,
        body=body,
        year=publication.year,
        date=timezone.localdate(),
    )
    data = doc.render("docx")
    audit.record(
        "openness.finance_report.exported",
        org=unit,
        changes={"year": [None, publication.year], "period": [None, publication.period]},
    )
    return doc.filename("docx"), data


def today() -> dt.date:
    return timezone.localdate()
