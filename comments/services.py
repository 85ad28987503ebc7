"""Every change to a comment goes through here: the form, the moderation queue, the admin, the
demo loader and the WordPress importer (``comment_import``) call the same functions, so each rule
lives in one place.

Each function is keyword-only and runs in one transaction; after it commits, the signals in
``comments.signals`` tell the apps above (``subscriptions`` sends the e-mails). Rows are changed
with ``.save()``/``.delete()`` one at a time, so the cache receiver beside the model
(``comments.signals.comment_changed``) sees every change and starts a new cache generation
(``core.cache.bump``) when readers can see it.
"""

import datetime
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from comments import moderation, signals
from comments.avatars import remote_photo_jpeg
from comments.conf import app_settings
from comments.models import (
    Ban,
    Comment,
    DiscussionSettings,
    Reaction,
    attachment,
    target_key,
    web_address,
)
from comments.permissions import is_trusted

FOLLOWUP_MODES = {"all", "replies"}


class CommentRefused(Exception):
    """The comment is not saved; ``str(error)`` says why, for the reader."""


def _has_approved_comment(*, email: str, user) -> bool:
    who = Q(author_email=email) if email else Q(pk__in=[])
    if user is not None and user.is_authenticated:
        who |= Q(user=user)
    return Comment.objects.approved().filter(who).exists()


def _is_duplicate(*, post, body: str, email: str, user) -> bool:
    same = Comment.objects.for_post(post).filter(body=body).exclude(status=Comment.Status.REMOVED)
    if user is not None and user.is_authenticated:
        return same.filter(user=user).exists()
    return same.filter(user__isnull=True, author_email=email).exists()


def _announce(comment: Comment, *, was_approved: bool) -> None:
    if comment.status == Comment.Status.APPROVED and not was_approved:
        transaction.on_commit(lambda: signals.comment_published.send(Comment, comment=comment))
    elif comment.status == Comment.Status.PENDING and was_approved is None:
        transaction.on_commit(lambda: signals.comment_held.send(Comment, comment=comment))
    elif comment.status == Comment.Status.SPAM and was_approved is None:
        transaction.on_commit(lambda: signals.comment_filed_as_spam.send(Comment, comment=comment))


@dataclass(frozen=True)
class Submission:
    """What a reader's comment form brought, as the view read it from the form and the request.

    ``submission_key`` is the form's (CommentForm.submission_key): the same form sent again gives
    the same key. ``followups`` is "", "all" or "replies"."""

    body: str
    author_name: str = ""
    author_email: str = ""
    author_url: str = ""
    ip_address: str | None = None
    user_agent: str = ""
    honeypot_filled: bool = False
    form_age_seconds: float | None = None
    token_age_seconds: float | None = None  # since comments.js fetched a fresh timestamp
    followups: str = ""
    submission_key: str | None = None


@transaction.atomic
def comment_create(
    *,
    post,
    submission: Submission,
    user=None,
    parent: Comment | None = None,
    discussion: DiscussionSettings | None = None,
) -> Comment:
    """Save a reader's new comment with the status the moderation rules give it, and tell the
    apps above (a held comment, a published one, follow-ups asked for) once it commits. Raises
    ``CommentRefused`` (a duplicate).

    A signed-in reader's name and website come from their account. So does their e-mail address,
    unless the account has none (X gives none): then the address they typed is kept on the
    comment only, for notifications. It never changes the account, and it earns no trust: only
    the account's own comments count as previously approved.

    A submission seen before (same ``submission_key``) returns the comment it made
    (``comment.resubmitted`` is True) instead of storing a second one, even when both copies
    arrive at once.
    """
    # The form's view has just asked comment_resubmitted(); a copy stored since then is caught
    # below, as a duplicate text or as a clash on the unique key.
    signed_in = user is not None and user.is_authenticated
    comment = Comment(
        **attachment(post),
        parent=parent,
        user=user if signed_in else None,
        author_name="" if signed_in else submission.author_name.strip(),
        author_email=_typed_email(submission, user=user if signed_in else None),
        author_url="" if signed_in else submission.author_url.strip(),
        body=submission.body.strip(),
        ip_address=submission.ip_address or None,
        user_agent=(submission.user_agent or "")[:500],
        submission_key=submission.submission_key or None,
    )
    verdict = moderation.decide(
        _facts(comment, submission, user=user if signed_in else None),
        discussion or DiscussionSettings.load(),
    )
    if verdict.status == moderation.REFUSED:
        # The duplicate may be this very submission, stored by a copy since we looked.
        if earlier := comment_resubmitted(submission_key=submission.submission_key):
            return earlier
        raise CommentRefused(verdict.reason)
    comment.status = verdict.status
    comment.moderation_rule, comment.moderation_reason = verdict.rule, verdict.reason[:200]
    comment.status_changed_at = comment.created_at
    if earlier := _save_once(comment):
        return earlier
    _announce(comment, was_approved=None)
    # Follow-ups are kept per post: a page's form does not offer them.
    if (
        submission.followups in FOLLOWUP_MODES
        and comment.status != Comment.Status.SPAM
        and comment.post_id
    ):
        mode = submission.followups
        transaction.on_commit(
            lambda: signals.followups_requested.send(Comment, comment=comment, mode=mode)
        )
    return comment


def _typed_email(submission: Submission, *, user) -> str:
    """The address kept on the comment itself: none when the account has one."""
    if user is not None and user.email.strip():
        return ""
    return submission.author_email.strip().lower()


def _facts(comment: Comment, submission: Submission, *, user) -> moderation.Facts:
    account_email = (user.email if user is not None else "").strip().lower()
    email = account_email or comment.author_email
    return moderation.Facts(
        body=comment.body,
        name=comment.author_name,
        email=email,
        url=comment.author_url,
        ip_address=comment.ip_address or "",
        user_agent=comment.user_agent,
        is_trusted=is_trusted(user),
        has_approved_comment=_has_approved_comment(
            email=account_email if user is not None else email, user=user
        ),
        is_duplicate=_is_duplicate(post=comment.target, body=comment.body, email=email, user=user),
        honeypot_filled=submission.honeypot_filled,
        form_age_seconds=submission.form_age_seconds,
        token_age_seconds=submission.token_age_seconds,
        min_form_seconds=app_settings.COMMENTS_MIN_FORM_SECONDS,
        max_form_age_seconds=app_settings.COMMENTS_MAX_FORM_AGE,
        bans=Ban.objects.facts(email=email, user=user, ip=comment.ip_address or ""),
    )


def _save_once(comment: Comment) -> Comment | None:
    """Save the comment; or, when a copy of its submission was stored meanwhile, return that."""
    try:
        with transaction.atomic():  # a savepoint: the race's loser may still read the winner
            comment.save()  # if it is approved, the cache starts anew: comments.signals
    except IntegrityError:
        # Another copy of this submission was stored while we decided (PostgreSQL: the unique
        # index made us wait for it to commit).
        if earlier := comment_resubmitted(submission_key=comment.submission_key):
            return earlier
        raise
    comment.resubmitted = False
    return None


def comment_import(
    *,
    post,
    body: str,
    status: str,
    created_at: datetime.datetime,
    kind: str = Comment.Kind.COMMENT,
    parent: Comment | None = None,
    user=None,
    author_name: str = "",
    author_email: str = "",
    author_url: str = "",
    ip_address: str | None = None,
    body_format: str = Comment.BodyFormat.MARKDOWN,
    remote_id: str = "",
    author_handle: str = "",
) -> Comment:
    """Save a comment brought over from another blog as it was there: its status, kind (comment,
    pingback, trackback, webmention, fediverse reply, with where it was written: ``remote_id``,
    ``author_handle``), date, and body in its own format (WordPress's HTML is sanitized, not
    read as Markdown). No moderation decision, no e-mail, no follow-up subscription.

    One INSERT, so no transaction of its own: the importer runs the whole import in one. Like
    every saved comment it is seen by the cache receivers; the importer collects their page-cache
    purges into one after its commit (``core.cache.bumps_deferred``).
    """
    comment = Comment(
        **attachment(post),
        parent=parent,
        kind=Comment.Kind(kind),
        user=user,
        author_name=author_name.strip()[: Comment._meta.get_field("author_name").max_length],
        author_email=author_email.strip().lower()[:254],
        author_url=author_url.strip()[:300],
        body=body,
        body_format=Comment.BodyFormat(body_format),
        status=Comment.Status(status),
        created_at=created_at,
        ip_address=ip_address or None,
        remote_id=remote_id[:2000],
        author_handle=_clip(author_handle, "author_handle"),
    )
    comment.save()
    return comment


def comment_resubmitted(*, submission_key: str | None) -> Comment | None:
    """The comment an earlier copy of this submission stored, if any (``resubmitted`` set)."""
    if not submission_key:
        return None
    # Asked of every comment sent, and nearly always answered no: the question asks for the id
    # only (the full row's columns cost more to compile than the query costs to run), and the
    # row is read when there is one.
    pk = Comment.objects.filter(submission_key=submission_key).values_list("pk", flat=True).first()
    if pk is None:
        return None
    earlier = Comment.objects.get(pk=pk)
    earlier.resubmitted = True
    return earlier


def _set_status(comment: Comment, status: str) -> Comment:
    was_approved = comment.status == Comment.Status.APPROVED
    if comment.status != status:
        comment.previous_status, comment.status = comment.status, status
        comment.status_changed_at = timezone.now()
        comment.save(update_fields=["status", "previous_status", "status_changed_at"])
        _announce(comment, was_approved=was_approved)
    return comment


@transaction.atomic
def comment_approve(*, comment: Comment, by=None) -> Comment:
    """Make a comment visible to everyone (and tell the people waiting for it)."""
    return _set_status(comment, Comment.Status.APPROVED)


@transaction.atomic
def comment_unapprove(*, comment: Comment, by=None) -> Comment:
    """Send a comment back to the moderation queue."""
    return _set_status(comment, Comment.Status.PENDING)


@transaction.atomic
def comment_mark_spam(*, comment: Comment, by=None) -> Comment:
    return _set_status(comment, Comment.Status.SPAM)


@transaction.atomic
def comment_remove(*, comment: Comment, by=None) -> Comment:
    """Hide a comment from everyone; the row stays for the record (and the admin)."""
    return _set_status(comment, Comment.Status.REMOVED)


@transaction.atomic
def comment_mark_not_spam(*, comment: Comment, by=None) -> Comment:
    """A moderator rescues a comment the rules set aside: it is approved and shown."""
    return _set_status(comment, Comment.Status.APPROVED)


@transaction.atomic
def comment_restore(*, comment: Comment, by=None) -> Comment:
    """Bring a removed comment back to the status it had before (held when unknown)."""
    if comment.status != Comment.Status.REMOVED:
        return comment
    before = comment.previous_status
    if before not in {Comment.Status.APPROVED, Comment.Status.PENDING}:
        before = Comment.Status.PENDING
    return _set_status(comment, before)


MODERATION_ACTIONS = {
    "approve": comment_approve,
    "unapprove": comment_unapprove,
    "spam": comment_mark_spam,
    "remove": comment_remove,
    "not-spam": comment_mark_not_spam,
    "restore": comment_restore,
}


@transaction.atomic
def comments_moderate(*, comments: Iterable[Comment], action: str, by=None) -> int:
    """The bulk form of the actions above: one row at a time, so every change is seen."""
    service = MODERATION_ACTIONS[action]
    count = 0
    for comment in comments:
        service(comment=comment, by=by)
        count += 1
    return count


@transaction.atomic
def comment_edit(*, comment: Comment, body: str, discussion: DiscussionSettings | None = None):
    """The commenter's own edit. An edit that now breaks a rule (links, words, blocklist) is held
    or marked as spam again, so an approved comment can't be turned into an advert."""
    discussion = discussion or DiscussionSettings.load()
    comment.body = body.strip()
    comment.edited_at = timezone.now()
    fields = ["body", "edited_at"]
    if comment.status == Comment.Status.APPROVED and not is_trusted(comment.user):
        verdict = moderation.decide(
            moderation.Facts(
                body=comment.body,
                name=comment.author_name,
                email=comment.email,
                url=comment.author_url,
                ip_address=comment.ip_address or "",
                user_agent=comment.user_agent,
                has_approved_comment=True,
                form_age_seconds=60,
                # A ban made since the comment was approved reaches its edits too.
                bans=Ban.objects.facts(
                    email=comment.email, user=comment.user, ip=comment.ip_address or ""
                ),
            ),
            discussion,
        )
        if verdict.status in {moderation.PENDING, moderation.SPAM}:
            comment.status = verdict.status
            fields.append("status")
    comment.save(update_fields=fields)
    return comment


@transaction.atomic
def comment_delete(*, comment: Comment) -> None:
    """The commenter takes their comment back (only possible before anyone replied)."""
    comment.delete()


@transaction.atomic
def ban_create(
    *,
    comment: Comment,
    by=None,
    email: bool = True,
    account: bool = True,
    ip: bool = False,
    reason: str = "",
) -> list[Ban]:
    """Ban what wrote ``comment``: its e-mail address and (for a signed-in reader) its account by
    default, its IP address only when asked (``ip=True``). Later comments from what is banned
    are spam; the comment itself and the held comments from the same become spam now.

    Returns the bans made (a ban that exists already is kept as it was)."""
    wanted: list[tuple[str, str, object]] = []
    address = comment.email.strip().lower()
    if email and address:
        wanted.append((Ban.Kind.EMAIL, address, None))
    if account and comment.user_id:
        wanted.append((Ban.Kind.ACCOUNT, str(comment.user_id), comment.user))
    if ip and comment.ip_address:
        wanted.append((Ban.Kind.IP, comment.ip_address.lower(), None))
    made = []
    for kind, value, user in wanted:
        ban, created = Ban.objects.get_or_create(
            kind=kind,
            value=value,
            defaults={
                "user": user,
                "reason": reason.strip(),
                "comment": comment,
                "created_by": by if by is not None and by.is_authenticated else None,
            },
        )
        if created:
            made.append(ban)
    who = Q(pk=comment.pk)
    for kind, value, _user in wanted:
        who |= {
            Ban.Kind.EMAIL: Q(author_email=value) | Q(user__email__iexact=value),
            Ban.Kind.ACCOUNT: Q(user_id=value),
            Ban.Kind.IP: Q(ip_address=value),
        }[kind]
    for held in Comment.objects.filter(who, status=Comment.Status.PENDING).select_related(
        "post", "page"
    ):
        _set_status(held, Comment.Status.SPAM)
    _set_status(comment, Comment.Status.SPAM)
    return made


@transaction.atomic
def ban_remove(*, ban: Ban, by=None) -> None:
    """Unban: later comments are moderated as anyone's again (earlier spam stays spam)."""
    ban.delete()


def spam_purge(*, older_than: datetime.timedelta, now: datetime.datetime | None = None) -> int:
    """Delete the spam that has been spam longer than ``older_than``; returns how many.

    A spam comment with replies stays (deleting it would take the replies with it)."""
    cutoff = (now or timezone.now()) - older_than
    old = Comment.objects.spam().filter(
        Q(status_changed_at__lt=cutoff) | Q(status_changed_at__isnull=True, created_at__lt=cutoff)
    )
    old = old.filter(replies__isnull=True).order_by("pk")
    deleted = 0
    while batch := list(old.values_list("pk", flat=True)[:500]):
        with transaction.atomic():
            for comment in Comment.objects.filter(pk__in=batch):
                comment.delete()
                deleted += 1
    return deleted


MODERATORS_GROUP = "Moderators"


def moderators_group():
    """The "Moderators" group (made by a data migration), brought back if someone deleted it:
    may view and change comments, nothing else."""
    from django.contrib.auth.models import Group, Permission

    group, created = Group.objects.get_or_create(name=MODERATORS_GROUP)
    if created:
        group.permissions.set(
            Permission.objects.filter(
                content_type__app_label="comments",
                codename__in=["view_comment", "change_comment"],
            )
        )
    return group


# --- a reader leaving (accounts asks through accounts.signals.reader_leaving) --------------------
def reader_comments(*, user):
    """The reader's comments, newest first, with their posts (one query)."""
    return (
        Comment.objects.filter(user=user)
        .select_related("post", "page")
        .order_by("-created_at", "-pk")
    )


@transaction.atomic
def reader_comments_remove(*, user) -> int:
    """Delete the reader's comments. Other people's replies to them move up to the nearest
    comment that stays (or become top-level), so a reader leaving never deletes someone else's
    words. One row at a time, so every change is seen."""
    mine = dict(Comment.objects.filter(user=user).values_list("pk", "parent_id"))

    def nearest_kept(parent_id):
        while parent_id in mine:
            parent_id = mine[parent_id]
        return parent_id

    for reply in Comment.objects.filter(parent_id__in=mine).exclude(pk__in=mine):
        reply.parent_id = nearest_kept(reply.parent_id)
        reply.save(update_fields=["parent"])
    deleted, _ = Comment.objects.filter(pk__in=list(mine)).delete()
    return deleted


@transaction.atomic
def reader_comments_anonymise(*, user, name: str) -> int:
    """Keep the reader's comments but cut every tie to them: they read as written by ``name``."""
    fields = ["user", "author_name", "author_email", "author_url", "ip_address", "user_agent"]
    count = 0
    for comment in Comment.objects.filter(user=user):
        comment.user, comment.author_name, comment.author_email = None, name, ""
        comment.author_url, comment.ip_address, comment.user_agent = "", None, ""
        comment.save(update_fields=fields)
        count += 1
    return count


def reader_comments_export(*, user) -> list[dict]:
    """Everything kept about the reader's comments, for "Download my data"."""
    return [
        {
            "id": comment.pk,
            "post": comment.target.title,
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
        for comment in reader_comments(user=user).order_by("created_at", "pk")
    ]


# --- Replies and reactions from elsewhere (webmentions, the Fediverse) ---------------------------
# federation/ calls these; like a reader's comment, a reply goes through moderation.decide, is
# held by default (DiscussionSettings.trust_remote_replies trusts them) and is announced through
# comments.signals. Bodies are HTML, sanitized as comments' HTML is (Comment.BodyFormat.HTML).

REMOTE_BODY_MAX = 20_000  # characters of HTML kept from a reply written elsewhere


def _clip(value: str, field: str, model=Comment) -> str:
    return (value or "").strip()[: model._meta.get_field(field).max_length]


def _store_photo(row, picture: bytes | None) -> None:
    """Keep a local copy of a remote author's picture (bad bytes: no picture, no error)."""
    jpeg = remote_photo_jpeg(picture)
    if jpeg is None:
        return
    if row.author_photo:
        row.author_photo.delete(save=False)
    row.author_photo.save(f"{secrets.token_hex(8)}.jpg", ContentFile(jpeg), save=False)


def _remote_facts(comment: Comment) -> moderation.Facts:
    return moderation.Facts(
        body=comment.body,
        name=comment.author_name,
        url=comment.author_url,
        user_agent=comment.author_handle,
        from_elsewhere=True,
    )


@transaction.atomic
def remote_comment_save(
    *,
    post,
    kind: str,
    remote_id: str,
    author_name: str,
    author_url: str,
    author_handle: str = "",
    author_photo: bytes | None = None,
    body_html: str,
    published_at: datetime.datetime | None,
    parent: Comment | None = None,
    discussion: DiscussionSettings | None = None,
) -> Comment:
    """Store a reply written elsewhere (``kind`` webmention or fediverse), or update the one
    stored from the same ``remote_id`` on this post (an edit at the source). ``post`` may be a
    page: a webmention can answer one.

    A new reply gets the status the moderation rules give it; an edit of a published one that now
    breaks a rule is held again, as a reader's edit is. ``author_photo`` is the picture's bytes,
    already fetched; it is kept as a small local JPEG (bad bytes: no picture)."""
    kind = Comment.Kind(kind)
    if kind not in Comment.REMOTE_KINDS:
        raise ValueError(f"not a kind of reply from elsewhere: {kind}")
    discussion = discussion or DiscussionSettings.load()
    on = attachment(post)  # a post, or a page (a webmention's target may be either)
    comment = Comment.objects.select_for_update().filter(
        **on, remote_id=remote_id
    ).first() or Comment(**on, kind=kind, remote_id=remote_id, body_format=Comment.BodyFormat.HTML)
    is_new = comment.pk is None
    same_thread = parent is not None and parent.target_key == target_key(post)
    comment.parent = parent if same_thread else None
    comment.author_name = _clip(author_name, "author_name")
    comment.author_url = web_address(_clip(author_url, "author_url"))
    comment.author_handle = _clip(author_handle, "author_handle")
    comment.body = (body_html or "").strip()[:REMOTE_BODY_MAX]
    comment.body_format = Comment.BodyFormat.HTML
    if published_at is not None and is_new:
        comment.created_at = min(published_at, timezone.now())
    _store_photo(comment, author_photo)
    was_approved = None if is_new else comment.status == Comment.Status.APPROVED
    gone_at_source = comment.moderation_rule == moderation.Rule.REMOVED_AT_SOURCE
    if is_new or gone_at_source or comment.status == Comment.Status.APPROVED:
        verdict = moderation.decide(_remote_facts(comment), discussion)
        # A published reply edited at its source stays published unless the edit breaks a rule
        # (a blocked or held word): being from elsewhere was judged when it was approved.
        held_again = verdict.status != moderation.APPROVED
        held_again = held_again and verdict.rule != moderation.Rule.FROM_ELSEWHERE
        if is_new or gone_at_source or held_again:
            if comment.status != verdict.status and not is_new:
                comment.previous_status = comment.status
            comment.status = verdict.status
            comment.moderation_rule, comment.moderation_reason = verdict.rule, verdict.reason[:200]
            comment.status_changed_at = timezone.now()
    if not is_new:
        comment.edited_at = timezone.now()
        if gone_at_source:
            was_approved = None  # it is back: moderators hear of it as of a new one
    comment.save()
    _announce(comment, was_approved=was_approved)
    return comment


@transaction.atomic
def remote_comment_remove(*, remote_id: str, post=None) -> int:
    """The reply is gone at its source (a 410, no link any more, an ActivityPub Delete): its
    text and picture are dropped and it is removed from the thread (the row stays, so replies
    to it keep their place). ``post``: only the reply to that post or page (a page that still
    links to another). Returns how many comments were removed."""
    count = 0
    found = Comment.objects.select_for_update().filter(remote_id=remote_id)
    for comment in found.filter(**attachment(post)) if post is not None else found:
        if comment.author_photo:
            comment.author_photo.delete(save=False)
        comment.author_photo = ""
        comment.body = ""
        if comment.status != Comment.Status.REMOVED:
            comment.previous_status = comment.status
        comment.status = Comment.Status.REMOVED
        comment.status_changed_at = timezone.now()
        comment.moderation_rule = moderation.Rule.REMOVED_AT_SOURCE
        comment.moderation_reason = ""
        comment.save()
        count += 1
    return count


@transaction.atomic
def reaction_save(
    *,
    post,
    kind: str,
    origin: str,
    remote_id: str,
    author_name: str,
    author_url: str,
    author_photo: bytes | None = None,
) -> Reaction:
    """Count a like or repost made elsewhere (again from the same ``remote_id``: updated)."""
    reaction = Reaction.objects.select_for_update().filter(
        post=post, remote_id=remote_id
    ).first() or Reaction(post=post, remote_id=remote_id)
    reaction.kind = Reaction.Kind(kind)
    reaction.origin = Reaction.Origin(origin)
    reaction.author_name = _clip(author_name, "author_name", Reaction)
    reaction.author_url = web_address(_clip(author_url, "author_url", Reaction))
    _store_photo(reaction, author_photo)
    reaction.save()  # the cache starts anew: comments.signals
    return reaction


@transaction.atomic
def reaction_remove(*, remote_id: str, post=None) -> int:
    """The like or repost was taken back (or its source is gone); ``post``: of that post only."""
    count = 0
    found = Reaction.objects.select_for_update().filter(remote_id=remote_id)
    for reaction in found.filter(post=post) if post is not None else found:
        if reaction.author_photo:
            reaction.author_photo.delete(save=False)
        reaction.delete()
        count += 1
    return count
