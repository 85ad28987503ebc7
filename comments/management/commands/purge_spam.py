"""Delete old spam: ``manage.py purge_spam`` (daily, from cron or the systemd timer).

Spam stays in the moderators' Spam view for COMMENTS_SPAM_PURGE_DAYS days (30; WordPress keeps
it 15), long enough for a wrongly filed comment to be rescued with "Not spam".
"""

import datetime

from django.core.management.base import BaseCommand, CommandError

from comments import services
from comments.conf import app_settings


class Command(BaseCommand):
    help = "Delete comments that have been spam for longer than COMMENTS_SPAM_PURGE_DAYS days."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Keep spam this many days (default: COMMENTS_SPAM_PURGE_DAYS, 30).",
        )

    def handle(self, *args, days: int | None = None, **options) -> None:
        days = app_settings.COMMENTS_SPAM_PURGE_DAYS if days is None else days
        if days < 1:
            raise CommandError("--days must be 1 or more.")
        deleted = services.spam_purge(older_than=datetime.timedelta(days=days))
        self.stdout.write(f"Deleted {deleted} spam comment(s) older than {days} days.")
