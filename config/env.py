"""Read settings from the environment (12-factor), in one place.

Every variable the project reads goes through these helpers, so README's table of variables and
the code cannot drift far apart: grep for ``env_`` to list them.
"""

import os
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {raw!r}.")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from None


def env_list(name: str, default: str = "") -> list[str]:
    """A comma-separated list, blanks dropped."""
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


def database_from_url(
    url: str, *, base_dir: Path, lock_timeout: int = 10, statement_timeout: int = 20
) -> dict:
    """Turn ``sqlite:///path`` or ``postgres://user:pass@host:port/name`` into a DATABASES entry.

    ``lock_timeout`` (seconds) bounds how long a write waits for another connection's lock
    (SQLite's busy timeout, PostgreSQL's ``lock_timeout``), ``statement_timeout`` how long a
    PostgreSQL statement may run (0: no limit). Both end in an error the request answers with a
    503 (core.errors), well before gunicorn's worker timeout would kill the worker."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    options = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    if scheme == "sqlite":
        # sqlite:///db.sqlite3 is relative to the project, sqlite:////abs/path is absolute.
        name = unquote(parts.path)[1:]
        if not name:
            raise ImproperlyConfigured("DATABASE_URL names no SQLite file.")
        if name != ":memory:" and not Path(name).is_absolute():
            name = str(base_dir / name)
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": name,
            "OPTIONS": {
                # WAL lets readers go on while a comment is written; the busy timeout and
                # IMMEDIATE transactions keep "database is locked" away from readers.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": lock_timeout,
            },
        }
    if scheme in {"postgres", "postgresql", "pgsql"}:
        # Sent when the connection opens (libpq's "options"), after any the URL gives itself.
        limits = f"-c lock_timeout={lock_timeout}s -c statement_timeout={statement_timeout}s"
        options["options"] = f"{options.get('options', '')} {limits}".strip()
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parts.path.lstrip("/")),
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(parts.port or ""),
            "OPTIONS": options,
        }
    raise ImproperlyConfigured(
        f"DATABASE_URL scheme {scheme!r} is not supported; use sqlite:/// or postgres://."
    )
