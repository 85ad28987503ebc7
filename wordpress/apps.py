from django.apps import AppConfig


class WordPressConfig(AppConfig):
    """The door in from WordPress (and back out): WXR import and export, old addresses."""

    name = "wordpress"
    verbose_name = "WordPress"
