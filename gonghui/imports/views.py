"""Import pages: upload a spreadsheet, check its preview, then import it or cancel.

Each kind of import needs its own permission (services.KIND_PERMISSIONS): the upload
pages declare it; the pages of one batch are open to any role of the organisation and
then check the permission of the batch's kind (403 without it).
"""

from __future__ import annotations

import io

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django_htmx.http import HttpResponseClientRefresh
from openpyxl import Workbook
from openpyxl.styles import Font

from gonghui.core.decorators import org_view
from gonghui.core.exports import write_cell
from gonghui.core.files import XLSX, file_response
from gonghui.finance.importing import HEADER_COLUMNS, VoucherImporter
from gonghui.members import vocab
from gonghui.members.importing import ID_NUMBER, MOBILE, MemberImporter
from gonghui.orgs.importing import KIND_NAMES, UNIT_NAMES, OrgImporter

from . import selectors, services, tasks
from .base import CREATE, ERROR, UNCHANGED, UPDATE, WRITING, ImportRefused, Preview
from .forms import UploadForm
from .models import ImportBatch
from .tabular import ImportFileError

# Any role may reach a batch's pages; the batch's kind decides (_batch below).
ANY_ROLE = "dashboard:read"

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
# After the import the rows say what was done, not what would be.
DONE_LABELS = {
    CREATE: pgettext_lazy("import row done", "Added"),
    UPDATE: pgettext_lazy("import row done", "Updated"),
}
FILTERS = {
    "all": lambda r: True,
    "errors": lambda r: bool(r.errors or r.warnings),
    "changes": lambda r: r.action in (CREATE, UPDATE),
}
UPLOAD_URLS = {
    ImportBatch.Kind.ORGS: "imports:org_upload",
    ImportBatch.Kind.MEMBERS: "imports:member_upload",
    ImportBatch.Kind.VOUCHERS: "imports:voucher_upload",
}
ROWS_PER_PAGE = 100
NOTES_SHOWN = 20
# The imported vouchers listed on a voucher import's page (the rest on the voucher list).
VOUCHERS_SHOWN = 50


def _cards(counts: dict, groups: dict | None, kind: str, done: bool) -> list[dict]:
    """The figures above the rows. An import whose records span several rows (a voucher
    is several lines) counts its records: the rows are said below the cards."""
    if groups is None or kind != ImportBatch.Kind.VOUCHERS:
        return [
            {"n": counts.get(CREATE, 0), "label": _("New"), "css": "text-success"},
            {"n": counts.get(UPDATE, 0), "label": _("Update"), "css": "text-primary"},
            {"n": counts.get(UNCHANGED, 0), "label": _("Unchanged"), "css": "text-secondary"},
            {"n": counts.get(ERROR, 0), "label": _("Errors"), "css": "text-danger"},
        ]
    return [
        {"n": groups.get("total", 0), "label": _("Vouchers in the file"), "css": ""},
        {
            "n": groups.get(CREATE, 0),
            "label": _("Imported and posted") if done else _("Vouchers to import"),
            "css": "text-success",
        },
        {
            "n": groups.get(UNCHANGED, 0),
            "label": _("Imported before"),
            "css": "text-secondary",
        },
        {"n": groups.get(ERROR, 0), "label": _("Vouchers with errors"), "css": "text-danger"},
    ]


def _imported_vouchers(batch: ImportBatch, groups: dict | None) -> dict | None:
    """The vouchers a committed voucher import brought in, the first of them listed.
    (An import committed before vouchers recorded their batch has no `groups`.)"""
    if (
        groups is None
        or batch.kind != ImportBatch.Kind.VOUCHERS
        or batch.status != ImportBatch.Status.COMMITTED
    ):
        return None
    from gonghui.finance.models import Voucher

    found = Voucher.objects.filter(org=batch.org, import_batch=batch).order_by(
        "year", "month", "seq", "id"
    )
    return {"shown": list(found[:VOUCHERS_SHOWN]), "total": found.count()}


def _batch(request, batch_id: int) -> ImportBatch:
    """The batch (404 outside the scope), if the user may import its kind (403)."""
    # The preview may be tens of MB of JSON: pages read it one slice at a time.
    batch = get_object_or_404(
        ImportBatch.objects.select_related("created_by", "org").defer("preview"), pk=batch_id
    )
    if not request.access.has(services.KIND_PERMISSIONS[batch.kind]):
        raise PermissionDenied
    return batch


@org_view(ANY_ROLE)
def batch_list(request, org_code):
    kinds = services.kinds_for(request.access)
    if not kinds:
        raise PermissionDenied
    batches = (
        ImportBatch.objects.filter(kind__in=kinds)
        .select_related("created_by", "org")
        .defer("preview")
    )
    return render(request, "imports/list.html", {"batches": batches[:100], "kinds": kinds})


def _upload(request, org_code: str, kind: str, template: str, context: dict):
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            batch = services.batch_create(
                org=request.org, user=request.user, kind=kind, upload=form.cleaned_data["file"]
            )
        except ImportFileError as exc:
            form.add_error("file", str(exc))
        else:
            return redirect("imports:detail", org_code=org_code, batch_id=batch.pk)
    return render(request, template, {"form": form, **context})


@org_view("orgs.import:run", methods=("GET", "POST"))
def org_upload(request, org_code):
    return _upload(
        request,
        org_code,
        ImportBatch.Kind.ORGS,
        "imports/upload.html",
        {"columns": OrgImporter.columns, "kind_names": KIND_NAMES, "unit_names": UNIT_NAMES},
    )


@org_view("members.import:run", methods=("GET", "POST"))
def member_upload(request, org_code):
    return _upload(
        request,
        org_code,
        ImportBatch.Kind.MEMBERS,
        "imports/member_upload.html",
        {
            "columns": MemberImporter.columns,
            "member_types": "、".join(label for _v, label in vocab.MEMBER_TYPES),
            "id_types": "、".join(label for _v, label in vocab.ID_TYPES),
        },
    )


@org_view("finance.voucher:post", methods=("GET", "POST"))
def voucher_upload(request, org_code):
    return _upload(
        request,
        org_code,
        ImportBatch.Kind.VOUCHERS,
        "imports/voucher_upload.html",
        {"columns": VoucherImporter.columns, "header_columns": HEADER_COLUMNS},
    )


@org_view("orgs.import:run")
def org_template(request, org_code):
    """An empty organisation file with the header row, to fill in."""
    return _template(OrgImporter.columns, "工会组织", "工会组织导入模板.xlsx", text=())


@org_view("members.import:run")
def member_template(request, org_code):
    """An empty roster with the header row; the number columns are text, so that Excel
    keeps every digit of an ID number."""
    return _template(
        MemberImporter.columns, "会员花名册", "会员导入模板.xlsx", text=(ID_NUMBER, MOBILE)
    )


@org_view("finance.voucher:post")
def voucher_template(request, org_code):
    """An empty voucher list with the header row; codes and numbers are text, so that
    Excel keeps 50102 and 记-12 as written."""
    return _template(
        VoucherImporter.columns, "凭证", "凭证导入模板.xlsx", text=("凭证号", "科目编码")
    )


def _template(columns, title: str, filename: str, *, text) -> HttpResponse:
    wb = Workbook()
    ws = wb.active
    ws.title = title
    for j, column in enumerate(columns, start=1):
        cell = write_cell(ws.cell(row=1, column=j), column.name)
        cell.font = Font(bold=True)
        if column.name in text:
            for i in range(2, 1002):
                ws.cell(row=i, column=j).number_format = "@"
    ws.freeze_panes = "A2"
    out = io.BytesIO()
    wb.save(out)
    return file_response(out.getvalue(), filename=filename, content_type=XLSX)


@org_view(ANY_ROLE)
def detail(request, org_code, batch_id):
    batch = _batch(request, batch_id)
    services.batch_check_job(batch=batch)
    if batch.is_running:
        return render(request, "imports/running.html", _running(batch))
    head = selectors.preview_head(batch)
    preview = Preview.from_json({**head, "rows": []})
    show = request.GET.get("show", "all")
    if show not in FILTERS:
        show = "all"
    # Rows with errors first, a page at a time, sliced by the database.
    page = Paginator(selectors.PreviewRows(batch, show), ROWS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    rows = Preview.from_json(
        {"rows": services.row_mask(batch, request.access)(list(page.object_list))}
    ).rows
    done = batch.status == ImportBatch.Status.COMMITTED
    for r in rows:
        r.label, r.badge = ACTION_LABELS[r.action], ACTION_BADGES[r.action]
        if done and r.action in DONE_LABELS:
            r.label = DONE_LABELS[r.action]
        r.cells = [(c, r.values.get(c, "")) for c in preview.columns if r.values.get(c)]
        r.change_list = [(c, pair[0], pair[1]) for c, pair in r.changes.items()]
    page.object_list = rows
    counts = head.get("counts") or batch.counts or Preview.from_json({}).counts
    groups = head.get("groups")
    return render(
        request,
        "imports/detail.html",
        {
            "batch": batch,
            "preview": preview,
            "stored_rows": selectors.PreviewRows(batch).count() if head.get("sampled") else 0,
            "counts": counts,
            "groups": groups if batch.kind == ImportBatch.Kind.VOUCHERS else None,
            "cards": _cards(counts, groups, batch.kind, done),
            "imported": _imported_vouchers(batch, groups),
            "notes": preview.notes[:NOTES_SHOWN],
            "more_notes": max(0, len(preview.notes) - NOTES_SHOWN),
            "page_obj": page,
            "show": show,
            "filters": [
                ("all", _("All rows")),
                ("errors", _("Errors and warnings")),
                ("changes", _("Changes")),
            ],
            "can_act": batch.status == ImportBatch.Status.PREVIEWED,
            "can_retry": batch.status == ImportBatch.Status.INTERRUPTED,
            "upload_url": UPLOAD_URLS[batch.kind],
        },
    )


def _running(batch: ImportBatch) -> dict:
    stage, done, total = tasks.progress(batch)
    percent = min(100, done * 100 // total) if total else 0
    return {
        "batch": batch,
        "done": done,
        "total": total,
        "percent": percent,
        "writing": stage == WRITING,
    }


@org_view(ANY_ROLE)
def progress(request, org_code, batch_id):
    """The progress bar of a running batch, polled by htmx; when the job is done the
    page reloads and shows the preview or the result."""
    batch = _batch(request, batch_id)
    services.batch_check_job(batch=batch)
    if not batch.is_running:
        return HttpResponseClientRefresh()
    return render(request, "imports/_progress.html", _running(batch))


@org_view(ANY_ROLE, methods=("POST",))
def commit(request, org_code, batch_id):
    batch = _batch(request, batch_id)
    if batch.has_errors:
        messages.error(
            request,
            _("Nothing was imported: %(n)s rows have errors. Correct the file and upload it again.")
            % {"n": batch.counts.get("error", 0)},
        )
        return redirect("imports:detail", org_code=org_code, batch_id=batch.pk)
    # A BatchError (a DomainError) is org_view's: the message on the page the button is on.
    # ImportRefused is not one (the API answers it with the batch): it is said here.
    try:
        done = services.batch_commit(batch=batch)
    except ImportRefused as exc:
        messages.error(request, str(exc))
    else:
        _imported(request, done)
    return redirect("imports:detail", org_code=org_code, batch_id=batch.pk)


def _imported(request, done) -> None:
    """Say what an import wrote (nothing to say while its background job runs)."""
    if done is not None and done.kind == ImportBatch.Kind.VOUCHERS and done.groups:
        messages.success(
            request,
            _("Imported: %(create)s vouchers posted, %(unchanged)s imported before.") % done.groups,
        )
    elif done is not None:
        messages.success(
            request,
            _("Imported: %(create)s new, %(update)s updated, %(unchanged)s unchanged.")
            % done.counts,
        )


@org_view(ANY_ROLE, methods=("POST",))
def cancel(request, org_code, batch_id):
    batch = _batch(request, batch_id)
    services.batch_cancel(batch=batch)
    messages.success(request, _("The import was cancelled; nothing was written."))
    return redirect("imports:detail", org_code=org_code, batch_id=batch.pk)


@org_view(ANY_ROLE, methods=("POST",))
def retry(request, org_code, batch_id):
    """Start an interrupted import's job again (its check, or its commit)."""
    batch = _batch(request, batch_id)
    try:  # ImportRefused is not a DomainError: said here (a BatchError is org_view's)
        done = services.batch_retry(batch=batch)
    except ImportRefused as exc:
        messages.error(request, str(exc))
    else:
        _imported(request, done)
        if done is None:
            messages.success(request, _("The import was started again."))
    return redirect("imports:detail", org_code=org_code, batch_id=batch.pk)


@org_view(ANY_ROLE)
def error_report(request, org_code, batch_id):
    batch = _batch(request, batch_id)
    # Kept, and not left to org_view: a download link whose file is gone is a 404, not a
    # message on another page.
    try:
        data = services.batch_error_report(batch)
    except (services.BatchError, ImportFileError) as exc:
        raise Http404 from exc
    stem = batch.original_name.rsplit(".", 1)[0]
    return file_response(data, filename=f"{stem}-错误说明.xlsx", content_type=XLSX)
