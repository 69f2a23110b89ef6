from __future__ import annotations

OBJECT_KWARGS = {
    "plan_id": ("plans.Plan", "org"),
    "section_id": ("plans.Section", "plan__org"),
    "task_id": ("plans.Task", "plan__org"),
    "evidence_id": ("plans.Evidence", "task__plan__org"),
    "record_id": ("plans.Record", "org"),
    "attachment_id": ("plans.Attachment", "record__org"),
}
VALUE_KWARGS = {
    "action": ["accept", "archive", "discard", "edit"],
    "direction": ["up", "down"],
    "year": ["2026"],
    "fmt": ["docx", "pdf"],
}


def build(union) -> None:
    """A tracked plan of the foreign union with a section, a task, a record and evidence."""
    from django.core.files.base import ContentFile

    from gonghui.plans.models import Attachment, Evidence, Plan, Record, Section, Task

    plan = Plan.objects.create(org=union, year=2026, title="外区工作计划", status="accepted")
    section = Section.objects.create(plan=plan, title="外区章节", position=1)
    task = Task.objects.create(plan=plan, section=section, text="外区任务", position=1)
    record = Record.objects.create(org=union, date="2026-03-01", title="外区记录")
    att = Attachment(record=record, token="f" * 32, name="外区.txt", size=3)
    att.file.save("x.txt", ContentFile(b"abc"), save=False)
    att.save()
    Evidence.objects.create(
        task=task,
        kind="plans.record",
        object_id=str(record.pk),
        title="外区记录",
        date="2026-03-01",
    )
