"""The one place where accounts touches a reader's comments.

``accounts`` does not import the comments app (see ARCHITECTURE.md). It reaches a reader's comments
only through the reverse relation that ``comments.Comment.user`` declares (``related_name=
"comments"``), and relies on these fields of that model: ``post`` (with ``title`` and
``get_absolute_url()``), ``parent``, ``user``, ``author_name``, ``author_email``, ``author_url``,
``body``, ``status`` (with ``get_status_display()``), ``created_at``, ``edited_at``,
``ip_address`` and ``user_agent``. If the comments app renames one of them, change it here.

These are bulk updates: they bypass ``comments.services`` (which accounts may not import), so no
moderation e-mails are sent and cached pages expire on their own.
"""

from django.db import models

from accounts.models import User


def of(user: User) -> models.QuerySet:
    """The reader's comments, newest first, with their posts (one query)."""
    return user.comments.select_related("post").order_by("-created_at", "-pk")


def export(user: User) -> list[dict]:
    """Everything kept about the reader's comments, for "Download my data"."""
    return [
        {
            "id": comment.pk,
            "post": comment.post.title,
            "url": comment.get_absolute_url(),
            "in_reply_to": comment.parent_id,
            "body": comment.body,
            "status": comment.status,
            "created_at": comment.created_at.isoformat(),
            "edited_at": comment.edited_at.isoformat() if comment.edited_at else None,
            "author_name": comment.author_name,
            "author_email": comment.author_email,
            "author_url": comment.author_url,
            "ip_address": comment.ip_address,
            "user_agent": comment.user_agent,
        }
        for comment in of(user).order_by("created_at", "pk")
    ]


def anonymise(*, user: User, name: str) -> int:
    """Keep the comments but cut every tie to the reader: they read as written by ``name``."""
    return user.comments.update(
        user=None, author_name=name, author_email="", author_url="", ip_address=None, user_agent=""
    )


def delete(*, user: User) -> int:
    """Delete the reader's comments. Other people's replies to them move up to the nearest
    comment that stays (or become top-level), so deleting an account never deletes someone
    else's words."""
    comment_model = user.comments.model
    mine = dict(user.comments.values_list("pk", "parent_id"))
    if not mine:
        return 0

    def nearest_kept(parent_id):
        while parent_id in mine:
            parent_id = mine[parent_id]
        return parent_id

    orphans = comment_model.objects.filter(parent_id__in=mine).exclude(pk__in=mine)
    moves: dict = {}
    for reply_pk, parent_id in orphans.values_list("pk", "parent_id"):
        moves.setdefault(nearest_kept(parent_id), []).append(reply_pk)
    for new_parent_id, reply_pks in moves.items():
        comment_model.objects.filter(pk__in=reply_pks).update(parent_id=new_parent_id)
    deleted, _ = comment_model.objects.filter(pk__in=list(mine)).delete()
    return deleted
