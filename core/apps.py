from django.apps import AppConfig


class CoreConfig(AppConfig):
    """What every app uses: rate limiting, CSRF by origin, error pages, hostile-input middleware,
    the sign-in lockout, sessions, the console mail backend."""

    name = "core"
    verbose_name = "Core"
