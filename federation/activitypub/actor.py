"""The blog's own actor: its addresses, its handle and its key pair."""

from urllib.parse import urlsplit

from django.conf import settings
from django.db import IntegrityError, transaction
from django.templatetags.static import static
from django.urls import reverse
from django.utils.text import slugify

from blog.models import Blog
from federation.activitypub.conf import app_settings
from federation.activitypub.signatures import key_pair
from federation.models import FediverseProfile

PUBLIC = "https://www.w3.org/ns/activitystreams#Public"
PUBLIC_NAMES = {PUBLIC, "as:Public", "Public"}


def absolute(path: str) -> str:
    """An address on this site, as the Fediverse sees it (SITE_URL's scheme and host)."""
    if path.startswith(("http://", "https://")):
        return path
    return settings.SITE_URL + ("" if path.startswith("/") else "/") + path


def url(name: str, *args) -> str:
    return absolute(reverse(f"federation:{name}", args=args))


def domain() -> str:
    """The host of SITE_URL (with its port, if it has one): the part after the handle's @."""
    return urlsplit(settings.SITE_URL).netloc.lower()


def is_enabled() -> bool:
    return Blog.current().federation_enabled


def profile() -> FediverseProfile:
    """The profile row, made with a new key pair the first time it is needed (once: two
    requests racing to make it keep the first one's keys)."""
    row = FediverseProfile.objects.order_by("pk").first()
    if row is not None:
        return row
    private_pem, public_pem = key_pair(app_settings.FEDERATION_KEY_SIZE)
    try:
        with transaction.atomic():
            return FediverseProfile.objects.create(
                pk=1, private_key_pem=private_pem, public_key_pem=public_pem
            )
    except IntegrityError:
        return FediverseProfile.objects.get(pk=1)


def handle(row: FediverseProfile | None = None) -> str:
    """The name before the @: the profile's, else a slug of the blog's name."""
    row = row or profile()
    return row.handle or slugify(Blog.current().name)[:64] or "blog"


def address(row: FediverseProfile | None = None) -> str:
    """``@handle@host``, as people type it into Mastodon's search."""
    return f"@{handle(row)}@{domain()}"


def actor_id() -> str:
    return url("ap-actor")


def key_id() -> str:
    return actor_id() + "#main-key"


def icon_url(row: FediverseProfile) -> tuple[str, str]:
    """(address, media type) of the picture: the uploaded one, else the site's own icon."""
    if row.icon:
        name = row.icon.name.lower()
        kind = "image/png" if name.endswith(".png") else "image/jpeg"
        return absolute(row.icon.url), kind
    return absolute(static("img/fediverse-icon.png")), "image/png"
