"""What an operator meets while setting Gonghui up (#13 §8): Chinese words that say what to set."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_a_host_missing_from_allowed_hosts_is_explained_in_chinese_and_logged(
    client, settings, caplog
):
    settings.ALLOWED_HOSTS = ["gonghui.example.org"]
    with caplog.at_level("WARNING", logger="gonghui.setup"):
        r = client.get("/accounts/login/", HTTP_HOST="10.1.2.3:8000")
    assert r.status_code == 400
    body = r.content.decode()
    assert "ALLOWED_HOSTS" in body and "访问地址" in body
    assert "Bad Request" not in body
    assert any("10.1.2.3:8000" in rec.getMessage() for rec in caplog.records)


def test_a_command_without_a_secret_key_says_in_chinese_how_to_set_one(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "GONGHUI_TESTING"}}
    env.update(GONGHUI_VAR_DIR=str(tmp_path), DEBUG="0")
    done = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode != 0
    assert "SECRET_KEY 未设置" in done.stderr and "make run" in done.stderr
