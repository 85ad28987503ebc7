"""The ActivityPub endpoints: WebFinger, NodeInfo, the actor, its inbox, outbox and followers,
and the Articles and Notes we publish. All answer 404 while federation is off."""

import functools
import json
import logging

from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from blog.models import Blog, Post
from comments.models import Comment
from federation.activitypub import actor, documents, inbox, signatures, tasks
from federation.activitypub.conf import app_settings
from federation.models import Follower

logger = logging.getLogger(__name__)

JRD = "application/jrd+json"
AP_TYPES = ("application/activity+json", "application/ld+json")


def federation_on(view):
    """404 while the author has not opened the blog to the Fediverse; never kept by the page
    cache (one address answers JSON or a redirect, depending on Accept)."""

    @never_cache
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if not actor.is_enabled():
            raise Http404("Federation is off.")
        return view(request, *args, **kwargs)

    return wrapped


def activity_json(document: dict, status: int = 200) -> HttpResponse:
    response = JsonResponse(document, status=status, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/activity+json; charset=utf-8"
    response["Vary"] = "Accept"
    return response


def wants_activity(request) -> bool:
    accept = request.headers.get("Accept", "")
    return any(kind in accept for kind in AP_TYPES)


# --- Discovery ------------------------------------------------------------------------------
@federation_on
@require_GET
def webfinger(request):
    """RFC 7033: ``acct:handle@host`` (or the actor's address) → the actor."""
    resource = request.GET.get("resource", "").strip()
    if not resource:
        return JsonResponse({"error": "resource is required"}, status=400)
    wanted = {
        f"acct:{actor.address()[1:]}".lower(),
        actor.actor_id().lower(),
        actor.absolute("/").lower(),
    }
    if resource.lower() not in wanted:
        raise Http404("No such account here.")
    document = {
        "subject": f"acct:{actor.address()[1:]}",
        "aliases": [actor.actor_id(), actor.absolute("/")],
        "links": [
            {"rel": "self", "type": "application/activity+json", "href": actor.actor_id()},
            {
                "rel": "http://webfinger.net/rel/profile-page",
                "type": "text/html",
                "href": actor.absolute("/"),
            },
        ],
    }
    response = JsonResponse(document, content_type=JRD)
    response["Access-Control-Allow-Origin"] = "*"
    return response


NODEINFO_SCHEMA = "http://nodeinfo.diaspora.software/ns/schema/2.1"


@federation_on
@require_GET
def nodeinfo_links(request):
    return JsonResponse({"links": [{"rel": NODEINFO_SCHEMA, "href": actor.url("ap-nodeinfo")}]})


@federation_on
@require_GET
def nodeinfo(request):
    """NodeInfo 2.1: what software this is, that it speaks ActivityPub, and how big it is."""
    document = {
        "version": "2.1",
        "software": {"name": "broadsheet", "version": "0.1.0"},
        "protocols": ["activitypub"],
        "services": {"inbound": [], "outbound": ["atom1.0", "rss2.0"]},
        "openRegistrations": False,
        "usage": {
            "users": {"total": 1, "activeMonth": 1, "activeHalfyear": 1},
            "localPosts": documents_post_count(),
        },
        "metadata": {"nodeName": Blog.current().name},
    }
    return JsonResponse(document, content_type=f'application/json; profile="{NODEINFO_SCHEMA}#"')


def federated_posts():
    return Post.objects.published().unprotected()


def documents_post_count() -> int:
    return federated_posts().count()


# --- The actor and its collections ----------------------------------------------------------
@federation_on
@require_GET
def actor_view(request):
    if not wants_activity(request):
        return HttpResponseRedirect(actor.absolute("/"))
    return activity_json(documents.actor_document())


def _page_number(request) -> int | None:
    raw = request.GET.get("page")
    if raw is None:
        return None
    if not raw.isdigit() or int(raw) < 1:
        raise Http404("No such page.")
    return int(raw)


@federation_on
@require_GET
def outbox(request):
    """Create activities of the public posts, newest first, paged."""
    url, page = actor.url("ap-outbox"), _page_number(request)
    posts = federated_posts().order_by("-published_at", "-pk")
    if page is None:
        return activity_json(documents.collection(url=url, total=posts.count()))
    size = documents.page_size()
    chunk = list(
        posts.select_related("featured_image", "author").prefetch_related("tags", "categories")[
            (page - 1) * size : page * size + 1
        ]
    )
    items = []
    for post in chunk[:size]:
        article = documents.article(post)
        item = documents.activity(
            "Create", article, id_suffix="create", to=article["to"], cc=article["cc"]
        )
        item.pop("@context")
        items.append(item)
    return activity_json(
        documents.collection_page(url=url, page=page, items=items, has_next=len(chunk) > size)
    )


@federation_on
@require_GET
def followers(request):
    url, page = actor.url("ap-followers"), _page_number(request)
    rows = Follower.objects.order_by("-created_at", "-pk")
    if page is None:
        return activity_json(documents.collection(url=url, total=rows.count()))
    size = documents.page_size()
    uris = list(rows.values_list("actor__uri", flat=True)[(page - 1) * size : page * size + 1])
    return activity_json(
        documents.collection_page(url=url, page=page, items=uris[:size], has_next=len(uris) > size)
    )


@federation_on
@require_GET
def article_view(request, pk: int):
    post = get_object_or_404(federated_posts().select_related("featured_image"), pk=pk)
    if not wants_activity(request):
        return HttpResponseRedirect(post.get_absolute_url())
    return activity_json({"@context": documents.CONTEXT, **documents.article(post)})


@federation_on
@require_GET
def note_view(request, pk: int):
    """Our answer to a Fediverse comment, as the Note we sent (servers fetch it to check)."""
    comment = get_object_or_404(
        Comment.objects.approved().select_related("parent", "post"), pk=pk, parent__isnull=False
    )
    parent = comment.parent
    if not documents.is_federated(comment.post) or parent.kind != Comment.Kind.FEDIVERSE:
        raise Http404("No such note.")
    if not wants_activity(request):
        return HttpResponseRedirect(comment.get_absolute_url())
    from federation.activitypub.services import fediverse_author

    author = fediverse_author(parent)
    if author is None:
        raise Http404("No such note.")
    note = documents.reply_note(
        comment, in_reply_to=parent.remote_id, to_actor=author.uri, to_handle=author.handle
    )
    return activity_json({"@context": documents.CONTEXT, **note})


# --- The inbox ------------------------------------------------------------------------------
def _refusal(status: int, message: str) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


@csrf_exempt
@federation_on
@require_POST
def inbox_view(request):
    """The blog's inbox, and its server's shared inbox. 401: not signed, or not verifiably;
    202: accepted (acted on in the task queue, or dropped: a blocked sender, an activity we do
    not understand)."""
    declared = request.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > app_settings.FEDERATION_INBOX_MAX_BYTES:
        return _refusal(413, "The activity is too large.")
    body = request.body
    if len(body) > app_settings.FEDERATION_INBOX_MAX_BYTES:
        return _refusal(413, "The activity is too large.")
    try:
        sender = inbox.verify(request, body)
    except inbox.Dropped:
        return HttpResponse(status=202)
    except signatures.SignatureError as error:
        logger.info("Inbox refused a request: %s", error)
        return _refusal(401, str(error))
    try:
        activity = json.loads(body)
    except ValueError:
        return _refusal(400, "The body is not JSON.")
    if not isinstance(activity, dict) or not isinstance(activity.get("type"), str):
        return _refusal(400, "The body is not an activity.")
    if inbox._id(activity.get("actor")) != sender.uri:
        return _refusal(401, "The activity's actor is not the one who signed it.")
    tasks.inbox_handle.enqueue(activity, sender.uri)
    return HttpResponse(status=202)
