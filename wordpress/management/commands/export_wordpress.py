from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from wordpress.exporter import export_wxr


class Command(BaseCommand):
    help = "Write the blog as a WordPress export (WXR 1.2) that WordPress's importer reads."

    def add_arguments(self, parser) -> None:
        parser.add_argument("out", help="The file to write, e.g. broadsheet.xml ('-' for stdout).")

    def handle(self, *args, out: str, **options) -> None:
        if out == "-":
            counts = export_wxr(self.stdout)
        else:
            path = Path(out)
            if not path.parent.is_dir():
                raise CommandError(f"No such folder: {path.parent}")
            partial = path.with_name(path.name + ".part")
            with partial.open("w", encoding="utf-8") as handle:
                counts = export_wxr(handle)
            partial.replace(path)
        summary = ", ".join(f"{n} {name}" for name, n in counts.items())
        self.stderr.write(f"Exported {summary}.")
