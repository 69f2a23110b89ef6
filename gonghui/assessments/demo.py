"""Demo: the district (D0001) has defined this year's 模范职工之家 assessment from the
built-in template and published it to its unions; the factory (F0001) has scored itself
item by item, cited its own records (an activity, an openness notice, a plan task) and
attached files, and handed it in for the district to review; the others have not started.

Deterministic (the deadline is thirty days after the day the demo is loaded) and
idempotent (nothing is added when the district already has a scheme of that title)."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from . import rules, selectors, services
from .models import Assessment, RecordType, Scheme

TITLE = "年度模范职工之家考核"
# What the factory claims, item by item (a note for some).
CLAIMS = {
    "A1": ("10", "2024年按期换届，委员7人"),
    "A2": ("5", "9个工会小组均有组长"),
    "B1": ("8", "入会率97%"),
    "A3": ("4", "帮扶台账缺少月度更新"),
    "C1": ("13", ""),
    "C2": ("10", "上半年厂务公开按时发布"),
    "C3": ("5", ""),
    "D1": ("9", ""),
    "D2": ("4", ""),
    "E1": ("5", "职工之家320平方米，含阅览室、健身房、母婴室"),
    "E2": ("9", "全年文体活动6次"),
    "F1": ("4", ""),
    "F2": ("5", ""),
}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def _first_record(org, year, kind):
    for key, _label, options in selectors.record_choices(org, year, limit=1):
        if key == kind and options:
            return options[0][0]
    return None


def load(ctx) -> None:
    orgs, users = ctx["orgs"], ctx["users"]
    district, staff = orgs["D0001"], users["district"]
    year = timezone.localdate().year
    title = f"{year}{TITLE}"
    if Scheme._base_manager.filter(org=district, title=title).exists():
        return
    scheme = services.scheme_create(
        actor=staff,
        org=district,
        data={
            "year": year,
            "title": title,
            "instructions": "请各基层工会对照考核细则逐项自评，上传佐证材料或关联本单位台账记录，"
            "于截止日前提交。区总工会将组织复核评分，结果作为推荐市级模范职工之家的依据。",
            "deadline": timezone.localdate() + dt.timedelta(days=30),
            "items": rules.model_home(),
            "target_mode": "subtree",
        },
    )
    services.scheme_publish(actor=staff, scheme=scheme)
    factory, chair = orgs["F0001"], users["factory_chair"]
    assessment = Assessment._base_manager.select_related("scheme", "org").get(
        scheme=scheme, org=factory
    )
    scores = {code: {"score": s, "note": n} for code, (s, n) in CLAIMS.items()}
    services.assessment_self_score(actor=chair, assessment=assessment, scores=scores)
    # Evidence: the factory's own records where the item asks for one, files otherwise.
    cited = {
        "E2": RecordType.ACTIVITY,
        "C2": RecordType.NOTICE,
        "D2": RecordType.TASK,
    }
    for item in scheme.flat_items:
        code, need = item["code"], item["evidence"]
        if need == "none":
            continue
        kind = cited.get(code)
        record_id = _first_record(factory, year, kind) if kind else None
        if record_id is not None and need in ("record", "any"):
            services.evidence_attach_record(
                actor=chair,
                assessment=assessment,
                item=code,
                record_type=kind,
                record_id=record_id,
            )
        elif need in ("file", "any"):
            services.evidence_attach_file(
                actor=chair, assessment=assessment, item=code, upload=_pdf(f"{code}佐证材料.pdf")
            )
        else:  # a record the demo does not hold: claim nothing for it
            scores[code] = {"score": "0", "note": ""}
            ctx.setdefault("warnings", []).append(
                f"assessments demo: no {kind} of F0001 in {year} to cite for {code}"
            )
    services.assessment_self_score(actor=chair, assessment=assessment, scores=scores)
    services.assessment_submit(actor=chair, assessment=assessment)
