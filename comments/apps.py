from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = "Comments"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from comments import (  # noqa: F401
            readers,  # answers accounts' questions about a reader
            signals,  # cache invalidation hooks
        )
