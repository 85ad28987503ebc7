"""The systemd units in deploy/: the web server, the task worker and the announcer keep running."""

import configparser
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import load_command_class

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
APP_DIR = "/srv/broadsheet/app"
LONG_RUNNING = {
    "broadsheet-web.service": "gunicorn",
    "broadsheet-worker.service": "run_worker",
    "broadsheet-announcer.service": "announce_posts",
}


def unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None, delimiters=("=",))
    parser.optionxform = str  # systemd keys are case-sensitive
    parser.read_string((DEPLOY / name).read_text(encoding="utf-8"))
    return parser


def seconds(value: str) -> float:
    """systemd time spans as the units write them: ``5``, ``5s``, ``1min``, ``500ms``."""
    for suffix, factor in (("ms", 0.001), ("min", 60), ("s", 1)):
        if value.endswith(suffix):
            return float(value.removesuffix(suffix)) * factor
    return float(value)


@pytest.mark.parametrize("name", LONG_RUNNING)
def test_each_long_running_unit_restarts_after_a_failure_with_a_pause(name):
    service = unit(name)["Service"]
    assert service["Restart"] in {"on-failure", "always"}
    assert 1 <= seconds(service["RestartSec"]) <= 60  # no busy loop, no long outage
    assert unit(name)["Install"]["WantedBy"] == "multi-user.target"


@pytest.mark.parametrize("name", LONG_RUNNING)
def test_each_unit_runs_unprivileged_in_the_checkout_with_the_settings_file(name):
    service = unit(name)["Service"]
    assert service["User"] not in {"", "root"}
    assert service["WorkingDirectory"] == APP_DIR
    assert service["EnvironmentFile"] == "/srv/broadsheet/.env"


def test_the_web_unit_starts_gunicorn_with_the_shipped_config():
    command = shlex.split(unit("broadsheet-web.service")["Service"]["ExecStart"])
    assert command[0] == f"{APP_DIR}/.venv/bin/gunicorn"
    assert command[1:] == ["-c", "deploy/gunicorn.conf.py", "config.wsgi"]
    assert (ROOT / command[2]).exists()


@pytest.mark.parametrize(
    ("name", "app", "expected"),
    [
        ("broadsheet-worker.service", "core", {"reload": False}),
        ("broadsheet-announcer.service", "subscriptions", {"every": 30}),
        ("broadsheet-purge.service", "blog", {"if_due": True}),
        ("broadsheet-prune.service", "django_tasks_db", {"min_age_days": 7}),
        ("broadsheet-purge-spam.service", "comments", {"days": None}),
    ],
)
def test_the_management_commands_in_the_units_exist_and_take_those_options(
    settings, name, app, expected
):
    # Production's task backend (the test run uses the immediate one).
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    command = shlex.split(unit(name)["Service"]["ExecStart"])
    assert command[:2] == [f"{APP_DIR}/.venv/bin/python", "manage.py"]
    parser = load_command_class(app, command[2]).create_parser("manage.py", command[2])
    options = vars(parser.parse_args(command[3:]))  # exits on an unknown option
    assert {key: options[key] for key in expected} == expected


@pytest.mark.parametrize(
    "name", ["broadsheet-purge.timer", "broadsheet-prune.timer", "broadsheet-purge-spam.timer"]
)
def test_the_timers_start_their_oneshot_service(name):
    timer = unit(name)
    assert timer["Timer"]["OnCalendar"]
    assert timer["Install"]["WantedBy"] == "timers.target"
    assert unit(name.replace(".timer", ".service"))["Service"]["Type"] == "oneshot"


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="systemd-analyze is not installed")
def test_systemd_reads_every_unit_without_a_complaint(tmp_path):
    # The units point at the checkout on the server; here at this one, so the programs exist.
    (tmp_path / "env").write_text("")
    for path in DEPLOY.glob("broadsheet-*"):
        text = path.read_text(encoding="utf-8").replace(
            "/srv/broadsheet/.env", str(tmp_path / "env")
        )
        (tmp_path / path.name).write_text(text.replace(APP_DIR, str(ROOT)))
    names = sorted(path.name for path in tmp_path.glob("broadsheet-*"))
    assert len(names) == 9
    result = subprocess.run(
        ["systemd-analyze", "verify", *names],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0 and result.stderr == "", result.stderr
