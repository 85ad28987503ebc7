from django.contrib.sitemaps.views import sitemap
from django.urls import path, register_converter

from blog import feeds, views
from blog.converters import FourDigitYear, SlugPath, TwoDigits, UnicodeSlug
from blog.sitemaps import SITEMAPS

register_converter(FourDigitYear, "yyyy")
register_converter(TwoDigits, "mm")
register_converter(TwoDigits, "dd")
register_converter(UnicodeSlug, "uslug")
register_converter(SlugPath, "slugpath")

app_name = "blog"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    # A post answers at the address of every permalink structure (Blog.permalink_structure);
    # all but the blog's own redirect there once.
    path(
        "<yyyy:year>/<mm:month>/<dd:day>/<uslug:slug>/",
        views.PostDetailView.as_view(),
        name="post",
    ),
    path(  # page N of a post split with <!--nextpage-->
        "<yyyy:year>/<mm:month>/<dd:day>/<uslug:slug>/<int:page>/",
        views.PostDetailView.as_view(),
        name="post-page",
    ),
    path("<yyyy:year>/<mm:month>/<dd:day>/", views.DayArchiveView.as_view(), name="archive-day"),
    path("<yyyy:year>/<mm:month>/", views.MonthArchiveView.as_view(), name="archive-month"),
    path(
        "<yyyy:year>/<mm:month>/<uslug:slug>/",
        views.PostDetailView.as_view(),
        name="post-month",
    ),
    path(
        "<yyyy:year>/<mm:month>/<uslug:slug>/<int:page>/",
        views.PostDetailView.as_view(),
        name="post-month-page",
    ),
    path("<yyyy:year>/", views.YearArchiveView.as_view(), name="archive-year"),
    path("tag/<uslug:slug>/", views.TagView.as_view(), name="tag"),
    path("author/<str:username>/", views.AuthorView.as_view(), name="author"),
    path("preview/<int:pk>/", views.PostPreviewView.as_view(), name="preview"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("feed/", feeds.PostFeed(), name="feed"),
    path("feed/atom/", feeds.AtomPostFeed(), name="feed-atom"),
    path("category/<uslug:slug>/feed/", feeds.CategoryFeed(), name="category-feed"),
    path("category/<uslug:slug>/feed/atom/", feeds.AtomCategoryFeed(), name="category-feed-atom"),
    # After the feeds: a nested category's address is /category/parent/child/.
    path("category/<slugpath:slug>/", views.CategoryView.as_view(), name="category"),
    path("tag/<uslug:slug>/feed/", feeds.TagFeed(), name="tag-feed"),
    path("tag/<uslug:slug>/feed/atom/", feeds.AtomTagFeed(), name="tag-feed-atom"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("favicon.ico", views.favicon, name="favicon"),
    # Last, one view for every address made of slugs alone, which could otherwise shadow the
    # addresses above: a page (/about/team/), or a post under the /%postname%/ and
    # /%category%/%postname%/ structures. views.at_path says which answers; the first route
    # takes every such request, the other two names are for writing posts' addresses.
    path("<slugpath:slug>/", views.at_path, name="page"),
    path("<slugpath:slug>/", views.at_path, name="post-name"),
    path("<slugpath:categories>/<slugpath:slug>/", views.at_path, name="post-in-category"),
]
