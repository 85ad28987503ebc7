"""Thin views: check who is asking, validate, call a service, redirect (post/redirect/get)."""

from django.contrib import messages
from django.db.models import Q
from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.generic import ListView

from accounts.mixins import ReaderRequiredMixin
from blog.models import Page, Post
from comments import avatars, form_state, ratelimit, services
from comments.conf import app_settings
from comments.forms import CommentBodyForm, CommentForm, form_token_refresh, token_key
from comments.models import Comment, DiscussionSettings
from comments.permissions import can_change, can_moderate, is_own, is_trusted
from comments.remember import save_author
from comments.session import own_comment_ids, remember_own_comment
from core.csrf import same_origin_post
from core.errors import resendable
from core.ratelimit import client_ip
from core.redirects import safe_next

CLOSED_MESSAGE = _("Comments are closed.")
GONE_PARENT_MESSAGE = _("The comment you are replying to is not there any more.")
PROTECTED_MESSAGE = _(
    "This post is protected by a password. Give the password on the post's page, then send "
    "your comment again."
)


def notice(request, *, title: str, message: str, status: int, post=None, typed: str = ""):
    """A short page that says why something could not be done, with a way back (and the
    comment the reader ``typed``, to copy, so nothing is lost)."""
    return render(
        request,
        "comments/notice.html",
        {"title": title, "message": message, "post": post, "typed": typed},
        status=status,
    )


def forbidden(request, message: str = _("You are not allowed to moderate comments."), post=None):
    return notice(request, title=_("Not allowed"), message=message, status=403, post=post)


def comment_page_url(comment: Comment, discussion: DiscussionSettings) -> str:
    """Where a comment is shown: its post, the page of the thread it is on, its anchor."""
    root = comment
    for _step in range(50):  # replies nest shallowly; the bound only guards against cycles
        if root.parent_id is None:
            break
        root = root.parent
    top_level = Comment.objects.for_post(comment.target).approved().filter(parent__isnull=True)
    if discussion.order == DiscussionSettings.Order.NEWEST:
        before = top_level.filter(created_at__gt=root.created_at).count()
    elif discussion.order == DiscussionSettings.Order.BEST:
        before = top_level.filter(
            Q(like_count__gt=root.like_count)
            | Q(like_count=root.like_count, created_at__lt=root.created_at)
        ).count()
    else:
        before = top_level.filter(created_at__lt=root.created_at).count()
    page = before // max(1, discussion.per_page) + 1
    query = f"?cpage={page}" if page > 1 else ""
    return f"{comment.target.get_absolute_url()}{query}#comment-{comment.pk}"


def _form_page(request, *, post, form, status: int, message: str = ""):
    return render(
        request,
        "comments/form_page.html",
        {"post": post, "form": form, "message": message},
        status=status,
    )


def _back_to_the_form(request, *, post, form, discussion, errors=()):
    """The form with its errors, shown in place on the post page: what was typed is kept in the
    session (comments.form_state) and the reader is sent (303) to the form's error summary, under
    the comment they answer when it is still there."""
    parent_id = form.cleaned_data.get("parent") if hasattr(form, "cleaned_data") else None
    parent = _visible_parent(request, post=post, parent_id=parent_id) or None
    data = request.POST.copy()
    if parent is None:
        data["parent"] = ""
    form_state.keep(request, post=post, data=data, errors=errors)
    if parent is not None:
        page_address = comment_page_url(parent, discussion).partition("#")[0]
        joiner = "&" if "?" in page_address else "?"
        address = f"{page_address}{joiner}replyto={parent.pk}#comment-errors"
    else:
        address = f"{post.get_absolute_url()}#comment-errors"
    return HttpResponseRedirect(address, status=303)


def _visible_parent(request, *, post, parent_id: int | None):
    if not parent_id:
        return None
    parent = Comment.objects.for_post(post).filter(pk=parent_id).select_related("user").first()
    if parent is None:
        return False
    if parent.status == Comment.Status.APPROVED or can_moderate(request.user):
        return parent
    own = is_own(parent, user=request.user, own_ids=own_comment_ids(request))
    return parent if own and parent.status == Comment.Status.PENDING else False


def _submission(request, form: CommentForm) -> services.Submission:
    """What the reader sent, from the valid form and the request."""
    data = form.cleaned_data
    return services.Submission(
        body=data["comment"],
        author_name=data.get("author", ""),
        author_email=data.get("email", ""),
        author_url=data.get("url", ""),
        ip_address=client_ip(request) or None,
        user_agent=request.META.get("HTTP_USER_AGENT", ""),
        honeypot_filled=form.honeypot_filled,
        form_age_seconds=form.form_age_seconds,
        token_age_seconds=form.token_age_seconds,
        followups=data.get("notify", ""),
        submission_key=form.submission_key,
    )


def commented_on(*, post_id: int | None, page_id: int | None) -> Post | Page:
    """The published post, or page that takes comments, that a form's address names."""
    if page_id is not None:
        return get_object_or_404(Page.objects.published(), pk=page_id)
    return get_object_or_404(Post.objects.published(), pk=post_id)


@same_origin_post  # the form is on cached pages: see core/csrf.py
@require_POST
@resendable(shown=("comment",))  # a busy database's 503 gives the reader their comment back
def create(request, post_id: int | None = None, page_id: int | None = None):
    post = commented_on(post_id=post_id, page_id=page_id)
    if post.is_locked_for(request):  # the form is not even shown until the password is given
        return notice(
            request,
            title=_("Password needed"),
            message=PROTECTED_MESSAGE,
            status=403,
            post=post,
            typed=request.POST.get("comment", ""),
        )
    discussion = DiscussionSettings.load()
    if discussion.closes_comments_on(post):
        return notice(
            request, title=_("Comments closed"), message=CLOSED_MESSAGE, status=403, post=post
        )
    form = CommentForm(
        request.POST,
        post=post,
        user=request.user,
        require_name_email=discussion.require_name_email,
    )
    if not form.is_valid():
        return _back_to_the_form(request, post=post, form=form, discussion=discussion)
    data = form.cleaned_data
    parent = _visible_parent(request, post=post, parent_id=data.get("parent"))
    if parent is False:
        return _back_to_the_form(
            request, post=post, form=form, discussion=discussion, errors=[GONE_PARENT_MESSAGE]
        )
    if earlier := services.comment_resubmitted(submission_key=form.submission_key):
        # The same form sent again (a retry, a double click): where the first one went, once.
        # This session is not given the comment: the copy may be anyone's (a cached page shares
        # its ts), and only the session that stored a comment may change it.
        return redirect(comment_page_url(earlier, discussion))
    flood_controlled = not is_trusted(request.user)
    if flood_controlled and (refusal := ratelimit.refusal(request)):
        response = _form_page(request, post=post, form=form, status=429, message=refusal.message)
        response.headers["Retry-After"] = str(refusal.retry_after)
        return response
    try:
        comment = services.comment_create(
            post=post,
            submission=_submission(request, form),
            user=request.user,
            parent=parent,
            discussion=discussion,
        )
    except services.CommentRefused as refused:
        return _form_page(request, post=post, form=form, status=409, message=str(refused))
    if comment.resubmitted:  # a copy sent at the same moment stored it
        return redirect(comment_page_url(comment, discussion))
    if flood_controlled:
        ratelimit.count(request)
    remember_own_comment(request, comment)
    response = redirect(comment_page_url(comment, discussion))
    if not form.signed_in:
        save_author(
            response,
            remember=data.get("remember", False),
            name=data.get("author", ""),
            email=data.get("email", ""),
            url=data.get("url", ""),
        )
    return response


def _own_comment_or_403(request, pk: int):
    comment = get_object_or_404(Comment.objects.select_related("post", "page", "user"), pk=pk)
    if not can_change(
        comment,
        user=request.user,
        own_ids=own_comment_ids(request),
        has_replies=comment.replies.exists(),
    ):
        minutes = app_settings.COMMENTS_EDIT_MINUTES
        return comment, forbidden(
            request,
            ngettext(
                "You can only change your own comment, for %(minutes)s minute and until "
                "someone replies.",
                "You can only change your own comment, for %(minutes)s minutes and until "
                "someone replies.",
                minutes,
            )
            % {"minutes": minutes},
            post=comment.target,
        )
    return comment, None


@require_http_methods(["GET", "POST"])
def edit(request, pk: int):
    comment, refusal = _own_comment_or_403(request, pk)
    if refusal:
        return refusal
    action = reverse("comments:edit", kwargs={"pk": comment.pk})
    if request.method == "POST":
        form = CommentBodyForm(request.POST, action=action)
        if form.is_valid():
            services.comment_edit(comment=comment, body=form.cleaned_data["comment"])
            messages.success(request, _("Your comment was updated."))
            return redirect(comment_page_url(comment, DiscussionSettings.load()))
        status = 400
    else:
        form = CommentBodyForm(initial={"comment": comment.body}, action=action)
        status = 200
    context = {"comment": comment, "form": form, "minutes": app_settings.COMMENTS_EDIT_MINUTES}
    return render(request, "comments/edit.html", context, status=status)


@require_http_methods(["GET", "POST"])
def delete(request, pk: int):
    comment, refusal = _own_comment_or_403(request, pk)
    if refusal:
        return refusal
    if request.method == "POST":
        post = comment.target
        services.comment_delete(comment=comment)
        messages.success(request, _("Your comment was deleted."))
        return redirect(f"{post.get_absolute_url()}#comments")
    return render(request, "comments/delete.html", {"comment": comment})


def _next_url(request, fallback: str) -> str:
    return safe_next(request, request.POST.get("next"), default=fallback)


@require_POST
def moderate(request, pk: int, action: str):
    if not can_moderate(request.user):
        return forbidden(request)
    if action not in services.MODERATION_ACTIONS:
        raise Http404("No such action.")
    comment = get_object_or_404(Comment.objects.select_related("post", "page"), pk=pk)
    services.MODERATION_ACTIONS[action](comment=comment, by=request.user)
    done = {
        "approve": _("The comment by %(name)s was approved."),
        "unapprove": _("The comment by %(name)s was sent back to the queue."),
        "spam": _("The comment by %(name)s was marked as spam."),
        "remove": _("The comment by %(name)s was removed."),
        "not-spam": _("The comment by %(name)s was approved."),
        "restore": _("The comment by %(name)s was restored."),
    }[action] % {"name": comment.display_name}
    if action == "not-spam" and comment.moderation_rule_label:
        done += " " + _("The rules had set it aside because %(why)s.") % {
            "why": comment.moderation_rule_label
        }
    messages.success(request, done)
    return redirect(_next_url(request, comment.get_absolute_url()))


@require_GET
def avatar(request, digest: str):
    if not avatars.DIGEST_RE.match(digest):
        raise Http404("No such picture.")
    response = HttpResponse(avatars.identicon_svg(digest), content_type="image/svg+xml")
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response


@never_cache
@require_GET
def form_token(request, post_id: int | None = None, page_id: int | None = None):
    """A fresh form timestamp and CSRF token for a page that came from the page cache (which may
    be older than the timestamp's two days, and was rendered for someone else's CSRF cookie).
    comments.js asks for it when the reader starts on the form, sending the page's own ``ts``
    and how long the page has been shown (``shown``, seconds): the fresh timestamp keeps the
    time the page was shown, so a quick reader is not taken for a bot."""
    try:
        seconds_on_page = float(request.GET.get("shown", ""))
    except ValueError:
        seconds_on_page = None
    target = Page(pk=page_id) if page_id is not None else Post(pk=post_id)
    ts = form_token_refresh(
        request.GET.get("ts", ""), token_key(target), seconds_on_page=seconds_on_page
    )
    return JsonResponse({"ts": ts, "csrf": get_token(request)})


@method_decorator(never_cache, name="dispatch")
class ReaderCommentListView(ReaderRequiredMixin, ListView):
    """/account/comments/: the signed-in reader's own comments, with their status."""

    template_name = "comments/reader_comments.html"
    context_object_name = "comments"

    def get_paginate_by(self, queryset) -> int:
        return app_settings.COMMENTS_ACCOUNT_PER_PAGE

    def get_queryset(self):
        return services.reader_comments(user=self.request.user)
