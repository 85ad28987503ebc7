"""Revisions of a post: one kept at every save, an autosave while the author types, restore and
a word-level diff. Every change to revisions goes through these functions."""

import difflib
import re

from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from blog.conf import app_settings
from blog.models import Post, PostRevision

# Words and the whitespace between them, so a diff keeps the text's own spacing.
TOKEN_RE = re.compile(r"\s+|[^\s]+")


@transaction.atomic
def revision_record(*, post: Post, by) -> PostRevision:
    """Keep the post as it is now, unless it is what the newest revision already says; an
    autosave of this author's is spent (what it held is saved) and goes."""
    newest = post.revisions.filter(is_autosave=False).first()
    post.revisions.filter(is_autosave=True, author=_user(by)).delete()
    if newest and (newest.title, newest.excerpt, newest.body) == (
        post.title,
        post.excerpt,
        post.body,
    ):
        return newest
    revision = PostRevision.objects.create(
        post=post, title=post.title, excerpt=post.excerpt, body=post.body, author=_user(by)
    )
    revisions_prune(post=post)
    return revision


@transaction.atomic
def revision_autosave(*, post: Post, by, title: str, excerpt: str, body: str) -> PostRevision:
    """What the author is typing, kept apart from the post itself (readers never see it)."""
    revision, _ = PostRevision.objects.update_or_create(
        post=post,
        author=_user(by),
        is_autosave=True,
        defaults={"title": title, "excerpt": excerpt, "body": body, "created_at": timezone.now()},
    )
    return revision


@transaction.atomic
def revision_restore(*, revision: PostRevision, by) -> PostRevision:
    """Put an old revision's text back on its post: itself a new revision, so nothing is lost."""
    post = Post.objects.select_for_update().get(pk=revision.post_id)
    post.title, post.excerpt, post.body = revision.title, revision.excerpt, revision.body
    post.save()
    return revision_record(post=post, by=by)


def revisions_prune(*, post: Post) -> int:
    """Delete the oldest saved revisions past ``BLOG_REVISIONS_MAX``."""
    keep = app_settings.BLOG_REVISIONS_MAX
    saved = post.revisions.filter(is_autosave=False)
    old = list(saved.values_list("pk", flat=True)[keep:])
    if not old:
        return 0
    deleted, _ = PostRevision.objects.filter(pk__in=old).delete()
    return deleted


def word_diff(old: str, new: str) -> SafeString:
    """``new`` against ``old`` word by word, as HTML: removed words in ``<del>``, added ones in
    ``<ins>``, everything escaped."""
    before, after = TOKEN_RE.findall(old), TOKEN_RE.findall(new)
    parts = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(escape("".join(before[a1:a2])))
            continue
        if op in ("delete", "replace"):
            parts.append(f"<del>{escape(''.join(before[a1:a2]))}</del>")
        if op in ("insert", "replace"):
            parts.append(f"<ins>{escape(''.join(after[b1:b2]))}</ins>")
    return mark_safe("".join(parts))  # noqa: S308  (every piece escaped above)


def _user(by):
    return by if by is not None and getattr(by, "is_authenticated", False) else None
