from django.apps import AppConfig


class BlogConfig(AppConfig):
    name = "blog"
    verbose_name = "Blog"

    def ready(self) -> None:
        from blog import signals  # noqa: F401  (cache invalidation hooks)
