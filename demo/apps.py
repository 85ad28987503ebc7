from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo content (`manage.py load_demo`): the reference post, its comments, a page."""

    name = "demo"
    verbose_name = "Demo content"
