from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from demo import content

DEBUG_DEFAULT_PASSWORD = "broadsheet-demo"  # noqa: S105  (stated in README; DEBUG only)


class Command(BaseCommand):
    help = "Load the demo blog (the reference post, its neighbours, an About page, demo users)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--password",
            help="Set (or reset) the password of the demo users 'author' and 'moderator'.",
        )
        parser.add_argument(
            "--language",
            choices=[code for code, _name in settings.LANGUAGES],
            help="The blog's interface language (e.g. fa or ar, right to left); the posts' "
            "text stays as written. Without it the blog keeps its language.",
        )

    @transaction.atomic
    def handle(
        self, *args, password: str | None = None, language: str | None = None, **options
    ) -> None:
        if password is None and settings.DEBUG:
            password = DEBUG_DEFAULT_PASSWORD
        reference = content.load(
            author_password=password, moderator_password=password, language=language
        )
        self.stdout.write(self.style.SUCCESS(f"Demo blog loaded: {reference.get_absolute_url()}"))
        if password is None:
            self.stdout.write(
                "The demo users have no usable password: run again with --password to set one."
            )
