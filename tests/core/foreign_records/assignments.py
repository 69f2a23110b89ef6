"""The foreign district's report form, sent to the foreign union, which has attached a
photo: one record of each kind the assignments URLs take ids of."""

from __future__ import annotations

OBJECT_KWARGS = {
    "assignment_id": ("assignments.Assignment", "org"),
    "target_id": ("assignments.AssignmentTarget", "org"),
    "file_id": ("assignments.AnswerFile", "target__org"),
}


def build(union) -> None:
    import datetime as dt

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from gonghui.assignments import services

    form = services.assignment_create(
        actor=None,
        org=union.parent,
        data={
            "kind": "form",
            "title": "外区职工之家统计",
            "instructions": "外区填报",
            "deadline": timezone.localdate() + dt.timedelta(days=10),
            "target_mode": "subtree",
            "definition": {
                "fields": [
                    {"key": "n", "label": "职工人数", "type": "number"},
                    {"key": "photo", "label": "照片", "type": "file"},
                ]
            },
        },
    )
    services.assignment_send(actor=None, assignment=form)
    target = form.targets.get(org=union)
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
    services.answer_file_add(
        actor=None, target=target, field="photo", upload=SimpleUploadedFile("外区.png", png)
    )
