from django.apps import AppConfig


class FederationConfig(AppConfig):
    """Webmention and ActivityPub: replies from the open web come home as comments."""

    name = "federation"
    verbose_name = "Fediverse and Webmention"

    def ready(self) -> None:
        from federation.activitypub import receivers  # noqa: F401  (hears posts and comments)
