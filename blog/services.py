"""The blog's side effects, as keyword-only functions: every road (admin, commands, the importer)
goes through these, so the rules for images live in one place."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.db import transaction
from django.db.models import Q

from blog import images
from blog.models import Image, Page, Post
from blog.validators import inspect_image_upload


def _all_file_names(image: Image) -> list[str]:
    return [name for name in [image.file.name, *images.rendition_names(image.renditions)] if name]


def _delete_after_commit(storage, names: list[str]) -> None:
    if names:
        transaction.on_commit(lambda: images.delete_files(storage=storage, names=names))


def _store_clean_file(image: Image, *, upload: File, image_format: str) -> list[str]:
    """Write the cleaned master and its renditions; return the names written."""
    clean = images.clean_upload(upload)
    master = ContentFile(
        images.encode(clean.picture, clean.format, quality=images.MASTER_JPEG_QUALITY)
    )
    image.file.save(images.safe_name(upload.name, image_format), master, save=False)
    image.width, image.height = clean.size
    try:
        image.renditions = images.make_renditions(
            storage=image.file.storage, master_name=image.file.name, clean=clean
        )
    except Exception:
        image.file.storage.delete(image.file.name)
        raise
    image.__dict__.pop("picture", None)
    return _all_file_names(image)


def image_save(*, image: Image, upload: File | None = None) -> Image:
    """Save an Image; with ``upload``, check it, store it cleaned and make its renditions.

    Raises ValidationError (with the author-facing message) when the upload is refused. Posts and
    pages that show the image are rendered again, so their captions and files stay current.
    """
    old_names = []
    if image.pk and upload is not None:
        # The form may already have put the upload on the instance: ask the database.
        previous = Image.objects.filter(pk=image.pk).first()
        old_names = _all_file_names(previous) if previous else []
    storage = image.file.storage
    written: list[str] = []
    if upload is not None:
        image_format = inspect_image_upload(upload)
        written = _store_clean_file(image, upload=upload, image_format=image_format)
    try:
        with transaction.atomic():
            image.save()
            if image.pk:
                bodies_rerender_for_images(image_ids=[image.pk])
    except Exception:
        images.delete_files(storage=storage, names=written)
        raise
    _delete_after_commit(storage, [name for name in old_names if name not in written])
    return image


def image_create_from_file(
    *,
    file: File,
    alt_text: str,
    caption: str = "",
    credit: str = "",
    post: Post | None = None,
) -> Image:
    """Make an Image from a file (an upload, or ``django.core.files.File(open(path, "rb"))``).

    The file is checked like an admin upload (content, size, pixel cap; ValidationError on
    refusal), stored cleaned under a safe unique name, and its renditions are made at once.
    """
    if not alt_text.strip():
        raise ValidationError("Describe the picture in its alt text.", code="alt_required")
    image = Image(alt_text=alt_text.strip(), caption=caption, credit=credit, post=post)
    return image_save(image=image, upload=file)


def image_renditions_rebuild(*, image: Image) -> Image:
    """Make the renditions of an Image again from its stored file (new sizes, older rows)."""
    with image.file.storage.open(image.file.name, "rb") as stored:
        upload = ContentFile(stored.read(), name=image.file.name.rsplit("/", 1)[-1])
    return image_save(image=image, upload=upload)


def image_delete(*, image: Image) -> None:
    """Delete an Image, its files (once the transaction commits) and its figures in posts."""
    storage, names, pk = image.file.storage, _all_file_names(image), image.pk
    with transaction.atomic():
        featured_in = list(image.featured_in.values_list("pk", flat=True))
        image.delete()  # posts it led lose it through SET NULL, without a save of their own
        bodies_rerender_for_images(image_ids=[pk])
        for post in Post.objects.filter(pk__in=featured_in):
            post.save(update_fields=["body_html", "updated_at"])
    _delete_after_commit(storage, names)


def bodies_rerender_for_images(*, image_ids: Iterable[int]) -> int:
    """Save again every post and page that shows one of these images; return how many.

    The body is rendered once, on save, with the image's URLs and words baked in, so a changed
    or deleted image has to reach the posts that show it.
    """
    image_ids = list(image_ids)
    if not image_ids:
        return 0
    in_body = Q()
    for pk in image_ids:
        in_body |= Q(body__contains=f"image:{pk}")
    count = 0
    # Posts that feature the image are saved too: their page changed (and so did updated_at,
    # which page caches and Last-Modified follow).
    for model, query in ((Post, in_body | Q(featured_image__in=image_ids)), (Page, in_body)):
        for row in model.objects.filter(query):
            row.save(update_fields=["body_html", "updated_at"])
            count += 1
    return count
