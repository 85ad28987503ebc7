"""The JSON documents we serve and send: the actor, Articles for posts, Notes for our replies,
activities and collections (ActivityStreams 2.0 vocabulary, as Mastodon reads it)."""

import hashlib
import json
import re

from django.utils.html import escape

from blog.models import Blog, Post
from federation.activitypub import actor
from federation.activitypub.conf import app_settings

AS_CONTEXT = "https://www.w3.org/ns/activitystreams"
SECURITY_CONTEXT = "https://w3id.org/security/v1"
CONTEXT = [AS_CONTEXT, SECURITY_CONTEXT, {"Hashtag": "as:Hashtag", "sensitive": "as:sensitive"}]
ACTIVITY_JSON = "application/activity+json"

_RELATIVE = re.compile(r'(\s(?:src|href|srcset)=")(/[^/"][^"]*)"')
_MARKERS = re.compile(r"<!--(?:more|nextpage)-->")


def iso(moment) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ") if moment else None


def _absolute_links(html: str) -> str:
    """Addresses in our HTML made absolute (another server reads it), markers taken out."""

    def fix(match):
        return f'{match.group(1)}{actor.absolute(match.group(2))}"'

    return _RELATIVE.sub(fix, _MARKERS.sub("", html))


def actor_document() -> dict:
    blog, row = Blog.current(), actor.profile()
    icon, icon_type = actor.icon_url(row)
    inbox = actor.url("ap-inbox")
    return {
        "@context": CONTEXT,
        "id": actor.actor_id(),
        "type": "Person",
        "preferredUsername": actor.handle(row),
        "name": blog.name,
        "summary": f"<p>{escape(blog.tagline)}</p>" if blog.tagline else "",
        "url": actor.absolute("/"),
        "inbox": inbox,
        "outbox": actor.url("ap-outbox"),
        "followers": actor.url("ap-followers"),
        "endpoints": {"sharedInbox": inbox},
        "icon": {"type": "Image", "mediaType": icon_type, "url": icon},
        "manuallyApprovesFollowers": False,
        "discoverable": True,
        "published": iso(row.created_at),
        "publicKey": {
            "id": actor.key_id(),
            "owner": actor.actor_id(),
            "publicKeyPem": row.public_key_pem,
        },
    }


def article_id(post_pk: int) -> str:
    return actor.url("ap-article", post_pk)


def note_id(comment_pk: int) -> str:
    return actor.url("ap-note", comment_pk)


def is_federated(post: Post) -> bool:
    """A post followers may see: public (published, its time come) and without a password."""
    return post.is_public and not post.password


def article(post: Post) -> dict:
    """A post as an Article: title, summary, content, address, picture, tags."""
    document = {
        "id": article_id(post.pk),
        "type": "Article",
        "attributedTo": actor.actor_id(),
        "name": post.title,
        "summary": post.summary,
        "content": _absolute_links(post.body_html),
        "mediaType": "text/html",
        "url": actor.absolute(post.get_absolute_url()),
        "published": iso(post.published_at),
        "to": [actor.PUBLIC],
        "cc": [actor.url("ap-followers")],
        "tag": [
            {
                "type": "Hashtag",
                "name": f"#{tag.name}",
                "href": actor.absolute(tag.get_absolute_url()),
            }
            for tag in post.tags.all()
        ],
    }
    if post.updated_at and post.published_at and post.updated_at > post.published_at:
        document["updated"] = iso(post.updated_at)
    if post.featured_image_id and post.featured_image.file:
        image = post.featured_image
        og = image.og_image()
        document["image"] = {"type": "Image", "url": actor.absolute(og["url"])}
        document["attachment"] = [
            {
                "type": "Image",
                "mediaType": og["type"] or "image/jpeg",
                "url": actor.absolute(og["url"]),
                "name": image.alt_text,
            }
        ]
    return document


def content_hash(document: dict) -> str:
    """What an Update compares (the Article without its ``updated`` stamp)."""
    stable = {name: value for name, value in document.items() if name != "updated"}
    return hashlib.sha256(json.dumps(stable, sort_keys=True).encode()).hexdigest()


def activity(kind: str, obj, *, id_suffix: str, to=None, cc=None) -> dict:
    """An activity of ours (Create, Update, Delete, Accept...) about ``obj``."""
    object_id = obj["id"] if isinstance(obj, dict) else obj
    document = {
        "@context": CONTEXT,
        "id": f"{object_id}#{id_suffix}",
        "type": kind,
        "actor": actor.actor_id(),
        "object": obj,
    }
    if to is not None:
        document["to"] = to
    if cc is not None:
        document["cc"] = cc
    return document


def tombstone(object_id: str) -> dict:
    return {"id": object_id, "type": "Tombstone"}


def reply_note(comment, *, in_reply_to: str, to_actor: str, to_handle: str) -> dict:
    """Our answer to a Fediverse comment, as a Note in reply to theirs (mentioning them, so
    their server shows it to them)."""
    note = {
        "id": note_id(comment.pk),
        "type": "Note",
        "attributedTo": actor.actor_id(),
        "inReplyTo": in_reply_to,
        "content": _absolute_links(comment.body_html),
        "mediaType": "text/html",
        "url": actor.absolute(comment.get_absolute_url()),
        "published": iso(comment.created_at),
        "to": [actor.PUBLIC],
        "cc": [to_actor, actor.url("ap-followers")],
        "tag": [{"type": "Mention", "href": to_actor, "name": to_handle}],
    }
    if comment.edited_at:  # Mastodon shows an edit only when ``updated`` is later than before
        note["updated"] = iso(comment.edited_at)
    return note


def collection(*, url: str, total: int) -> dict:
    return {
        "@context": AS_CONTEXT,
        "id": url,
        "type": "OrderedCollection",
        "totalItems": total,
        "first": f"{url}?page=1",
    }


def collection_page(*, url: str, page: int, items: list, has_next: bool) -> dict:
    document = {
        "@context": AS_CONTEXT,
        "id": f"{url}?page={page}",
        "type": "OrderedCollectionPage",
        "partOf": url,
        "orderedItems": items,
    }
    if has_next:
        document["next"] = f"{url}?page={page + 1}"
    if page > 1:
        document["prev"] = f"{url}?page={page - 1}"
    return document


def page_size() -> int:
    return app_settings.FEDERATION_COLLECTION_PAGE_SIZE
