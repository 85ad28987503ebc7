"""The blog speaks its own language (Blog.language): every public page, whatever the reader's
browser asks for; the admin follows each staff member's own choice."""

import re

import pytest
from django.test import override_settings
from django.urls import reverse

from blog.models import Blog, default_language

pytestmark = pytest.mark.django_db


def html_tag(response) -> str:
    return re.search(r"<html[^>]*>", response.content.decode()).group(0)


@pytest.fixture
def blog_in():
    def make(language: str) -> Blog:
        blog = Blog.load()
        blog.language = language
        blog.save()
        return blog

    return make


@pytest.mark.parametrize(
    ("language_code", "expected"),
    [
        ("en-us", "en"),
        ("fr-ca", "fr"),
        ("fa-ir", "fa"),
        ("ar", "ar"),
        ("de", "de"),
        ("pt-br", "en"),
    ],
)
def test_a_new_blog_takes_its_language_from_language_code(settings, language_code, expected):
    settings.LANGUAGE_CODE = language_code
    assert default_language() == expected
    assert Blog.load().language == expected


@pytest.mark.parametrize(
    ("language", "direction", "skip_link"),
    [
        ("en", "ltr", "Skip to content"),
        ("fr", "ltr", "Aller au contenu"),
        ("de", "ltr", "Zum Inhalt springen"),
        ("es", "ltr", "Saltar al contenido"),
        ("fa", "rtl", "پرش به محتوا"),
        ("ar", "rtl", "تخطي إلى المحتوى"),
    ],
)
def test_every_page_says_the_blogs_language_and_direction(
    client, post, blog_in, language, direction, skip_link
):
    blog_in(language)
    for address in (reverse("blog:home"), post.get_absolute_url(), "/no-such-page/"):
        response = client.get(address)
        assert html_tag(response) == f'<html lang="{language}" dir="{direction}">'
        assert skip_link in response.content.decode()


def test_a_readers_browser_language_does_not_change_the_page(client, post, blog_in):
    blog_in("fr")
    response = client.get(post.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="de-DE,de;q=0.9,en;q=0.5")
    assert 'lang="fr"' in html_tag(response)
    assert "Aller au contenu" in response.content.decode()
    assert "Accept-Language" not in response.get("Vary", "")
    assert client.cookies.get("django_language") is None


def test_readers_asking_for_other_languages_share_one_cached_page(
    client, post, blog_in, page_cache
):
    blog_in("fr")
    german = client.get(post.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="de")
    persian = client.get(post.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="fa-IR,fa;q=0.9")
    english = client.get(post.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.8")
    assert [r["X-Page-Cache"] for r in (german, persian, english)] == ["miss", "hit", "hit"]
    assert german.content == persian.content == english.content
    assert 'lang="fr"' in html_tag(persian)
    assert "Accept-Language" not in german.get("Vary", "")


def test_the_author_changing_the_language_in_the_admin_turns_the_kept_pages(
    client, staff_client, post, blog_in, page_cache
):
    blog = blog_in("en")
    assert "Skip to content" in client.get(reverse("blog:home")).content.decode()

    response = staff_client.post(
        reverse("admin:blog_blog_change", args=[blog.pk]),
        {
            "name": blog.name,
            "tagline": blog.tagline,
            "permalink_structure": blog.permalink_structure,
            "time_zone": "",
            "language": "fa",
        },
    )
    assert response.status_code == 302
    assert Blog.objects.get().language == "fa"

    anonymous = client.__class__()
    page = anonymous.get(reverse("blog:home"))
    assert html_tag(page) == '<html lang="fa" dir="rtl">'
    assert "پرش به محتوا" in page.content.decode()


def test_the_admin_offers_only_the_shipped_languages(staff_client):
    response = staff_client.get(reverse("admin:blog_blog_add"))
    options = re.findall(
        r'<option value="(\w+)"',
        response.content.decode().split('name="language"')[1].split("</select>")[0],
    )
    assert options == ["en", "fr", "de", "es", "fa", "ar"]


def test_the_admin_follows_the_staff_members_own_choice(staff_client, blog_in, post):
    blog_in("fa")
    assert 'lang="fa"' in html_tag(staff_client.get(reverse("admin:index")))

    response = staff_client.post(
        reverse("set_language"), {"language": "de", "next": reverse("admin:index")}
    )
    assert response.status_code == 302
    admin_page = staff_client.get(reverse("admin:index"))
    assert 'lang="de"' in html_tag(admin_page)
    assert "Abmelden" in admin_page.content.decode()  # Django's own German: "Log out"
    assert "Accept-Language" in admin_page["Vary"]
    # The blog's pages keep the blog's language, for staff too.
    assert 'lang="fa"' in html_tag(staff_client.get(post.get_absolute_url()))


def test_the_admin_follows_a_staff_members_browser_until_they_choose(client, author, blog_in):
    blog_in("en")
    client.force_login(author)
    page = client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="es-ES,es;q=0.9")
    assert 'lang="es"' in html_tag(page)
    page = client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="pt-BR")
    assert 'lang="en"' in html_tag(page)


def test_the_bad_request_page_is_in_the_blogs_language(client, blog_in):
    blog_in("de")
    response = client.get("/tag/x%00/")
    assert response.status_code == 400
    assert "Fehlerhafte Anfrage" in response.content.decode()
    assert 'lang="de"' in html_tag(response)


def test_the_javascript_catalog_is_served_here_for_each_language_and_may_be_kept(client, blog_in):
    blog_in("ar")
    page = client.get(reverse("blog:home")).content.decode()
    assert '<script src="/jsi18n/ar/" defer></script>' in page

    response = client.get("/jsi18n/ar/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    body = response.content.decode()
    assert "django.pluralidx" in body
    assert "n==0 ? 0 : n==1 ? 1 : n==2 ? 2" in body.replace("(n == 0)", "n==0")
    assert "public" in response["Cache-Control"]
    assert "max-age=86400" in response["Cache-Control"]


def test_the_javascript_catalog_of_a_language_we_do_not_ship_is_not_found(client):
    assert client.get("/jsi18n/xx/").status_code == 404
    assert client.get("/jsi18n/../").status_code == 404


@override_settings(LANGUAGE_CODE="fr")
def test_before_the_blog_is_saved_pages_are_in_language_code(client):
    response = client.get(reverse("blog:home"))
    assert 'lang="fr"' in html_tag(response)
