from django.core.management.base import BaseCommand

from blog import pagecache


class Command(BaseCommand):
    help = (
        "Empty the page cache (memory/Redis entries and PAGE_CACHE_DIR files). With --if-due, "
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
            purged = pagecache.purge_if_due()
        else:
            pagecache.purge_all()
            purged = True
        self.stdout.write("Page cache purged." if purged else "Nothing due; page cache kept.")
