from django.urls import path

from comments import feeds, like_views, moderation_views, views

app_name = "comments"

urlpatterns = [
    path("comments/post/<int:post_id>/", views.create, name="create"),
    path("comments/post/<int:post_id>/token/", views.form_token, name="form-token"),
    path("comments/page/<int:page_id>/", views.create, name="create-on-page"),
    path("comments/page/<int:page_id>/token/", views.form_token, name="form-token-on-page"),
    path("comments/<int:pk>/edit/", views.edit, name="edit"),
    path("comments/<int:pk>/delete/", views.delete, name="delete"),
    path("comments/<int:pk>/approve/", views.moderate, {"action": "approve"}, name="approve"),
    path("comments/<int:pk>/unapprove/", views.moderate, {"action": "unapprove"}, name="unapprove"),
    path("comments/<int:pk>/spam/", views.moderate, {"action": "spam"}, name="spam"),
    path("comments/<int:pk>/remove/", views.moderate, {"action": "remove"}, name="remove"),
    path("comments/<int:pk>/not-spam/", views.moderate, {"action": "not-spam"}, name="not-spam"),
    path("comments/<int:pk>/restore/", views.moderate, {"action": "restore"}, name="restore"),
    # Readers' likes (comments.like_views).
    path("comments/<int:pk>/like/", like_views.comment_like, name="like"),
    path("comments/<int:pk>/unlike/", like_views.comment_like, {"undo": True}, name="unlike"),
    path("comments/post/<int:post_id>/like/", like_views.post_like, name="post-like"),
    path(
        "comments/post/<int:post_id>/unlike/",
        like_views.post_like,
        {"undo": True},
        name="post-unlike",
    ),
    path("comments/post/<int:post_id>/likes/", like_views.post_like_state, name="post-likes"),
    path("comments/page/<int:page_id>/likes/", like_views.page_like_state, name="page-likes"),
    path("comments/<int:pk>/ban/", moderation_views.ban, name="ban"),
    path("moderation/", moderation_views.queue, name="queue"),
    path("moderation/spam/", moderation_views.queue, {"view": "spam"}, name="queue-spam"),
    path("moderation/removed/", moderation_views.queue, {"view": "removed"}, name="queue-removed"),
    path("moderation/bans/", moderation_views.bans, name="bans"),
    path("moderation/bans/<int:pk>/unban/", moderation_views.unban, name="unban"),
    # Under /account/ beside the reader's profile (accounts' own URLs come first and leave it).
    path("account/comments/", views.ReaderCommentListView.as_view(), name="mine"),
    path("comments/feed/", feeds.LatestCommentsFeed(), name="feed"),
    path("comments/feed/atom/", feeds.AtomLatestCommentsFeed(), name="feed-atom"),
    path("comments/feed/<int:post_id>/", feeds.PostCommentsFeed(), name="post-feed"),
    # WordPress's address of a post's comment feed (the post's own address plus feed/).
    path(
        "<int:year>/<int:month>/<int:day>/<slug:slug>/feed/",
        feeds.PostPermalinkCommentsFeed(),
        name="post-permalink-feed",
    ),
    path("comments/avatar/<str:digest>.svg", views.avatar, name="avatar"),
]
