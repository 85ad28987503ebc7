from django.contrib.sitemaps.views import sitemap
from django.urls import path, register_converter

from blog import feeds, views
from blog.converters import FourDigitYear, TwoDigits
from blog.sitemaps import SITEMAPS

register_converter(FourDigitYear, "yyyy")
register_converter(TwoDigits, "mm")
register_converter(TwoDigits, "dd")

app_name = "blog"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path(
        "<yyyy:year>/<mm:month>/<dd:day>/<slug:slug>/", views.PostDetailView.as_view(), name="post"
    ),
    path(  # page N of a post split with <!--nextpage-->
        "<yyyy:year>/<mm:month>/<dd:day>/<slug:slug>/<int:page>/",
        views.PostDetailView.as_view(),
        name="post-page",
    ),
    path("<yyyy:year>/<mm:month>/<dd:day>/", views.DayArchiveView.as_view(), name="archive-day"),
    path("<yyyy:year>/<mm:month>/", views.MonthArchiveView.as_view(), name="archive-month"),
    path("<yyyy:year>/", views.YearArchiveView.as_view(), name="archive-year"),
    path("category/<slug:slug>/", views.CategoryView.as_view(), name="category"),
    path("tag/<slug:slug>/", views.TagView.as_view(), name="tag"),
    path("author/<str:username>/", views.AuthorView.as_view(), name="author"),
    path("preview/<int:pk>/", views.PostPreviewView.as_view(), name="preview"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("feed/", feeds.PostFeed(), name="feed"),
    path("feed/atom/", feeds.AtomPostFeed(), name="feed-atom"),
    path("category/<slug:slug>/feed/", feeds.CategoryFeed(), name="category-feed"),
    path("category/<slug:slug>/feed/atom/", feeds.AtomCategoryFeed(), name="category-feed-atom"),
    path("tag/<slug:slug>/feed/", feeds.TagFeed(), name="tag-feed"),
    path("tag/<slug:slug>/feed/atom/", feeds.AtomTagFeed(), name="tag-feed-atom"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("favicon.ico", views.favicon, name="favicon"),
    # Last: a page's slug could otherwise shadow the addresses above.
    path("<slug:slug>/", views.PageDetailView.as_view(), name="page"),
]
