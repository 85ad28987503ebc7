from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.providers import provider_icon, provider_name


class User(AbstractUser):
    """Everyone who signs in: the author, moderators, and readers who sign in to comment."""

    display_name = models.CharField(
        max_length=150,
        blank=True,
        help_text=_("The name shown beside posts and comments. Falls back to the username."),
        verbose_name=_("display name"),
    )
    avatar = models.ImageField(
        upload_to="avatars/",
        blank=True,
        help_text=_(
            "A small square picture, fetched from the sign-in provider once and kept here."
        ),
        verbose_name=_("avatar"),
    )
    email_verified = models.BooleanField(
        default=False,
        help_text=(
            _(
                "A sign-in provider confirmed this address belongs to the reader. Only such an "
                "address lets a later sign-in with another provider join this account."
            )
        ),
        verbose_name=_("e-mail verified"),
    )
    auth_provider = models.CharField(
        max_length=40,
        blank=True,
        help_text=_(
            'The social-auth backend the reader last signed in with, e.g. "google-oauth2".'
        ),
        verbose_name=_("auth provider"),
    )

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        ordering = ["username"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_display_name()

    def get_display_name(self) -> str:
        return self.display_name or self.get_full_name() or self.username

    # The provider badge beside a reader's comments. The comments app reaches these only through
    # the user model (``comment.user.provider_display_name``), never by importing accounts.
    def provider_display_name(self) -> str:
        """ "Google" for a reader who signed in with Google; "" without a provider."""
        return provider_name(self.auth_provider)

    def provider_icon(self) -> str:
        """The static path of that provider's icon (for ``{% static %}``); "" when none."""
        return provider_icon(self.auth_provider)
