from django.contrib.sitemaps.views import sitemap
from django.urls import path, register_converter

from blog import feeds, views
from blog.converters import FourDigitYear, TwoDigits, UnicodeSlug
from blog.sitemaps import SITEMAPS

register_converter(FourDigitYear, "yyyy")
register_converter(TwoDigits, "mm")
register_converter(TwoDigits, "dd")
register_converter(UnicodeSlug, "uslug")

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
    path("category/<uslug:slug>/", views.CategoryView.as_view(), name="category"),
    path("tag/<uslug:slug>/", views.TagView.as_view(), name="tag"),
    path("author/<str:username>/", views.AuthorView.as_view(), name="author"),
    path("preview/<int:pk>/", views.PostPreviewView.as_view(), name="preview"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("feed/", feeds.PostFeed(), name="feed"),
    path("feed/atom/", feeds.AtomPostFeed(), name="feed-atom"),
    path("category/<uslug:slug>/feed/", feeds.CategoryFeed(), name="category-feed"),
    path("category/<uslug:slug>/feed/atom/", feeds.AtomCategoryFeed(), name="category-feed-atom"),
    path("tag/<uslug:slug>/feed/", feeds.TagFeed(), name="tag-feed"),
    path("tag/<uslug:slug>/feed/atom/", feeds.AtomTagFeed(), name="tag-feed-atom"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("favicon.ico", views.favicon, name="favicon"),
    # Last: a page's slug could otherwise shadow the addresses above. A page first, else a post
    # of that name (the /%postname%/ structure, or an old link to it).
    path("<uslug:slug>/", views.page_or_post, name="page"),
    path("<uslug:slug>/", views.page_or_post, name="post-name"),
    # Page N of a post under /%postname%/ or /%category%/%postname%/; else a post named N.
    path("<uslug:slug>/<int:page>/", views.post_page_or_post_in_category),
    path("<path:categories>/<uslug:slug>/<int:page>/", views.post_page_or_post_in_category),
    path(
        "<path:categories>/<uslug:slug>/", views.PostDetailView.as_view(), name="post-in-category"
    ),
]
