"""The post page with its comments, and the comment form with errors, in every shipped language;
the "N thoughts on" heading in each language's own plural forms."""

import pytest
from django.template.loader import render_to_string
from django.utils import formats, translation

from blog.models import Blog
from tests.factories import CommentFactory, PostFactory
from tests.i18n.english import english_left, same_in

pytestmark = pytest.mark.django_db

LANGUAGES = ["fr", "de", "es", "fa", "ar"]
TITLE = "Syria: Aleppo Offensive"

# Arabic counts things in six ways: none, one, two, a few (3-10), many (11-99), and 100 and up.
ARABIC_HEADINGS = {
    1: f"فكرة واحدة حول «{TITLE}»",
    2: f"فكرتان حول «{TITLE}»",
    3: f"3 أفكار حول «{TITLE}»",
    11: f"11 فكرةً حول «{TITLE}»",
    100: f"100 فكرة حول «{TITLE}»",
    102: f"102 فكرة حول «{TITLE}»",
}


def heading(count: int, language: str) -> str:
    post = PostFactory.build(title=TITLE)
    with translation.override(language):
        html = render_to_string("comments/thread.html", {"count": count, "post": post})
    return html.split('id="comments-title">')[1].split("</h2>")[0] if count else ""


@pytest.mark.parametrize("count", [1, 2, 3, 11, 100, 102])
def test_the_arabic_heading_takes_the_plural_form_of_its_number(count):
    assert heading(count, "ar") == ARABIC_HEADINGS[count]


def test_the_arabic_form_for_none_says_there_are_none():
    with translation.override("ar"):
        text = translation.ngettext(
            "One thought on “%(title)s”", "%(count)s thoughts on “%(title)s”", 0
        ) % {"count": 0, "title": TITLE}
    assert text == f"لا توجد أفكار حول «{TITLE}»"


def test_no_heading_without_comments_in_any_language():
    assert all(heading(0, language) == "" for language in ["en", *LANGUAGES])


@pytest.mark.parametrize(
    ("language", "one", "many"),
    [
        ("en", f"One thought on “{TITLE}”", f"5 thoughts on “{TITLE}”"),
        (
            "fr",
            f"Une réflexion sur «\u00a0{TITLE}\u00a0»",
            f"5 réflexions sur «\u00a0{TITLE}\u00a0»",
        ),
        ("de", f"Ein Gedanke zu „{TITLE}“", f"5 Gedanken zu „{TITLE}“"),
        ("es", f"Un comentario en «{TITLE}»", f"5 comentarios en «{TITLE}»"),
        ("fa", f"یک دیدگاه برای «{TITLE}»", f"۵ دیدگاه برای «{TITLE}»"),  # noqa: RUF001 (Persian digits)
    ],
)
def test_the_heading_in_each_language_with_its_quotation_marks(language, one, many):
    assert (heading(1, language), heading(5, language)) == (one, many)


@pytest.fixture
def discussed(author):
    post = PostFactory(author=author, title=TITLE, body="Aleppo, October 2015.")
    first = CommentFactory(post=post, author_name="Ann", body="Thank you for this.")
    CommentFactory(post=post, parent=first, author_name="Bob", body="Agreed.")
    return post


def page_in(client, language: str, url: str, **kwargs):
    blog = Blog.load()
    blog.language = language
    blog.save()
    method = client.post if kwargs else client.get
    return method(url, kwargs, HTTP_ORIGIN="http://testserver") if kwargs else method(url)


CONTENT = [TITLE, "Aleppo, October 2015.", "Ann", "Bob", "Thank you for this.", "Agreed."]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_post_with_its_comments_has_no_english_left(client, discussed, language):
    url = discussed.get_absolute_url()
    english = page_in(client, "en", url).content.decode()
    translated = page_in(client, language, url)
    assert translated.status_code == 200
    content = [*CONTENT, discussed.author.get_display_name(), "Broadsheet", "A blog"]
    content += ["RSS", "Atom", "you@example.com"]  # format names, an example address
    with translation.override(language):  # a month may be written the same ("November 2026")
        content.append(formats.date_format(discussed.published_at, "YEAR_MONTH_FORMAT"))
    left = english_left(english, translated.content.decode(), content=content + same_in(language))
    assert left == [], left
