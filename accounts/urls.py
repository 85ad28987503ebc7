from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("", views.ProfileView.as_view(), name="profile"),
    path("avatar/remove/", views.AvatarRemoveView.as_view(), name="avatar-remove"),
    path("data/", views.DataDownloadView.as_view(), name="data"),
    path("delete/", views.DeleteAccountView.as_view(), name="delete"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
]
