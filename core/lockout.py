"""Admin sign-in lockout (django-axes), fitted to Broadsheet."""

from axes.backends import AxesStandaloneBackend


class LockoutBackend(AxesStandaloneBackend):
    """Axes' gate, first in AUTHENTICATION_BACKENDS: it refuses a locked-out address before any
    password is checked, and lets the next backend (passwords, social sign-in) do the rest.

    Every sign-in from the web passes the request. Calls without one (``Client.login`` in tests,
    ``authenticate()`` from a shell) have no address to lock, so they pass through instead of
    raising, as Axes' stock backend would.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
