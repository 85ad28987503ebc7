from django.core.management.base import BaseCommand

from core import cache as kept


class Command(BaseCommand):
    help = (
        "Forget everything cached: start a new generation (core.cache), which also empties "
        "PAGE_CACHE_DIR. With --if-due, "
        "only when a scheduled post's time has come: run that every minute from cron when nginx "
        "serves cached files, so scheduled posts appear on time."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--if-due",
            action="store_true",
            help="Purge only if a scheduled post has been published since the last purge.",
        )

    def handle(self, *args, if_due: bool = False, **options) -> None:
        if if_due:
            purged = kept.bump_if_due()
        else:
            kept.bump()
            purged = True
        self.stdout.write("Page cache purged." if purged else "Nothing due; page cache kept.")
