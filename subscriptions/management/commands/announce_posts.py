import time

from django.core.management.base import BaseCommand

from subscriptions.services import posts_announce, subscriptions_prune


class Command(BaseCommand):
    help = (
        "E-mail newly published posts (scheduled ones once their time has come) to the confirmed "
        "new-post subscribers, each post exactly once; also forget unconfirmed subscriptions "
        "whose link expired. Run it from a timer or cron, or with --every to keep checking."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--every",
            type=int,
            default=0,
            metavar="SECONDS",
            help="Keep running, checking every SECONDS seconds (make run uses this).",
        )

    def handle(self, *args, every: int, **options) -> None:
        while True:
            for announcement in posts_announce():
                self.stdout.write(
                    f"Announced “{announcement.post.title}” to "
                    f"{announcement.recipients} subscriber(s)."
                )
            subscriptions_prune()
            if every <= 0:
                return
            time.sleep(every)
