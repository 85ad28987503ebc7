"""Start-up checks: what must be true before a production site serves its first page.

- ``site_url`` (``check --deploy``): ``SITE_URL`` is the public https address, not the loopback
  default, since canonical links, feeds and e-mails are built from it.
- ``static_files_collected``: with ``DEBUG`` off the static files come from ``collectstatic``'s
  manifest; without it every page would answer 500. gunicorn runs it at start-up
  (``deploy/gunicorn.conf.py``) and refuses to start with one message instead.
"""

import ipaddress
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.core.checks import Error, Tags, register

LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"}
SITE_URL_EXAMPLE = (
    "Set SITE_URL to the blog's public address, e.g. SITE_URL=https://blog.example.com"
)


def _is_loopback(host: str) -> bool:
    if host in LOOPBACK_NAMES or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback or ipaddress.ip_address(host).is_unspecified
    except ValueError:
        return False


@register(Tags.security, deploy=True)
def site_url(app_configs=None, **kwargs) -> list[Error]:
    """SITE_URL must be the public https address when DEBUG is off."""
    if settings.DEBUG:
        return []
    value = getattr(settings, "SITE_URL", "")
    parts = urlsplit(value)
    host = (parts.hostname or "").lower()
    if not value or not host:
        return [
            Error(
                f"SITE_URL is not set (or names no host): {value!r}.",
                hint=SITE_URL_EXAMPLE + ".",
                id="core.E001",
            )
        ]
    if _is_loopback(host):
        return [
            Error(
                f"SITE_URL is {value}, a loopback address (the default when it is not set): "
                "canonical links, feeds and e-mails would point there.",
                hint=SITE_URL_EXAMPLE + ".",
                id="core.E002",
            )
        ]
    if parts.scheme != "https":
        return [
            Error(
                f"SITE_URL is {value}, not https: links in feeds and e-mails would send "
                "readers to the plain-HTTP site.",
                hint=f"Serve the site over HTTPS and set SITE_URL=https://{parts.netloc}.",
                id="core.E003",
            )
        ]
    return []


def static_files_collected(app_configs=None, **kwargs) -> list[Error]:
    """With DEBUG off, collectstatic's manifest must exist, or every page would answer 500."""
    if settings.DEBUG or not isinstance(staticfiles_storage, ManifestFilesMixin):
        return []
    manifest = staticfiles_storage.path(staticfiles_storage.manifest_name)
    if staticfiles_storage.exists(staticfiles_storage.manifest_name):
        return []
    return [
        Error(
            f"DEBUG is off and the static files have not been collected ({manifest} is "
            "missing), so every page would fail to render.",
            hint="Run `python manage.py collectstatic --no-input` (after each upgrade too), "
            "then start the site again; or set DEBUG=1 for local development.",
            id="core.E004",
        )
    ]


def refuse_to_start_if_unready() -> None:
    """Stop the process with one clear message when the site could not serve a page.

    Called by gunicorn before it starts its workers (``on_starting`` in deploy/gunicorn.conf.py).
    """
    problems = static_files_collected()
    if problems:
        lines = [
            f"Broadsheet cannot start: {problem.msg}\nHINT: {problem.hint}" for problem in problems
        ]
        raise SystemExit("\n".join(lines))
