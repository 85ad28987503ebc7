"""The inbox: who sent this (their HTTP Signature, checked against their key), and what their
activity means for the blog (a follow, a reply, an edit, a like...).

``verify`` runs in the request (an activity we cannot verify is refused with 401); ``handle``
runs in the task queue afterwards. What we do not understand is accepted and dropped."""

import hashlib
import logging
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from comments import services as comment_services
from comments.models import Comment, DiscussionSettings
from federation import blocklist
from federation.activitypub import actor, documents, remote, services, signatures
from federation.activitypub.conf import app_settings
from federation.models import Follower, RemoteActor

logger = logging.getLogger(__name__)

MAX_NOTE_HTML = 50_000


class Dropped(Exception):
    """Accept the request and do nothing with it (a blocked sender)."""


def verify(request, body: bytes) -> RemoteActor:
    """The actor who signed this request, or ``SignatureError`` (→ 401) / ``Dropped`` (→ 202).

    The Date must be within FEDERATION_SIGNATURE_WINDOW of our clock and each signature is
    accepted once (a copy sent again within the window is a replay). Unknown keys are fetched
    from the sender's server under the network rules; a key that no longer verifies is fetched
    once more (the actor may have a new one)."""
    headers = {name.lower(): value for name, value in request.headers.items()}
    parsed = signatures.parse(headers.get("signature", ""))
    if blocklist.is_blocked(parsed.key_id):
        raise Dropped
    window = timedelta(seconds=app_settings.FEDERATION_SIGNATURE_WINDOW)
    now = timezone.now()
    check = {
        "public_key_pem": "",
        "method": request.method,
        "path": request.get_full_path(),
        "headers": headers,
        "body": body,
        "now": now,
        "window": window,
    }
    try:
        sender = remote.actor_for_key(parsed.key_id)
    except remote.ActorUnavailable as error:
        raise signatures.SignatureError(f"The key could not be fetched: {error}") from None
    try:
        signatures.verify(parsed, **{**check, "public_key_pem": sender.public_key_pem})
    except signatures.SignatureError as error:
        if "does not match" not in str(error) or "Digest" in str(error):
            raise
        try:
            sender = remote.actor_for_key(parsed.key_id, refresh=True)
        except remote.ActorUnavailable:
            raise error from None
        signatures.verify(parsed, **{**check, "public_key_pem": sender.public_key_pem})
    seen = "federation:seen-signature:" + hashlib.sha256(parsed.raw.encode()).hexdigest()
    if not cache.add(seen, 1, timeout=int(window.total_seconds()) * 2 + 60):
        raise signatures.SignatureError("This signature was seen before (a replay).")
    return sender


# --- What an activity means -----------------------------------------------------------------
def _id(value) -> str:
    if isinstance(value, dict):
        value = value.get("id")
    return value if isinstance(value, str) else ""


def handle(activity: dict, *, actor_uri: str) -> str:
    """Act on a verified activity from ``actor_uri``; returns what was done, for the log."""
    if not actor.is_enabled() or blocklist.is_blocked(actor_uri):
        return "dropped"
    sender = RemoteActor.objects.filter(uri=actor_uri).first()
    handler = HANDLERS.get(activity.get("type"))
    if sender is None or handler is None:
        return "dropped"
    return handler(activity, sender)


def _follow(activity: dict, sender: RemoteActor) -> str:
    if _id(activity.get("object")) != actor.actor_id():
        return "dropped"
    services.follower_add(remote_actor=sender, follow=activity)
    return "followed"


def _undo(activity: dict, sender: RemoteActor) -> str:
    inner = activity.get("object")
    inner_id = _id(inner)
    kind = inner.get("type") if isinstance(inner, dict) else None
    if isinstance(inner, dict) and _id(inner.get("actor")) not in {"", sender.uri}:
        return "dropped"
    if kind == "Follow" or Follower.objects.filter(actor=sender, follow_id=inner_id).exists():
        services.follower_remove(remote_actor=sender)
        return "unfollowed"
    if kind in {"Like", "Announce", None} and inner_id and remote.same_origin(inner_id, sender.uri):
        removed = comment_services.reaction_remove(remote_id=inner_id)
        return "reaction removed" if removed else "dropped"
    return "dropped"


def _is_public(note: dict) -> bool:
    """Public or unlisted: a followers-only or direct message never becomes a public comment."""
    audience = []
    for field in ("to", "cc"):
        value = note.get(field)
        audience += value if isinstance(value, list) else [value]
    return any(_id(entry) in actor.PUBLIC_NAMES for entry in audience)


def reply_target(in_reply_to: str):
    """(post, parent comment or None) that ``in_reply_to`` answers, or None: our Article, our
    own answer's Note, or a Fediverse comment we keep."""
    if not in_reply_to:
        return None
    if remote.same_origin(in_reply_to, settings.SITE_URL):
        try:
            match = resolve(urlsplit(in_reply_to).path)
        except Resolver404:
            return None
        if match.url_name == "ap-article":
            from blog.models import Post

            post = Post.objects.filter(pk=match.kwargs["pk"]).first()
            return (post, None) if post else None
        if match.url_name == "ap-note":
            parent = Comment.objects.select_related("post").filter(pk=match.kwargs["pk"]).first()
            return (parent.post, parent) if parent else None
        return None
    parent = (
        Comment.objects.select_related("post")
        .filter(remote_id=in_reply_to, kind=Comment.Kind.FEDIVERSE)
        .first()
    )
    return (parent.post, parent) if parent else None


def _note_save(note: dict, sender: RemoteActor, *, must_exist: bool) -> str:
    note_id = _id(note)
    if note.get("type") != "Note" or not note_id or not remote.same_origin(note_id, sender.uri):
        return "dropped"
    if _id(note.get("attributedTo")) != sender.uri or not _is_public(note):
        return "dropped"
    if must_exist and not Comment.objects.filter(remote_id=note_id).exists():
        return "dropped"
    target = reply_target(_id(note.get("inReplyTo")))
    if target is None:
        return "dropped"
    post, parent = target
    if not documents.is_federated(post) or DiscussionSettings.load().closes_comments_on(post):
        return "dropped"
    content = note.get("content") if isinstance(note.get("content"), str) else ""
    published = (
        parse_datetime(note.get("published") or "")
        if isinstance(note.get("published"), str)
        else None
    )
    comment_services.remote_comment_save(
        post=post,
        kind=Comment.Kind.FEDIVERSE,
        remote_id=note_id,
        author_name=sender.name or sender.handle,
        author_url=sender.profile_url,
        author_handle=sender.handle,
        author_photo=remote.avatar_bytes(sender),
        body_html=content[:MAX_NOTE_HTML],
        published_at=published or timezone.now(),
        parent=parent,
    )
    return "updated" if must_exist else "commented"


def _create(activity: dict, sender: RemoteActor) -> str:
    note = activity.get("object")
    return _note_save(note, sender, must_exist=False) if isinstance(note, dict) else "dropped"


def _update(activity: dict, sender: RemoteActor) -> str:
    obj = activity.get("object")
    if not isinstance(obj, dict):
        return "dropped"
    if _id(obj) == sender.uri:  # their profile changed: a new name, picture or key
        remote.actor_save(obj)
        return "profile updated"
    return _note_save(obj, sender, must_exist=True)


def _delete(activity: dict, sender: RemoteActor) -> str:
    object_id = _id(activity.get("object"))
    if object_id == sender.uri:  # the account is gone
        services.follower_remove(remote_actor=sender)
        return "account gone"
    if not object_id or not remote.same_origin(object_id, sender.uri):
        return "dropped"
    removed = comment_services.remote_comment_remove(remote_id=object_id)
    return "comment removed" if removed else "dropped"


def _reaction(activity: dict, sender: RemoteActor) -> str:
    target = reply_target(_id(activity.get("object")))
    activity_id = _id(activity)
    if target is None or target[1] is not None or not activity_id:
        return "dropped"
    if not remote.same_origin(activity_id, sender.uri) or not documents.is_federated(target[0]):
        return "dropped"
    comment_services.reaction_save(
        post=target[0],
        kind="like" if activity["type"] == "Like" else "repost",
        origin="fediverse",
        remote_id=activity_id,
        author_name=sender.name or sender.handle,
        author_url=sender.profile_url,
        author_photo=remote.avatar_bytes(sender),
    )
    return "reaction"


HANDLERS = {
    "Follow": _follow,
    "Undo": _undo,
    "Create": _create,
    "Update": _update,
    "Delete": _delete,
    "Like": _reaction,
    "Announce": _reaction,
}
