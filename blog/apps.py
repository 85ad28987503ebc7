from django.apps import AppConfig


class BlogConfig(AppConfig):
    name = "blog"
    verbose_name = "Blog"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from blog import signals  # cache invalidation hooks

        post_migrate.connect(signals.database_replaced, sender=self)
