from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand

from blog.models import Image
from blog.services import image_renditions_rebuild


class Command(BaseCommand):
    help = (
        "Make the renditions of images that have none (uploaded before renditions existed), "
        "or of every image with --all (after changing BLOG_IMAGE_WIDTHS, for example)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--all", action="store_true", help="Rebuild every image's renditions.")

    def handle(self, *args, **options) -> None:
        images = Image.objects.order_by("pk")
        if not options["all"]:
            images = images.filter(renditions={})
        made = failed = 0
        for image in images.iterator(chunk_size=100):
            try:
                image_renditions_rebuild(image=image)
                made += 1
            except (ValidationError, OSError) as error:
                failed += 1
                self.stderr.write(f"Image {image.pk} ({image.file.name}): {error}")
        self.stdout.write(self.style.SUCCESS(f"Renditions made for {made} image(s)."))
        if failed:
            self.stdout.write(self.style.WARNING(f"{failed} image(s) could not be processed."))
