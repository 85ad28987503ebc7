from django.contrib.auth.mixins import LoginRequiredMixin
from django.urls import reverse_lazy


class ReaderRequiredMixin(LoginRequiredMixin):
    """Readers sign in on /account/ (with a provider), never on the admin's password page."""

    login_url = reverse_lazy("accounts:profile")
