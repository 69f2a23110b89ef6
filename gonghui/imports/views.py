"""Import pages: upload a spreadsheet, check its preview, then import it or cancel."""

from __future__ import annotations

import io

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook

from gonghui.core.decorators import org_view
from gonghui.orgs.importing import KIND_NAMES, UNIT_NAMES, OrgImporter

from . import services
from .base import CREATE, ERROR, UNCHANGED, UPDATE, ImportRefused
from .forms import UploadForm
from .models import ImportBatch
from .tabular import ImportFileError

PERM = "orgs.import:run"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

ACTION_LABELS = {
    CREATE: gettext_lazy("New"),
    UPDATE: gettext_lazy("Update"),
    UNCHANGED: gettext_lazy("Unchanged"),
    ERROR: gettext_lazy("Error"),
}
ACTION_BADGES = {
    CREATE: "text-bg-success",
    UPDATE: "text-bg-primary",
    UNCHANGED: "text-bg-secondary",
    ERROR: "text-bg-danger",
}
FILTERS = {
    "all": lambda r: True,
    "errors": lambda r: bool(r.errors or r.warnings),
    "changes": lambda r: r.action in (CREATE, UPDATE),
}
ROWS_PER_PAGE = 100


@org_view(PERM)
def batch_list(request, org_code):
    batches = ImportBatch.objects.select_related("created_by", "org")[:100]
    return render(request, "imports/list.html", {"batches": batches})


@org_view(PERM, methods=("GET", "POST"))
def org_upload(request, org_code):
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            batch = services.batch_create(
                org=request.org, user=request.user, kind="orgs", upload=form.cleaned_data["file"]
            )
        except ImportFileError as exc:
            form.add_error("file", str(exc))
        else:
            return redirect("imports:detail", org_code=org_code, batch_id=batch.pk)
    return render(
        request,
        "imports/upload.html",
        {
            "form": form,
            "columns": OrgImporter.columns,
            "kind_names": KIND_NAMES,
            "unit_names": UNIT_NAMES,
        },
    )


@org_view(PERM)
def org_template(request, org_code):
    """An empty organisation file with the header row, to fill in."""
    wb = Workbook()
    ws = wb.active
    ws.title = "工会组织"
    ws.append([c.name for c in OrgImporter.columns])
    out = io.BytesIO()
    wb.save(out)
    return _xlsx(out.getvalue(), "工会组织导入模板.xlsx")


@org_view(PERM)
def detail(request, org_code, batch_id):
    batch = get_object_or_404(ImportBatch.objects.select_related("created_by", "org"), pk=batch_id)
    preview = services.batch_preview(batch)
    show = request.GET.get("show", "all")
    if show not in FILTERS:
        show = "all"
    rows = [r for r in preview.rows if FILTERS[show](r)]
    page = Paginator(rows, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    for r in page:
        r.label, r.badge = ACTION_LABELS[r.action], ACTION_BADGES[r.action]
        r.cells = [(c, r.values.get(c, "")) for c in preview.columns if r.values.get(c)]
        r.change_list = [(c, pair[0], pair[1]) for c, pair in r.changes.items()]
    return render(
        request,
        "imports/detail.html",
        {
            "batch": batch,
            "preview": preview,
            "counts": preview.counts,
            "page_obj": page,
            "show": show,
            "filters": [
                ("all", _("All rows")),
                ("errors", _("Errors and warnings")),
                ("changes", _("Changes")),
            ],
            "can_act": batch.status == ImportBatch.Status.PREVIEWED,
        },
    )


@org_view(PERM, methods=("POST",))
def commit(request, org_code, batch_id):
    batch = get_object_or_404(ImportBatch, pk=batch_id)
    if batch.has_errors:
        messages.error(
            request,
            _("Nothing was imported: %(n)s rows have errors. Correct the file and upload it again.")
            % {"n": batch.counts.get("error", 0)},
        )
        return redirect("imports:detail", org_code=org_code, batch_id=batch.pk)
    try:
        done = services.batch_commit(batch=batch)
    except (ImportRefused, services.BatchError) as exc:
        messages.error(request, str(exc))
    else:
        counts = done.counts
        messages.success(
            request,
            _("Imported: %(create)s new, %(update)s updated, %(unchanged)s unchanged.") % counts,
        )
    return redirect("imports:detail", org_code=org_code, batch_id=batch.pk)


@org_view(PERM, methods=("POST",))
def cancel(request, org_code, batch_id):
    batch = get_object_or_404(ImportBatch, pk=batch_id)
    try:
        services.batch_cancel(batch=batch)
    except services.BatchError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The import was cancelled; nothing was written."))
    return redirect("imports:detail", org_code=org_code, batch_id=batch.pk)


@org_view(PERM)
def error_report(request, org_code, batch_id):
    batch = get_object_or_404(ImportBatch, pk=batch_id)
    try:
        data = services.batch_error_report(batch)
    except (services.BatchError, ImportFileError) as exc:
        raise Http404 from exc
    stem = batch.original_name.rsplit(".", 1)[0]
    return _xlsx(data, f"{stem}-错误说明.xlsx")


def _xlsx(data: bytes, filename: str) -> HttpResponse:
    return HttpResponse(
        data,
        content_type=XLSX,
        headers={"Content-Disposition": content_disposition_header(True, filename)},
    )
