"""E-mail subscription addresses (issue 5). Included from config/urls.py before blog's
catch-all ``<slug>/``; all under /subscriptions/, a slug that pages may not take."""

from django.urls import path

from subscriptions import views

app_name = "subscriptions"

urlpatterns = [
    path("subscriptions/", views.NewPostsSubscribeView.as_view(), name="posts"),
    path(
        "subscriptions/post/<int:post_id>/", views.FollowUpSubscribeView.as_view(), name="followups"
    ),
    path("subscriptions/confirm/<str:token>/", views.ConfirmView.as_view(), name="confirm"),
    path(
        "subscriptions/unsubscribe/<str:token>/",
        views.UnsubscribeView.as_view(),
        name="unsubscribe",
    ),
]
