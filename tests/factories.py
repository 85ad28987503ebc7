"""factory_boy factories for every app, in one place."""

import datetime
import io

import factory
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image as PILImage

from accounts.models import User
from blog.models import Category, Image, Page, Post, Tag


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.com")
    display_name = factory.Faker("name")
    password = factory.django.Password("correct horse battery staple")


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    name = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tag

    name = factory.Sequence(lambda n: f"Tag {n}")
    slug = factory.Sequence(lambda n: f"tag-{n}")


def jpeg_bytes(width: int = 64, height: int = 48, colour=(200, 80, 40)) -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), colour).save(buffer, format="JPEG")
    return buffer.getvalue()


class ImageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Image

    file = factory.LazyFunction(lambda: ContentFile(jpeg_bytes(), name="picture.jpg"))
    alt_text = "A test picture"
    caption = "A caption"
    credit = "photo: the tests"


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Post number {n}")
    slug = factory.Sequence(lambda n: f"post-number-{n}")
    author = factory.SubFactory(UserFactory, is_staff=True)
    body = "A first paragraph with some words.\n\nA second paragraph."
    status = Post.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))

    @factory.post_generation
    def categories(self, create, extracted, **kwargs):
        if create and extracted:
            self.categories.add(*extracted)

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.add(*extracted)


class PageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Page

    title = factory.Sequence(lambda n: f"Page {n}")
    slug = factory.Sequence(lambda n: f"page-{n}")
    body = "Some words about this blog."


# --- E-mail notifications (issue 5) -------------------------------------------------------------
# Named apart from the comment factories of the comments issue, so both can live here.
from comments.models import Comment  # noqa: E402
from subscriptions.models import FollowUpSubscription, PostSubscription  # noqa: E402


class NoticeCommentFactory(factory.django.DjangoModelFactory):
    """A comment row as the comment services would save it (the notifications only read it)."""

    class Meta:
        model = Comment

    post = factory.SubFactory(PostFactory)
    author_name = factory.Sequence(lambda n: f"Reader {n}")
    author_email = factory.Sequence(lambda n: f"reader{n}@example.org")
    body = "A thoughtful comment."
    status = Comment.Status.APPROVED


class FollowUpSubscriptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUpSubscription

    post = factory.SubFactory(PostFactory)
    email = factory.Sequence(lambda n: f"follower{n}@example.org")
    mode = FollowUpSubscription.Mode.ALL
    confirmed_at = factory.LazyFunction(timezone.now)


class PostSubscriptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PostSubscription

    email = factory.Sequence(lambda n: f"subscriber{n}@example.org")
    confirmed_at = factory.LazyFunction(timezone.now)


# --- accounts: readers who signed in with a provider ---------------------------------------------
class ReaderFactory(UserFactory):
    """A reader made by a social sign-in: no password, a provider, never staff."""

    username = factory.Sequence(lambda n: f"reader{n}")
    password = factory.django.Password(None)  # unusable: readers never have a password
    auth_provider = "google-oauth2"


class SocialAuthFactory(factory.django.DjangoModelFactory):
    """The link between a reader and their account at a provider."""

    class Meta:
        model = "social_django.UserSocialAuth"

    user = factory.SubFactory(ReaderFactory)
    provider = "google-oauth2"
    uid = factory.Sequence(lambda n: f"uid-{n}")
    # The profile field each backend takes the uid from (social-core checks it matches).
    id_key = factory.LazyAttribute(
        lambda social: "sub" if social.provider == "google-oauth2" else "id"
    )
    extra_data = factory.LazyFunction(dict)


def image_file_bytes(
    image_format: str = "JPEG", width: int = 64, height: int = 48, colour=(200, 80, 40), **options
) -> bytes:
    """An image file of the given Pillow format, e.g. image_file_bytes("PNG", 800, 600)."""
    mode = "RGBA" if image_format in ("PNG", "WEBP") and len(colour) == 4 else "RGB"
    buffer = io.BytesIO()
    PILImage.new(mode, (width, height), colour).save(buffer, format=image_format, **options)
    return buffer.getvalue()


class UploadedImageFactory(factory.Factory):
    """An Image made the way an upload is: through blog.services, cleaned, with renditions."""

    class Meta:
        model = Image

    file = factory.LazyFunction(
        lambda: ContentFile(image_file_bytes("JPEG", 1000, 600), name="photo.jpg")
    )
    alt_text = factory.Sequence(lambda n: f"Uploaded picture {n}")
    caption = "A caption for the picture"
    credit = "photo: the tests"

    @classmethod
    def _create(cls, model_class, **kwargs):
        from blog.services import image_create_from_file

        return image_create_from_file(**kwargs)


# --- Comments -----------------------------------------------------------------------------------


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comment

    post = factory.SubFactory(PostFactory)
    author_name = factory.Faker("name")
    author_email = factory.Sequence(lambda n: f"reader{n}@example.org")
    body = factory.Sequence(lambda n: f"Comment number {n}: a thought about the post.")
    status = Comment.Status.APPROVED
    ip_address = "192.0.2.10"


def at_the_start_of_a_minute():
    """A clock moved to one second into the next minute, still running: a test that counts
    requests against a per-minute limit (fixed windows, core.ratelimit) then cannot straddle
    two windows, as it could when the suite is slow."""
    import datetime

    import time_machine
    from django.utils import timezone

    start = timezone.now().replace(second=1, microsecond=0) + datetime.timedelta(minutes=1)
    return time_machine.travel(start, tick=True)
