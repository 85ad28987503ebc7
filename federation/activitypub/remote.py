"""Talking to other servers: signed requests through ``core.fetch`` (the network rules), the
actors we hear from (their keys, inboxes and pictures). The blocklist is federation.blocklist."""

import io
import json
from datetime import timedelta
from urllib.parse import urlsplit

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, UnidentifiedImageError

from core.fetch import Fetched, FetchError, fetch
from federation.activitypub import actor, signatures
from federation.activitypub.conf import app_settings
from federation.models import RemoteActor

ACCEPT = 'application/activity+json, application/ld+json; profile="https://www.w3.org/ns/activitystreams"'
JSON_TYPES = {"application/activity+json", "application/ld+json", "application/json"}
AVATAR_SIZE = 128


class ActorUnavailable(Exception):
    """We could not get a usable actor document; ``str(error)`` says why."""


def host_of(uri: str) -> str:
    return (urlsplit(uri).hostname or "").lower()


def same_origin(first: str, second: str) -> bool:
    a, b = urlsplit(first), urlsplit(second)
    return (a.scheme, a.netloc.lower()) == (b.scheme, b.netloc.lower()) and bool(a.netloc)


# --- Signed requests ------------------------------------------------------------------------
def signed_request(
    url: str, *, method: str = "GET", body: bytes | None = None, **limits
) -> Fetched:
    """One request signed with the blog's key (Mastodon's "authorized fetch" servers ask for a
    signed GET too), within the network rules. Raises ``FetchError``."""
    parts = urlsplit(url)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    default_port = 443 if parts.scheme == "https" else 80
    host = parts.hostname or ""
    if parts.port and parts.port != default_port:
        host = f"{host}:{parts.port}"
    row = actor.profile()
    headers = signatures.sign(
        method=method,
        url_host=host,
        path=path,
        key_id=actor.key_id(),
        private_key_pem=row.private_key_pem,
        now=timezone.now(),
        body=body,
    )
    headers["Accept"] = ACCEPT
    if body is not None:
        headers["Content-Type"] = "application/activity+json"
    return fetch(url, method=method, body=body, headers=headers, **limits)


def fetch_json(url: str) -> dict:
    """An ActivityStreams document, or ``ActorUnavailable``."""
    try:
        answer = signed_request(url)
    except FetchError as error:
        raise ActorUnavailable(error.reason) from None
    if answer.status != 200 or answer.content_type not in JSON_TYPES:
        raise ActorUnavailable(f"{url} answered {answer.status} ({answer.content_type}).")
    try:
        document = json.loads(answer.body)
    except ValueError:
        raise ActorUnavailable(f"{url} did not answer JSON.") from None
    if not isinstance(document, dict):
        raise ActorUnavailable(f"{url} did not answer a JSON object.")
    return document


# --- Actors ---------------------------------------------------------------------------------
def actor_for_key(key_id: str, *, refresh: bool = False) -> RemoteActor:
    """The actor whose key ``key_id`` names: kept, or fetched (again when ``refresh`` or old)."""
    known = RemoteActor.objects.filter(key_id=key_id).first()
    fresh_enough = timezone.now() - timedelta(seconds=app_settings.FEDERATION_ACTOR_REFRESH)
    if known and not refresh and known.fetched_at >= fresh_enough:
        return known
    document = fetch_json(key_id.split("#")[0])
    if "publicKey" not in document and document.get("owner"):
        # The key has an address of its own (GoToSocial and others): its owner is the actor.
        if not same_origin(document["owner"], key_id):
            raise ActorUnavailable("The key's owner is on another server.")
        document = fetch_json(document["owner"])
    saved = actor_save(document)
    if saved.key_id != key_id:
        raise ActorUnavailable("The actor does not hold that key.")
    return saved


def actor_get(uri: str) -> RemoteActor:
    """The actor at ``uri``: kept, or fetched."""
    known = RemoteActor.objects.filter(uri=uri).first()
    return known or actor_save(fetch_json(uri))


def _text(value, limit: int) -> str:
    return value.strip()[:limit] if isinstance(value, str) else ""


def _link(value) -> str:
    """An address from a JSON value that may be a string, a Link/Image object or a list."""
    if isinstance(value, list):
        value = value[0] if value else ""
    if isinstance(value, dict):
        value = value.get("href") or value.get("url") or ""
        if isinstance(value, list | dict):
            return _link(value)
    return (
        value.strip()
        if isinstance(value, str) and value.startswith(("http://", "https://"))
        else ""
    )


def actor_save(document: dict) -> RemoteActor:
    """Keep an actor document after checking it holds together (its key is its own, its
    inboxes are on its server)."""
    uri = _link(document.get("id"))
    key = document.get("publicKey")
    if isinstance(key, list):
        key = key[0] if key else None
    if not uri or not isinstance(key, dict):
        raise ActorUnavailable("The actor document has no id or no key.")
    key_id, pem = _link(key.get("id")), _text(key.get("publicKeyPem"), 10_000)
    inbox = _link(document.get("inbox"))
    endpoints = document.get("endpoints") if isinstance(document.get("endpoints"), dict) else {}
    shared = _link(endpoints.get("sharedInbox"))
    if not key_id or not pem or not inbox:
        raise ActorUnavailable("The actor document has no key or no inbox.")
    if key.get("owner", uri) != uri or not same_origin(key_id, uri):
        raise ActorUnavailable("The key does not belong to the actor.")
    if not same_origin(inbox, uri) or (shared and not same_origin(shared, uri)):
        raise ActorUnavailable("The actor's inbox is on another server.")
    username = _text(document.get("preferredUsername"), 200)
    values = {
        "key_id": key_id,
        "public_key_pem": pem,
        "inbox": inbox,
        "shared_inbox": shared,
        "handle": f"@{username}@{host_of(uri)}" if username else "",
        "name": _text(document.get("name"), 255) or username,
        "profile_url": _link(document.get("url")) or uri,
        "fetched_at": timezone.now(),
    }
    icon = _link(document.get("icon"))
    known = RemoteActor.objects.filter(uri=uri).first()
    if known is None or known.icon_url != icon:
        values.update(icon_url=icon, avatar_fetched=False)
    remote, _created = RemoteActor.objects.update_or_create(uri=uri, defaults=values)
    return remote


def avatar_bytes(remote: RemoteActor) -> bytes | None:
    """The actor's picture as a small PNG made here (fetched once, kept on the actor's row):
    what a comment shows instead of a third-party image. None when there is none to be had."""
    if not remote.avatar_fetched and remote.icon_url:
        remote.avatar_fetched = True
        try:
            answer = fetch(remote.icon_url, max_bytes=app_settings.FEDERATION_AVATAR_MAX_BYTES)
            if answer.status == 200:
                remote.avatar.save(
                    f"{remote.pk}.png", ContentFile(_small_png(answer.body)), save=False
                )
        except (FetchError, UnidentifiedImageError, OSError, ValueError):
            pass  # no picture: the comment section draws one
        remote.save(update_fields=["avatar", "avatar_fetched"])
    if not remote.avatar:
        return None
    with remote.avatar.open("rb") as file:
        return file.read()


def _small_png(data: bytes) -> bytes:
    with Image.open(io.BytesIO(data)) as image:
        image.load()
        picture = image.convert("RGBA")
    picture.thumbnail((AVATAR_SIZE, AVATAR_SIZE))
    out = io.BytesIO()
    picture.save(out, format="PNG")
    return out.getvalue()
