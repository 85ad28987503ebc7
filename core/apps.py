from django.apps import AppConfig


class CoreConfig(AppConfig):
    """What every app uses: rate limiting, CSRF by origin, error pages, hostile-input middleware,
    the sign-in lockout, sessions, the console mail backend, the start-up checks."""

    name = "core"
    verbose_name = "Core"

    def ready(self):
        from core import checks  # noqa: F401  (registers the system checks)
