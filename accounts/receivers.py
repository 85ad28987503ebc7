"""Cache invalidation for accounts: a reader's or author's name and picture are shown beside
their posts and comments, so changing them starts a new generation of everything kept
(``core.cache``)."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from accounts.models import User
from core import cache as kept


@receiver([post_save, post_delete], sender=User)
def user_changed(*, signal, created=False, update_fields=None, **kwargs) -> None:
    """A new account or a sign-in (only last_login or the password saved) shows nowhere."""
    if signal is post_save and (
        created or (update_fields is not None and set(update_fields) <= {"last_login", "password"})
    ):
        return
    kept.bump()
