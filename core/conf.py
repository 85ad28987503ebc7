"""One way to read an app's own settings: ``conf.py`` in each app holds ``DEFAULTS`` (one line of
comment each) and ``app_settings = AppSettings(DEFAULTS)``; code reads
``app_settings.COMMENTS_MAX_DEPTH``. Every read looks at ``django.conf.settings`` again, so a
changed setting (or a test's ``override_settings``) is seen at once."""

from django.conf import settings


class AppSettings:
    """Attribute access to the settings named in ``defaults``, falling back to the default."""

    def __init__(self, defaults: dict):
        self._defaults = defaults

    def __getattr__(self, name: str):
        if name.startswith("_") or name not in self._defaults:
            raise AttributeError(f"{name} is not one of this app's settings.")
        return getattr(settings, name, self._defaults[name])

    def __dir__(self):
        return sorted(self._defaults)
