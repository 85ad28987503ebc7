"""deploy/manage: manage.py with the settings file the systemd units read."""

import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run(env_file: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "SITE_URL"}}
    return subprocess.run(
        [str(ROOT / "deploy" / "manage"), *args],
        env={**env, "BROADSHEET_ENV": str(env_file)},
        cwd="/",
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_it_runs_a_command_with_the_settings_file_from_anywhere(tmp_path):
    settings_file = tmp_path / "env"
    settings_file.write_text(
        "DEBUG=0\nSECRET_KEY=k-from-the-file-0123456789\nSITE_URL=http://127.0.0.1:8000\n"
        'DEFAULT_FROM_EMAIL="A Blog <noreply@blog.example.com>"\n'
    )
    result = run(settings_file, "check", "--deploy")
    # The file's values reached Django: its SITE_URL is refused by the deploy check.
    assert result.returncode != 0
    assert "core.E002" in result.stderr
    assert "SECRET_KEY is not set" not in result.stderr


def test_a_missing_settings_file_is_named(tmp_path):
    result = run(tmp_path / "nowhere", "check")
    assert result.returncode == 1
    assert f"Cannot read the settings file {tmp_path / 'nowhere'}" in result.stderr
