"""What the blog's actor does: accept and lose followers, tell them about posts, and answer the
Fediverse comments its moderators reply to. Keyword-only, one transaction each."""

import logging

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from blog.models import Post
from comments.models import Comment
from comments.permissions import can_moderate
from federation import blocklist
from federation.activitypub import actor, documents, tasks
from federation.models import FederatedArticle, FederatedNote, Follower, RemoteActor

logger = logging.getLogger(__name__)


def follower_inboxes() -> set[str]:
    """Where to deliver to every follower: one inbox per server (its shared inbox) when it has
    one, else each follower's own (one query)."""
    rows = RemoteActor.objects.filter(following__isnull=False).values_list("shared_inbox", "inbox")
    return {shared or inbox for shared, inbox in rows}


@transaction.atomic
def follower_add(*, remote_actor: RemoteActor, follow: dict) -> Follower:
    """Accept a Follow: keep the follower and send them an Accept of their Follow."""
    follower, _created = Follower.objects.update_or_create(
        actor=remote_actor, defaults={"follow_id": str(follow.get("id", ""))[:2000]}
    )
    accept = documents.activity(
        "Accept", follow, id_suffix=f"accept-{follower.pk}-{int(timezone.now().timestamp())}"
    )
    accept["to"] = [remote_actor.uri]
    tasks.deliver_to([remote_actor.inbox], accept)
    return follower


@transaction.atomic
def follower_remove(*, remote_actor: RemoteActor) -> int:
    """An Undo of their Follow (or their account is gone): they no longer follow the blog."""
    removed, _ = Follower.objects.filter(actor=remote_actor).delete()
    return removed


@transaction.atomic
def followers_remove_gone(*, inbox: str) -> int:
    """An inbox answered 410 Gone, what a deleted account's address answers: the followers
    delivered there (their own inbox, or their server's shared one) no longer follow the blog."""
    gone = Follower.objects.filter(Q(actor__inbox=inbox) | Q(actor__shared_inbox=inbox))
    removed, _ = Follower.objects.filter(pk__in=list(gone.values_list("pk", flat=True))).delete()
    return removed


@transaction.atomic
def article_sync(*, post_pk: int) -> str:
    """Bring followers up to date with a post: a Create when it first becomes public, an Update
    when its Article changed since, a Delete when it is unpublished, protected or deleted."""
    if not actor.is_enabled():
        return "off"
    post = (
        Post.objects.filter(pk=post_pk)
        .select_related("featured_image")
        .prefetch_related("tags", "categories")
        .first()
    )
    record = FederatedArticle.objects.select_for_update().filter(post_pk=post_pk).first()
    sent = record is not None and not record.is_deleted
    if post is not None and documents.is_federated(post):
        document = documents.article(post)
        digest = documents.content_hash(document)
        if sent and record.content_hash == digest:
            return "unchanged"
        kind = "Update" if sent else "Create"
        FederatedArticle.objects.update_or_create(
            post_pk=post_pk,
            defaults={
                "object_id": document["id"],
                "content_hash": digest,
                "is_deleted": False,
                "sent_at": timezone.now(),
            },
        )
        activity = documents.activity(
            kind,
            document,
            id_suffix=f"{kind.lower()}-{digest[:16]}",
            to=document["to"],
            cc=document["cc"],
        )
        tasks.deliver_to(follower_inboxes(), activity)
        return kind
    if sent:
        record.is_deleted, record.sent_at, record.content_hash = True, timezone.now(), ""
        record.save(update_fields=["is_deleted", "sent_at", "content_hash"])
        activity = documents.activity(
            "Delete",
            documents.tombstone(record.object_id),
            id_suffix=f"delete-{int(record.sent_at.timestamp())}",
            to=[actor.PUBLIC],
            cc=[actor.url("ap-followers")],
        )
        tasks.deliver_to(follower_inboxes(), activity)
        return "Delete"
    if post is not None and post.is_scheduled and tasks.article_sync.get_backend().supports_defer:
        run_at = post.published_at
        transaction.on_commit(lambda: tasks.article_sync.using(run_after=run_at).enqueue(post_pk))
        return "scheduled"
    return "nothing"


def is_answerer(comment: Comment) -> bool:
    """Whether this comment is an answer the blog gives: written by a moderator or by the post's
    author (signed in)."""
    user = comment.user
    if user is None or not user.is_active:
        return False
    return user.pk == comment.post.author_id or can_moderate(user)


def fediverse_author(comment: Comment) -> RemoteActor | None:
    """The account that wrote a Fediverse comment (known from their note's delivery)."""
    if comment.author_handle:
        found = RemoteActor.objects.filter(handle=comment.author_handle).first()
        if found:
            return found
    return (
        RemoteActor.objects.filter(profile_url=comment.author_url).first()
        if comment.author_url
        else None
    )


def _answer_and_author(comment_pk: int) -> tuple[Comment, RemoteActor] | None:
    """The published answer and the account it answers, while it is one the Fediverse may see:
    approved, by a moderator or the author, under a Fediverse comment of someone not blocked."""
    comment = (
        Comment.objects.select_related("parent", "post", "user")
        .filter(pk=comment_pk, status=Comment.Status.APPROVED, post__isnull=False)
        .first()
    )
    if comment is None or comment.parent is None or not documents.is_federated(comment.post):
        return None
    parent = comment.parent
    if parent.kind != Comment.Kind.FEDIVERSE or not parent.remote_id or not is_answerer(comment):
        return None
    author = fediverse_author(parent)
    if author is None or blocklist.is_blocked(author.uri):
        return None
    return comment, author


@transaction.atomic
def reply_sync(*, comment_pk: int) -> str:
    """Keep the Fediverse's copy of our answer to a Fediverse comment as it is on the site: a
    Create (a Note in reply to theirs, signed by the blog) when it is first published, an Update
    when it is edited, a Delete when it is removed, unpublished or deleted, each to the inbox the
    Create went to, so the conversation reads the same on both sides."""
    if not actor.is_enabled():
        return "off"
    record = FederatedNote.objects.select_for_update().filter(comment_pk=comment_pk).first()
    sent = record is not None and not record.is_deleted
    found = _answer_and_author(comment_pk)
    if found is not None:
        comment, author = found
        in_reply_to = comment.parent.remote_id
        note = documents.reply_note(
            comment, in_reply_to=in_reply_to, to_actor=author.uri, to_handle=author.handle
        )
        digest = documents.content_hash(note)
        if sent and record.content_hash == digest:
            return "unchanged"
        kind = "Update" if sent else "Create"
        inbox = record.inbox if sent else author.inbox
        if kind == "Update":
            note.setdefault("updated", documents.iso(timezone.now()))
        FederatedNote.objects.update_or_create(
            comment_pk=comment_pk,
            defaults={
                "object_id": note["id"],
                "inbox": inbox,
                "content_hash": digest,
                "is_deleted": False,
                "sent_at": timezone.now(),
            },
        )
        suffix = "create" if kind == "Create" else f"update-{digest[:16]}"
        activity = documents.activity(kind, note, id_suffix=suffix, to=note["to"], cc=note["cc"])
        tasks.deliver_to([inbox], activity)
        return kind
    if sent:
        record.is_deleted, record.sent_at, record.content_hash = True, timezone.now(), ""
        record.save(update_fields=["is_deleted", "sent_at", "content_hash"])
        activity = documents.activity(
            "Delete",
            documents.tombstone(record.object_id),
            id_suffix=f"delete-{int(record.sent_at.timestamp())}",
            to=[actor.PUBLIC],
        )
        tasks.deliver_to([record.inbox], activity)
        return "Delete"
    return "nothing"
