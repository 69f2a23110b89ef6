"""The binder rendered for real (WeasyPrint with Noto CJK): every PDF in the zip is a PDF
and the build is quick enough to wait for (the demo school's took 19.5 s on CI's
machine; a union's records built here are fewer)."""

from __future__ import annotations

import time

import pytest

from gonghui.binders import rules
from gonghui.binders.models import JobStatus

from .conftest import ask, stored

pytestmark = pytest.mark.usefixtures("platform")


def test_every_pdf_is_rendered(records, union, chair):
    started = time.monotonic()
    job = ask(chair, union, union)
    took = time.monotonic() - started
    assert job.status == JobStatus.DONE, job.error
    files = stored(job)
    assert list(files)[0] == rules.CONTENTS_NAME
    pdfs = [name for name in files if name.endswith(".pdf")]
    assert len(pdfs) > len(rules.SECTIONS)
    for name in pdfs:
        assert files[name].startswith(b"%PDF"), name
    assert took < 30, took
