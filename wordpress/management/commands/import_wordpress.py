from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from wordpress.importer import WordPressImporter
from wordpress.parser import WXRError


class Command(BaseCommand):
    help = (
        "Import a WordPress export (WXR 1.0 to 1.2): authors, categories, tags, posts, pages, "
        "comments and images. Safe to run again; --dry-run writes nothing."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("export", help="The .xml file from WordPress's Tools → Export.")
        parser.add_argument(
            "--media-dir",
            help="A copy of wp-content/uploads; files are taken from here first.",
        )
        parser.add_argument(
            "--fetch-media",
            action="store_true",
            help=(
                "Download the files not found in --media-dir from the old site (attachments, "
                "featured images, pictures and files in posts on the export's own site); public "
                "http/https addresses only, within the size and time caps of wordpress/conf.py."
            ),
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would change; write nothing."
        )
        parser.add_argument(
            "--staff",
            action="append",
            default=[],
            metavar="LOGIN",
            help="Make this WordPress author a staff member (repeat for several).",
        )
        parser.add_argument(
            "--skip-pings", action="store_true", help="Leave pingbacks and trackbacks out."
        )
        parser.add_argument(
            "--progress-every",
            type=int,
            default=500,
            metavar="N",
            help="Print progress every N items (default 500).",
        )

    def handle(self, *args, **options) -> None:
        path = Path(options["export"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        media_dir = Path(options["media_dir"]) if options["media_dir"] else None
        if media_dir is not None and not media_dir.is_dir():
            raise CommandError(f"--media-dir is not a folder: {media_dir}")
        if options["progress_every"] < 1:
            raise CommandError("--progress-every must be at least 1.")
        importer = WordPressImporter(
            media_dir=media_dir,
            fetch_media=options["fetch_media"],
            dry_run=options["dry_run"],
            staff=frozenset(options["staff"]),
            skip_pings=options["skip_pings"],
            progress=lambda message: self.stderr.write(message),
            progress_every=options["progress_every"],
        )
        try:
            report = importer.run(path)
        except WXRError as error:
            raise CommandError(f"{path}: {error} Nothing was imported.") from error
        except Exception as error:
            # Everything was rolled back: one sentence, not a traceback.
            raise CommandError(
                f"{path}: the import stopped ({type(error).__name__}: {error}). "
                "Nothing was imported."
            ) from error
        self.stdout.write(report.as_text())
