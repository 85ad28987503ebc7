from django.apps import AppConfig


class FederationConfig(AppConfig):
    """Webmention and ActivityPub: replies from the open web come home as comments."""

    name = "federation"
    verbose_name = "Fediverse and Webmention"

    def ready(self) -> None:
        from federation import receivers  # noqa: F401  (Webmention: hears posts being saved)
        from federation.activitypub import receivers as ap  # noqa: F401  (hears posts and comments)
