"""The shared form helper and file responses of core (#12)."""

from __future__ import annotations

from django import forms

from gonghui.core.errors import DomainError
from gonghui.core.files import XLSX, file_response
from gonghui.core.forms import BootstrapMixin, run


class _Form(BootstrapMixin, forms.Form):
    name = forms.CharField()
    agree = forms.BooleanField(required=False)
    kind = forms.ChoiceField(choices=[("a", "甲")])


def _refuse(*, field=None):
    raise DomainError("不行", field=field)


def test_run_returns_what_the_service_returns():
    form = _Form({"name": "张三", "kind": "a"})
    assert form.is_valid()
    assert run(form, lambda *, x: x * 2, x=21) == 42
    assert not form.errors


def test_a_refusal_lands_on_its_field_or_on_the_form():
    form = _Form({"name": "张三", "kind": "a"})
    form.is_valid()
    assert run(form, _refuse, field="name") is None
    assert form.errors["name"] == ["不行"]
    other = _Form({"name": "张三", "kind": "a"})
    other.is_valid()
    assert run(other, _refuse, field="no_such_field") is None
    assert other.non_field_errors() == ["不行"]


def test_widgets_get_their_bootstrap_classes():
    form = _Form()
    assert form.fields["name"].widget.attrs["class"] == "form-control"
    assert form.fields["agree"].widget.attrs["class"] == "form-check-input"
    assert form.fields["kind"].widget.attrs["class"] == "form-select"


def test_a_chinese_file_name_is_sent_as_rfc5987_and_cannot_break_the_header():
    r = file_response(b"x", filename="会员花名册\r\nSet-Cookie: a=b.xlsx", content_type=XLSX)
    header = r["Content-Disposition"]
    assert header.startswith("attachment; filename*=utf-8''")
    assert "\r" not in header and "\n" not in header
    assert "%E4%BC%9A%E5%91%98" in header
    inline = file_response(b"x", filename="report.pdf", content_type="application/pdf", inline=True)
    assert inline["Content-Disposition"] == 'inline; filename="report.pdf"'


def test_an_ascii_name_with_a_line_break_is_cleaned_not_a_500():
    r = file_response(b"x", filename='a\r\nb"c.pdf', content_type="application/pdf")
    assert r["Content-Disposition"] == 'attachment; filename="ab\\"c.pdf"'
