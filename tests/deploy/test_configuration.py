"""docs/configuration.md and .env.example stay true to the variables the code reads."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ENV_READERS = {"env_str", "env_bool", "env_int", "env_list"}
#: Read by libraries, not by our code (boto3 reads the bucket's credentials itself).
READ_BY_LIBRARIES = {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"}


def variables_read_by(path: Path) -> set[str]:
    """Names passed to config.env's helpers or to os.environ.get in ``path``."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
        is_environ_get = name == "get" and "environ" in ast.unparse(func)
        first = node.args[0]
        if (name in ENV_READERS or is_environ_get) and isinstance(first, ast.Constant):
            found.add(first.value)
    return found


def code_variables() -> set[str]:
    return variables_read_by(ROOT / "config" / "settings.py") | variables_read_by(
        ROOT / "deploy" / "gunicorn.conf.py"
    )


def env_example_variables() -> set[str]:
    text = (ROOT / ".env.example").read_text(encoding="utf-8")
    return set(re.findall(r"^#? ?([A-Z][A-Z0-9_]+)=", text, flags=re.MULTILINE))


def test_the_reader_finds_the_variables_it_should():
    found = code_variables()
    assert {"SECRET_KEY", "SITE_URL", "DATABASE_URL", "WEB_CONCURRENCY"} <= found
    assert len(found) > 50


def test_every_variable_the_code_reads_is_documented():
    page = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    missing = sorted(name for name in code_variables() if f"`{name}`" not in page)
    assert missing == []


def test_every_variable_the_code_reads_is_in_the_example_environment():
    missing = sorted(code_variables() - env_example_variables())
    assert missing == []


def test_the_example_environment_names_nothing_the_code_ignores():
    assert sorted(env_example_variables() - code_variables() - READ_BY_LIBRARIES) == []
