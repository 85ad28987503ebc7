from django.urls import path, register_converter

from blog import views
from blog.converters import FourDigitYear, TwoDigits

register_converter(FourDigitYear, "yyyy")
register_converter(TwoDigits, "mm")
register_converter(TwoDigits, "dd")

app_name = "blog"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path(
        "<yyyy:year>/<mm:month>/<dd:day>/<slug:slug>/", views.PostDetailView.as_view(), name="post"
    ),
    path("<yyyy:year>/<mm:month>/", views.MonthArchiveView.as_view(), name="archive-month"),
    path("<yyyy:year>/", views.YearArchiveView.as_view(), name="archive-year"),
    path("category/<slug:slug>/", views.CategoryView.as_view(), name="category"),
    path("tag/<slug:slug>/", views.TagView.as_view(), name="tag"),
    path("author/<str:username>/", views.AuthorView.as_view(), name="author"),
    path("preview/<int:pk>/", views.PostPreviewView.as_view(), name="preview"),
    # Last: a page's slug could otherwise shadow the addresses above.
    path("<slug:slug>/", views.PageDetailView.as_view(), name="page"),
]
