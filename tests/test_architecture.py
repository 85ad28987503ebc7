"""Which way the imports point (docs/architecture.md), read from every app's own code.

Each app may import only the apps beneath it. A new import that breaks a rule fails here with the
file and the line, before it shapes the code around it.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
OUR_APPS = [
    "config",
    "core",
    "accounts",
    "blog",
    "comments",
    "subscriptions",
    "federation",
    "wordpress",
    "demo",
]

# What each app may import besides itself ("blog.models": that module and nothing else of blog).
ALLOWED = {
    "config": set(),
    "core": set(),
    "accounts": {"core"},
    "blog": {"core"},
    "comments": {"core", "accounts", "blog.models"},
    "subscriptions": {"core", "accounts", "blog", "comments"},
    "federation": {"core", "accounts", "blog", "comments", "subscriptions"},
    "wordpress": {"core", "accounts", "blog", "comments", "subscriptions"},
    "demo": {"core", "accounts", "blog", "comments", "subscriptions"},
}


def imports_of(path: Path) -> list[tuple[int, str]]:
    """Every module that ``path`` imports, absolute, with its line (at any depth: a function's
    local import counts as much as one at the top)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module in OUR_APPS:  # "from blog import models" names a module
                found += [(node.lineno, f"{node.module}.{alias.name}") for alias in node.names]
            else:
                found.append((node.lineno, node.module))
    return found


def is_allowed(app: str, module: str) -> bool:
    top = module.split(".")[0]
    if top not in OUR_APPS or top == app:
        return True
    return any(module == rule or module.startswith(f"{rule}.") for rule in ALLOWED[app])


def broken_arrows(app: str) -> list[str]:
    broken = []
    for path in sorted((ROOT / app).rglob("*.py")):
        for line, module in imports_of(path):
            if not is_allowed(app, module):
                broken.append(f"{path.relative_to(ROOT)}:{line} imports {module}")
    return broken


@pytest.mark.parametrize("app", OUR_APPS)
def test_each_app_imports_only_the_apps_beneath_it(app):
    assert broken_arrows(app) == []


def test_nothing_imports_the_apps_on_top():
    on_top = {"federation", "wordpress", "demo"}
    for app in set(OUR_APPS) - on_top:
        assert not any(rule.split(".")[0] in on_top for rule in ALLOWED[app])
    for app in on_top:
        assert not any(rule.split(".")[0] in on_top - {app} for rule in ALLOWED[app])


def test_the_rules_catch_a_broken_arrow(tmp_path):
    """The walk itself: a local import inside a function, and a ``from app import module``."""
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    from comments import services\n\nimport blog.views\n")
    found = imports_of(sample)
    assert (2, "comments.services") in found and (4, "blog.views") in found
    assert not is_allowed("blog", "comments.services")
    assert not is_allowed("comments", "blog.views")
    assert is_allowed("comments", "blog.models")
    assert is_allowed("wordpress", "comments.services")
    assert not is_allowed("accounts", "comments.models")
