"""The writing desk's endpoints in the admin: live preview, preview of the unsaved form, image
upload from the body, autosave, and a post's revisions (list, diff, restore).

Each view is mounted by ``PostAdmin.get_urls`` through ``admin_site.admin_view`` (staff only,
CSRF-checked, never cached) and checks the post permission it needs itself.
"""

import math

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseNotAllowed, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache

from blog import revisions
from blog.forms import ImageUploadField
from blog.models import Category, Image, Post, PostRevision, render_body
from blog.services import image_create_from_file

# Words a reader reads in a minute, for the reading time shown under the editor.
WORDS_PER_MINUTE = 230


def word_stats(text: str) -> dict:
    words = len(text.split())
    return {"words": words, "minutes": max(1, math.ceil(words / WORDS_PER_MINUTE)) if words else 0}


def _may_write(request, post: Post | None = None) -> None:
    """Editing a post takes the change permission; writing a new one, add or change."""
    user = request.user
    may_change = user.has_perm("blog.change_post")
    if not (may_change or (post is None and user.has_perm("blog.add_post"))):
        raise PermissionDenied


def _post_only(view):
    def wrapped(request, *args, **kwargs):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


@never_cache
@_post_only
def preview_fragment(request):
    """The body as readers will see it, from the same Markdown + sanitizer as the post page."""
    _may_write(request)
    body = request.POST.get("body", "")
    return JsonResponse({"html": render_body(body, lead_image_eager=False), **word_stats(body)})


@never_cache
@_post_only
def preview_page(request):
    """The whole unsaved form as a reader would see the post (the preview before the first save
    too). Nothing is saved."""
    _may_write(request)
    data = request.POST
    featured = None
    if data.get("featured_image", "").isdigit():
        featured = Image.objects.filter(pk=int(data["featured_image"])).first()
    post = Post(
        title=data.get("title", "").strip() or "(no title)",
        body=data.get("body", ""),
        excerpt=data.get("excerpt", ""),
        author=request.user,
        featured_image=featured,
    )
    post.body_html = render_body(post.body, lead_image_eager=featured is None)
    category_ids = [int(pk) for pk in data.getlist("categories") if pk.isdigit()]
    context = {
        "post": post,
        "categories": Category.objects.filter(pk__in=category_ids),
        "stats": word_stats(post.body),
    }
    return TemplateResponse(request, "admin/blog/post/preview.html", context)


@never_cache
@_post_only
def image_upload(request):
    """An image dropped, pasted or picked in the editor: checked and stored like any upload
    (blog.services), answered with the Markdown that shows it as a figure."""
    _may_write(request)
    upload = request.FILES.get("file")
    if upload is None:
        return JsonResponse({"error": gettext("Choose an image file to upload.")}, status=400)
    try:
        ImageUploadField().clean(upload)
        post = None
        if request.POST.get("post", "").isdigit():
            post = Post.objects.filter(pk=int(request.POST["post"])).first()
        image = image_create_from_file(
            file=upload,
            alt_text=request.POST.get("alt_text", ""),
            caption=request.POST.get("caption", "").strip(),
            credit=request.POST.get("credit", "").strip(),
            post=post,
        )
    except ValidationError as error:
        return JsonResponse({"error": " ".join(error.messages)}, status=400)
    return JsonResponse(
        {
            "id": image.pk,
            "markdown": image.markdown,
            "thumbnail": image.picture.thumbnail,
            "alt_text": image.alt_text,
        },
        status=201,
    )


@never_cache
@_post_only
def autosave(request, post_id: int):
    """What the author is typing, into their autosave revision of the post (never the post)."""
    post = get_object_or_404(Post, pk=post_id)
    _may_write(request, post)
    revision = revisions.revision_autosave(
        post=post,
        by=request.user,
        title=request.POST.get("title", "")[:300],
        excerpt=request.POST.get("excerpt", ""),
        body=request.POST.get("body", ""),
    )
    saved_at = timezone.localtime(revision.created_at)
    return JsonResponse({"saved_at": saved_at.isoformat(), "label": f"{saved_at:%H:%M}"})


@never_cache
def revision_list(request, post_id: int, admin_context: dict):
    """A post's history: every saved revision, a diff between any two, restore."""
    post = get_object_or_404(Post, pk=post_id)
    if not request.user.has_perm("blog.view_post") and not request.user.has_perm(
        "blog.change_post"
    ):
        raise PermissionDenied
    saved = list(post.revisions.filter(is_autosave=False).select_related("author"))
    by_pk = {revision.pk: revision for revision in saved}
    older = by_pk.get(_int(request.GET.get("a")))
    newer = by_pk.get(_int(request.GET.get("b")))
    if older is None and newer is None and len(saved) >= 2:
        newer, older = saved[0], saved[1]
    diff = None
    if older is not None and newer is not None:
        diff = {
            "title": revisions.word_diff(older.title, newer.title),
            "excerpt": revisions.word_diff(older.excerpt, newer.excerpt),
            "body": revisions.word_diff(older.body, newer.body),
        }
    context = {
        **admin_context,
        "title": gettext("History of “%(title)s”") % {"title": post.title},
        "post": post,
        "revisions": saved,
        "older": older,
        "newer": newer,
        "diff": diff,
        "can_restore": request.user.has_perm("blog.change_post"),
        "opts": Post._meta,
    }
    return TemplateResponse(request, "admin/blog/post/revisions.html", context)


@never_cache
@_post_only
def revision_restore(request, post_id: int, revision_id: int):
    revision = get_object_or_404(PostRevision, pk=revision_id, post_id=post_id, is_autosave=False)
    _may_write(request, revision.post)
    revisions.revision_restore(revision=revision, by=request.user)
    when = timezone.localtime(revision.created_at)
    messages.success(
        request,
        gettext("The revision of %(when)s is back in the post.")
        % {"when": f"{when:%Y-%m-%d %H:%M}"},
    )
    return HttpResponseRedirect(reverse("admin:blog_post_change", args=[post_id]))


def _int(value) -> int | None:
    return int(value) if value and str(value).isdigit() else None
