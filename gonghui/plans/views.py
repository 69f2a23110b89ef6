"""Pages of the work plan: import, correct, track with evidence, calendar."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from gonghui.core.decorators import org_view
from gonghui.core.forms import run
from gonghui.core.params import year_param

from . import drafting, extras, selectors, services, services_summary
from . import evidence as evidence_registry
from .forms import ImportForm, PlanForm, RecordForm, SectionForm, SplitForm, StatusForm, TaskForm
from .models import Evidence, Plan, PlanStatus, Section, Task, TaskOrigin, TaskStatus
from .services import PlanError
from .taxonomy import CATEGORIES


def _plan(request, plan_id) -> Plan:
    return get_object_or_404(selectors.plans(request.org), pk=plan_id)


def _task(request, task_id) -> Task:
    return get_object_or_404(selectors.tasks(request.org), pk=task_id)


def _back(request, default: str):
    nxt = request.POST.get("next") or request.GET.get("next")
    if nxt and url_has_allowed_host_and_scheme(nxt, {request.get_host()}):
        return HttpResponseRedirect(nxt)
    return redirect(default)


def _plan_url(plan: Plan, anchor: str = "") -> str:
    url = reverse("plans:plan", kwargs={"org_code": plan.org.code, "plan_id": plan.pk})
    return f"{url}#{anchor}" if anchor else url


@org_view("plans.plan:read")
def index(request, org_code):
    year = year_param(request)
    plans = list(Plan.objects.filter(org=request.org, year=year).order_by("id"))
    tasks_of: dict[int, list[Task]] = {}
    for t in selectors.tasks_with_progress(
        Task.objects.filter(plan__in=plans).exclude(status=TaskStatus.DROPPED)
    ):
        tasks_of.setdefault(t.plan_id, []).append(t)
    for plan in plans:
        tasks = tasks_of.get(plan.pk, [])
        plan.task_count = len(tasks)
        plan.done_count = sum(1 for t in tasks if selectors.is_done(t))
    years = sorted(
        {*Plan.objects.filter(org=request.org).values_list("year", flat=True), year}, reverse=True
    )
    return render(
        request,
        "plans/index.html",
        {
            "plans": plans,
            "year": year,
            "years": years,
            "due": selectors.due_tasks(request.org, timezone.localdate()),
        },
    )


@org_view("plans.plan:write", methods=("GET", "POST"))
def plan_import(request, org_code):
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data, filename = form.document()
        year = form.cleaned_data["year"]
        if form.cleaned_data.get("as_kind") == "summary":
            summary = run(
                form,
                services_summary.summary_import,
                actor=request.user,
                org=request.org,
                year=year,
                data=data,
                filename=filename,
                confirm=form.cleaned_data.get("confirm", False),
            )
            if summary:
                messages.success(request, _("Kept as the summary of %(year)s.") % {"year": year})
                return redirect("plans:summary", org_code=org_code, year=year)
            return render(request, "plans/import.html", {"form": form})
        plans = run(
            form,
            services.plans_import,
            actor=request.user,
            org=request.org,
            year=year,
            data=data,
            filename=filename,
            title=form.cleaned_data.get("title") or "",
            as_kind=form.cleaned_data.get("as_kind") or "",
        )
        if plans:
            if plans.skipped:
                messages.warning(
                    request,
                    _("Nothing to import was found in: %(parts)s. They were left out.")
                    % {"parts": "、".join(plans.skipped)},
                )
            if len(plans) == 1:
                messages.success(
                    request,
                    _(
                        "The plan was read: %(s)s sections, %(t)s tasks. Check them, then accept the plan."
                    )
                    % {"s": plans[0].sections.count(), "t": plans[0].tasks.count()},
                )
                return redirect(_plan_url(plans[0]))
            messages.success(
                request,
                _(
                    "The file holds %(n)s plans; each is a draft now. Keep the ones you need and discard the others."
                )
                % {"n": len(plans)},
            )
            return redirect(
                f"{reverse('plans:index', kwargs={'org_code': org_code})}?year={plans[0].year}"
            )
    return render(request, "plans/import.html", {"form": form})


def _only_origin(nodes: list[selectors.OutlineNode], origin: str) -> list[selectors.OutlineNode]:
    """The outline with only the tasks of `origin`, and the sections holding any."""
    out = []
    for node in nodes:
        kept = selectors.OutlineNode(
            node.section,
            [t for t in node.tasks if t.origin == origin],
            _only_origin(node.children, origin),
        )
        if kept.tasks or kept.children:
            out.append(kept)
    return out


def _origins(plan: Plan, tasks: list[Task], chosen: str) -> dict:
    """What a drafted plan's page shows of where its tasks come from: the counts per
    origin for the filter, the origin chosen, and this year's tasks it left out."""
    if plan.drafted_from_id is None and not any(t.origin for t in tasks):
        return {}
    counts = drafting.origin_counts(tasks)
    return {
        "origin_filter": [(o, TaskOrigin(o).label, counts[o]) for o in drafting.ORIGIN_ORDER],
        "origin": chosen,
        "left_out": drafting.left_out(plan) if plan.drafted_from_id else [],
    }


@org_view("plans.plan:read")
def plan_detail(request, org_code, plan_id):
    plan = _plan(request, plan_id)
    roots, tasks = selectors.plan_outline(plan)
    can_write = request.access.has("plans.plan:write")
    chosen = request.GET.get("origin", "")
    chosen = chosen if chosen in TaskOrigin.values else ""
    if chosen:
        roots = _only_origin(roots, chosen)
    return render(
        request,
        "plans/plan.html",
        {
            "plan": plan,
            "roots": roots,
            "tasks": tasks,
            "panels": extras.panels(request, "plan", plan),
            **_origins(plan, tasks, chosen),
            # The draft made from this plan for next year, shown instead of the button.
            "next_draft": drafting.draft_of(plan) if plan.status == PlanStatus.ACCEPTED else None,
            "can_write": can_write,
            "categories": CATEGORIES,
            "owners": services.owner_choices(request.org) if can_write else [],
            "sections": plan.sections.order_by("position"),
            "plan_form": PlanForm(
                initial={"title": plan.title, "year": plan.year, "start_month": plan.start_month}
            ),
            # Named before the accept button: accepting this draft archives them.
            "replaces": list(
                selectors.plans(plan.org)
                .filter(year=plan.year, status=PlanStatus.ACCEPTED)
                .exclude(pk=plan.pk)
                .order_by("id")
            )
            if plan.is_draft
            else [],
        },
    )


@org_view("plans.plan:read")
def plan_source(request, org_code, plan_id):
    plan = _plan(request, plan_id)
    return render(request, "plans/source.html", {"plan": plan})


@org_view("plans.plan:write", methods=("POST",))
def plan_action(request, org_code, plan_id, action):
    plan = _plan(request, plan_id)
    if action == "accept":
        # `replace` is sent by the button the page shows once it has named the plan of
        # the same year that accepting this one archives.
        replace = request.POST.get("replace") == "1"
        services.plan_accept(actor=request.user, plan=plan, replace=replace)
        messages.success(request, _("The plan is accepted; its tasks are now tracked."))
    elif action == "archive":
        services.plan_archive(actor=request.user, plan=plan)
        messages.success(request, _("The plan is archived."))
    elif action == "discard":
        services.plan_delete(actor=request.user, plan=plan)
        messages.success(request, _("The draft was discarded."))
        return redirect("plans:index", org_code=org_code)
    elif action == "edit":
        form = PlanForm(request.POST)
        if not form.is_valid():
            raise PlanError(_("Give a title and a year between 2000 and 2100."))
        services.plan_update(actor=request.user, plan=plan, **form.cleaned_data)
        messages.success(request, _("Saved."))
    else:
        raise Http404
    return redirect(_plan_url(plan))


@org_view("plans.plan:write", methods=("POST",))
def plan_draft_next_year(request, org_code, plan_id):
    """Draft next year's plan from this accepted plan, and open the draft."""
    plan = _plan(request, plan_id)
    draft = services.plan_draft_next_year(actor=request.user, plan=plan)
    messages.success(
        request,
        _(
            "Next year's plan is drafted from this year's plan and records. Check each task, "
            "edit what needs it, then accept the plan."
        ),
    )
    return redirect(_plan_url(draft))


@org_view("plans.plan:write", methods=("POST",))
def section_add(request, org_code, plan_id):
    plan = _plan(request, plan_id)
    form = SectionForm(request.POST)
    if form.is_valid():
        services.section_create(actor=request.user, plan=plan, **form.cleaned_data)
    else:
        messages.error(request, _("The section needs a title."))
    return redirect(_plan_url(plan))


@org_view("plans.plan:write", methods=("POST",))
def section_edit(request, org_code, section_id):
    section = get_object_or_404(selectors.sections(request.org), pk=section_id)
    form = SectionForm(request.POST)
    if form.is_valid():
        services.section_update(actor=request.user, section=section, **form.cleaned_data)
    else:
        messages.error(request, _("The section needs a title."))
    return redirect(_plan_url(section.plan, f"section-{section.pk}"))


@org_view("plans.plan:write", methods=("POST",))
def task_add(request, org_code, plan_id):
    plan = _plan(request, plan_id)
    text = (request.POST.get("text") or "").strip()
    section = None
    if request.POST.get("section"):
        section = get_object_or_404(Section.objects.filter(plan=plan), pk=request.POST["section"])
    category = request.POST.get("category") or "other"
    data = {"text": text, "section": section, "category": category}
    task = services.task_create(actor=request.user, plan=plan, data=data)
    return redirect(_plan_url(plan, f"task-{task.pk}"))


@org_view("plans.plan:read", methods=("GET", "POST"))
def task_detail(request, org_code, task_id):
    """The task: its progress and records; a writer edits it, splits it, links records."""
    task = _task(request, task_id)
    if request.method == "POST":
        if not request.access.has("plans.plan:write"):
            raise PermissionDenied
        form = TaskForm(request.POST, plan=task.plan, owners=services.owner_choices(request.org))
        data = form.cleaned_data if form.is_valid() else None
        if data is not None and run(
            form, services.task_update, actor=request.user, task=task, data=data
        ):
            messages.success(request, _("Saved."))
            return _back(request, _plan_url(task.plan, f"task-{task.pk}"))
        return _task_page(request, task, form=form, status=400)
    return _task_page(request, task)


def _task_page(request, task: Task, *, form=None, record_form=None, status=200):
    can_write = request.access.has("plans.plan:write")
    if form is None:
        form = TaskForm(
            initial={
                "text": task.text,
                "category": task.category,
                "months": task.months,
                "term": task.term,
                "quantities": TaskForm.quantities_text(task.quantities),
                "owner": task.owner_id,
                "section": task.section_id,
            },
            plan=task.plan,
            owners=services.owner_choices(request.org),
        )
    [task] = selectors.tasks_with_progress(Task.objects.filter(pk=task.pk))
    kinds = evidence_registry.kinds()
    kind_key = request.GET.get("kind") or (kinds[0].key if kinds else "")
    candidates = []
    if can_write and task.plan.status == PlanStatus.ACCEPTED and kind_key:
        try:
            kind = evidence_registry.get(kind_key)
        except LookupError:
            kind = None
        if kind is not None:
            linked = {e.object_id for e in task.evidence_list if e.kind == kind.key}
            for obj in kind.candidates(request.org, task.plan.year)[:50]:
                if str(obj.pk) not in linked:
                    candidates.append((obj, kind.describe(obj)))
    urls = _evidence_urls(task.evidence_list)
    described = []
    for ev in task.evidence_list:
        try:
            label = evidence_registry.get(ev.kind).label
        except LookupError:
            label = ev.kind
        described.append((ev, label, urls.get((ev.kind, ev.object_id), "")))
    return render(
        request,
        "plans/task.html",
        {
            "task": task,
            "form": form,
            "split_form": SplitForm(initial={"parts": task.text}),
            "record_form": record_form or RecordForm(initial={"date": timezone.localdate()}),
            "can_write": can_write,
            "kinds": kinds,
            "kind_key": kind_key,
            "candidates": candidates,
            "evidence": described,
            "statuses": TaskStatus.choices,
            "panels": extras.panels(request, "task", task),
        },
        status=status,
    )


def _evidence_urls(items: list[Evidence]) -> dict[tuple[str, str], str]:
    """The page of each linked record the viewer can still open, one query per kind
    (the scoped manager leaves out records outside the organisation)."""
    by_kind: dict[str, list[str]] = {}
    for ev in items:
        by_kind.setdefault(ev.kind, []).append(ev.object_id)
    urls = {}
    for key, ids in by_kind.items():
        try:
            kind = evidence_registry.get(key)
            found = kind.model_class._default_manager.in_bulk(ids)
        except (LookupError, ValueError):
            continue
        for pk, obj in found.items():
            urls[(key, str(pk))] = kind.describe(obj).url
    return urls


@org_view("plans.plan:write", methods=("POST",))
def task_split(request, org_code, task_id):
    task = _task(request, task_id)
    form = SplitForm(request.POST)
    if form.is_valid():
        services.task_split(actor=request.user, task=task, parts=form.cleaned_data["parts"])
        messages.success(request, _("The task was split."))
    return redirect(_plan_url(task.plan, f"task-{task.pk}"))


@org_view("plans.plan:write", methods=("POST",))
def task_move(request, org_code, task_id, direction):
    task = _task(request, task_id)
    # The arrows sit in a long outline: a refusal (the first task cannot go up) lands back
    # at the task's place in it, as a move does, not at the top of the page.
    try:
        services.task_move(actor=request.user, task=task, direction=direction)
    except PlanError as exc:
        messages.error(request, str(exc))
    return redirect(_plan_url(task.plan, f"task-{task.pk}"))


@org_view("plans.plan:write", methods=("POST",))
def task_status(request, org_code, task_id):
    task = _task(request, task_id)
    form = StatusForm(request.POST)
    if form.is_valid():
        services.task_set_status(actor=request.user, task=task, status=form.cleaned_data["status"])
    return _back(request, reverse("plans:task", kwargs={"org_code": org_code, "task_id": task.pk}))


@org_view("plans.plan:write", methods=("POST",))
def tasks_bulk(request, org_code, plan_id):
    """The correction bar of the outline: merge, re-categorise, assign, delete the ticked tasks."""
    plan = _plan(request, plan_id)
    ids = [i for i in request.POST.getlist("task") if i.isdigit()]
    tasks = list(plan.tasks.filter(pk__in=ids).order_by("position", "id"))
    action = request.POST.get("action")
    if not tasks:
        messages.error(request, _("Tick the tasks first."))
        return redirect(_plan_url(plan))
    if action == "merge":
        keep = services.tasks_merge(actor=request.user, tasks=tasks)
        messages.success(request, _("%(n)s tasks merged.") % {"n": len(tasks)})
        return redirect(_plan_url(plan, f"task-{keep.pk}"))
    if action == "category":
        data = {"category": request.POST.get("category")}
        services.tasks_update(actor=request.user, tasks=tasks, data=data)
    elif action == "owner":
        owner_id = request.POST.get("owner")
        owner = (
            services.owner_choices(request.org).filter(pk=owner_id).first() if owner_id else None
        )
        if owner_id and owner is None:
            raise PlanError(_("The owner must sit on this union's committee."))
        services.tasks_update(actor=request.user, tasks=tasks, data={"owner": owner})
    elif action == "section":
        section_id = request.POST.get("section")
        section = plan.sections.filter(pk=section_id).first() if section_id else None
        services.tasks_update(actor=request.user, tasks=tasks, data={"section": section})
    elif action == "delete":
        services.tasks_delete(actor=request.user, tasks=tasks)
    else:
        raise PlanError(_("Choose what to do with the ticked tasks."))
    messages.success(request, _("%(n)s tasks changed.") % {"n": len(tasks)})
    return redirect(_plan_url(plan))


@org_view("plans.plan:write", methods=("POST",))
def evidence_link(request, org_code):
    """Link a record to a task; posted from the task page and from other modules' pages
    (the `plans/_link_evidence.html` include)."""
    task_id = request.POST.get("task")
    if not (task_id or "").isdigit():
        messages.error(request, _("Choose the plan task this record fulfils."))
        return _back(request, reverse("plans:index", kwargs={"org_code": org_code}))
    task = _task(request, task_id)
    services.evidence_link(
        actor=request.user,
        task=task,
        kind_key=request.POST.get("kind", ""),
        object_id=request.POST.get("object_id", ""),
    )
    messages.success(request, _("Linked to the plan task “%(task)s”.") % {"task": task})
    return _back(request, reverse("plans:task", kwargs={"org_code": org_code, "task_id": task.pk}))


@org_view("plans.plan:write", methods=("POST",))
def evidence_unlink(request, org_code, evidence_id):
    ev = get_object_or_404(selectors.evidence(request.org), pk=evidence_id)
    task = ev.task
    services.evidence_unlink(actor=request.user, evidence=ev)
    messages.success(request, _("The record is no longer linked to the task."))
    return redirect("plans:task", org_code=org_code, task_id=task.pk)


@org_view("plans.plan:write", methods=("POST",))
def record_add(request, org_code, task_id):
    """A free-text work record with attachments, linked to the task at once."""
    task = _task(request, task_id)
    form = RecordForm(request.POST)
    files = request.FILES.getlist("attachments")
    data = form.cleaned_data if form.is_valid() else None
    if data is not None and run(
        form,
        services.record_create,
        actor=request.user,
        org=request.org,
        data=data,
        files=files,
        task=task,
    ):
        messages.success(request, _("The work record was saved and linked to the task."))
        return redirect("plans:task", org_code=org_code, task_id=task.pk)
    return _task_page(request, task, record_form=form, status=400)


@org_view("plans.plan:read")
def record_detail(request, org_code, record_id):
    record = get_object_or_404(selectors.records(request.org), pk=record_id)
    links = Evidence.objects.filter(kind="plans.record", object_id=str(record.pk)).select_related(
        "task", "task__plan"
    )
    return render(
        request,
        "plans/record.html",
        {"record": record, "attachments": record.attachments.all(), "links": links},
    )


@org_view("plans.plan:read")
def attachment_download(request, org_code, attachment_id):
    att = get_object_or_404(selectors.attachments(request.org), pk=attachment_id)
    return FileResponse(att.file.open("rb"), as_attachment=True, filename=att.name)


@org_view("plans.plan:read")
def calendar_view(request, org_code):
    year = year_param(request)
    return render(
        request,
        "plans/calendar.html",
        {
            "year": year,
            "months": selectors.calendar(request.org, year),
            "whole_year": selectors.whole_year_tasks(request.org, year),
            "today": timezone.localdate(),
        },
    )
