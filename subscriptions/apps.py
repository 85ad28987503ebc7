from django.apps import AppConfig


class SubscriptionsConfig(AppConfig):
    """Follow-ups, new-post announcements, opt-outs: every e-mail a reader or moderator gets."""

    name = "subscriptions"
    verbose_name = "E-mail subscriptions"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from subscriptions import receivers  # noqa: F401  (hears comments' signals)
