from django.urls import path

from federation import webmention
from federation.activitypub import views as ap

app_name = "federation"

urlpatterns: list = [
    path("webmention/", webmention.endpoint, name="webmention"),
]

# --- ActivityPub --------------------------------------------------------------------------------
urlpatterns += [
    path(".well-known/webfinger", ap.webfinger, name="ap-webfinger"),
    path(".well-known/nodeinfo", ap.nodeinfo_links, name="ap-nodeinfo-links"),
    path("nodeinfo/2.1", ap.nodeinfo, name="ap-nodeinfo"),
    path("fediverse/actor", ap.actor_view, name="ap-actor"),
    path("fediverse/inbox", ap.inbox_view, name="ap-inbox"),
    path("fediverse/outbox", ap.outbox, name="ap-outbox"),
    path("fediverse/followers", ap.followers, name="ap-followers"),
    path("fediverse/posts/<int:pk>", ap.article_view, name="ap-article"),
    path("fediverse/comments/<int:pk>", ap.note_view, name="ap-note"),
]
