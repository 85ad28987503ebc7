"""The comment form sent back with errors, and the moderation queue, in every shipped language:
a text known in each language is there, and no line of the English page is left."""

import time

import pytest
from django.contrib.auth.models import Group
from django.core import signing
from django.utils import formats, translation

from blog.models import Blog
from comments.forms import TIMESTAMP_SALT, token_key
from comments.models import Comment
from comments.moderation import Rule
from tests.factories import CommentFactory, PostFactory, UserFactory
from tests.i18n.english import URL, english_left, same_in

pytestmark = pytest.mark.django_db

LANGUAGES = ["fr", "de", "es", "fa", "ar"]
TITLE = "Syria: Aleppo Offensive"
# The form's heading, as WordPress's own translations write "Leave a Reply".
LEAVE_A_REPLY = {
    "fr": "Laisser un commentaire",
    "de": "Schreibe einen Kommentar",
    "es": "Deja una respuesta",
    "fa": "دیدگاهتان را بنویسید",
    "ar": "اترك تعليقاً",
}
# The queue's first button, a verb ("Approve" this comment).
APPROVE = {"fr": "Approuver", "de": "Freigeben", "es": "Aprobar", "fa": "پذیرفتن", "ar": "موافقة"}
# How many are waiting, in each language's plural form for three.
THREE_PENDING = {
    "fr": "3 commentaires en attente, du plus récent au plus ancien.",
    "de": "3 ausstehende Kommentare, neueste zuerst.",
    "es": "3 comentarios pendientes, los más recientes primero.",
    "fa": "۳ دیدگاه در انتظار، تازه‌ترین‌ها اول.",  # noqa: RUF001 (Persian letters)
    "ar": "3 تعليقات معلّقة، الأحدث أولًا.",
}


def blog_in(language: str) -> None:
    blog = Blog.load()
    blog.language = language
    blog.save()


@pytest.fixture
def post(author):
    return PostFactory(author=author, title=TITLE, body="Aleppo, October 2015.")


def sent_with_errors(client, post, language: str):
    """The form as a reader sends it with no name and a broken address, and the post page it
    comes back on."""
    blog_in(language)
    data = {
        "comment": "My words stay.",
        "author": "",
        "email": "ada@example",
        "url": "",
        "ts": signing.dumps({"post": token_key(post), "at": time.time() - 30}, salt=TIMESTAMP_SALT),
        "contact_phone": "",
        "notify": "",
    }
    response = client.post(
        f"/comments/post/{post.pk}/", data, follow=True, HTTP_ORIGIN="http://testserver"
    )
    assert response.status_code == 400
    return response.content.decode()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_comment_form_with_errors_has_no_english_left(client, post, language):
    english = sent_with_errors(client, post, "en")
    translated = sent_with_errors(client, post, language)
    assert 'id="comment-errors"' in translated and "My words stay.</textarea>" in translated
    assert LEAVE_A_REPLY[language] in translated
    content = [TITLE, "Aleppo, October 2015.", "My words stay.", "ada@example", "Broadsheet"]
    content += [post.author.get_display_name(), "A blog", "RSS", "Atom", "you@example.com"]
    with translation.override(language):
        content.append(formats.date_format(post.published_at, "YEAR_MONTH_FORMAT"))
    left = english_left(english, translated, content=content + same_in(language))
    assert left == [], left


@pytest.fixture
def moderator_client(client):
    moderator = UserFactory(username="mod", is_staff=True, display_name="Mo Derator")
    moderator.groups.add(Group.objects.get(name="Moderators"))
    client.force_login(moderator)
    return client


@pytest.fixture
def waiting(post):
    """Three held comments: one set aside by a rule, one a reply, one from an account."""
    first = CommentFactory(
        post=post,
        status=Comment.Status.PENDING,
        author_name="Ann",
        author_email="ann@example.org",
        body="Read https://spam.example now",
        moderation_rule=Rule.LINKS,
    )
    CommentFactory(
        post=post,
        parent=first,
        status=Comment.Status.PENDING,
        author_name="Bob",
        author_email="bob@example.org",
        body="Agreed.",
    )
    CommentFactory(
        post=post,
        status=Comment.Status.PENDING,
        author_name="Cy",
        author_email="cy@example.org",
        body="Hm.",
    )
    return list(Comment.objects.filter(status=Comment.Status.PENDING))


def queue_in(client, language: str, url: str = "/moderation/") -> str:
    blog_in(language)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def queue_content(comments, language: str) -> list[str]:
    """What the queue shows as written: names, addresses, the comments' words (a link in one
    is shown as a link), and dates as the language writes them (a month may be spelt the same)."""
    content = [TITLE, "Broadsheet", "A blog", "RSS", "Atom", "Mo Derator", "192.0.2.10"]
    content.append("you@example.com")  # the sidebar's example address
    for comment in comments:
        content += [comment.author_name, comment.author_email, *URL.split(comment.body)]
        with translation.override(language):
            content.append(formats.date_format(comment.created_at, "DATETIME_FORMAT"))
            content.append(formats.date_format(comment.post.published_at, "YEAR_MONTH_FORMAT"))
    return [text.strip() for text in content if text.strip()] + same_in(language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_moderation_queue_has_no_english_left(moderator_client, waiting, language):
    english = queue_in(moderator_client, "en")
    translated = queue_in(moderator_client, language)
    assert THREE_PENDING[language] in translated
    assert f">{APPROVE[language]}</button>" in translated
    left = english_left(english, translated, content=queue_content(waiting, language))
    assert left == [], left


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("tab", ["spam", "removed"])
def test_the_other_moderation_tabs_have_no_english_left(moderator_client, waiting, language, tab):
    status = {"spam": Comment.Status.SPAM, "removed": Comment.Status.REMOVED}[tab]
    Comment.objects.filter(pk__in=[comment.pk for comment in waiting]).update(status=status)
    english = queue_in(moderator_client, "en", f"/moderation/{tab}/")
    translated = queue_in(moderator_client, language, f"/moderation/{tab}/")
    left = english_left(english, translated, content=queue_content(waiting, language))
    assert left == [], left


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_ban_form_and_the_list_of_bans_have_no_english_left(
    moderator_client, waiting, language
):
    first = waiting[0]
    for url in [f"/comments/{first.pk}/ban/", "/moderation/bans/"]:
        english = queue_in(moderator_client, "en", url)
        translated = queue_in(moderator_client, language, url)
        left = english_left(english, translated, content=queue_content(waiting, language))
        assert left == [], (url, left)
