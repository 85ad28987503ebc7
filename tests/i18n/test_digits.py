"""Numbers as each language writes them (core/digits.py, the ``digits`` filter): Persian pages
write every date, count and page number with Persian digits; Arabic (as CLDR writes plain
``ar``, and WordPress's Arabic) and the Latin-script languages with 0-9. What people wrote, the
addresses, ``datetime`` attributes and ids keep their own digits."""

import datetime
import re

import pytest
from django.template import engines
from django.utils import translation
from django.utils.safestring import SafeData, mark_safe

from blog.models import Blog
from comments import likes
from comments.models import DiscussionSettings
from core.digits import LocalNumber, in_digits
from tests.factories import CategoryFactory, CommentFactory, PostFactory

pytestmark = pytest.mark.django_db

PERSIAN = "۰۱۲۳۴۵۶۷۸۹"
ARABIC_INDIC = "٠١٢٣٤٥٦٧٨٩"
WRITTEN = datetime.datetime(2015, 10, 27, 14, 5, tzinfo=datetime.UTC)
TITLE = "Syria: the 2015 Aleppo offensive, day 12"
BODY = "The M5 highway, 30 km north of the city, in 2015."


def persian(text: str) -> str:
    return text.translate(str.maketrans("0123456789", PERSIAN))


def render(source: str, language: str, **context) -> str:
    template = engines["django"].from_string("{% load i18n digits %}" + source)
    with translation.override(language):
        return template.render(context)


def in_blog_language(language: str) -> None:
    blog = Blog.load()
    blog.language = language
    blog.save()


def text_of(html: str) -> str:
    """What a reader reads: the page without its tags (so without attributes)."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


# --- The mechanism ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "expected"),
    [("fa", "۲۷ اکتبر ۲۰۱۵"), ("ar", "27 أكتوبر، 2015"), ("en", "October 27, 2015")],
)
def test_a_date_is_written_in_the_language_digits(language, expected):
    html = render('{{ when|date:"DATE_FORMAT"|digits }}', language, when=WRITTEN)
    assert html == expected


@pytest.mark.parametrize("language", ["en", "fr", "de", "es", "ar"])
def test_languages_that_write_0_to_9_keep_them(language):
    assert render("{{ n|digits }} {{ text|digits }}", language, n=1290, text="page 34") == (
        "1290 page 34"
    )


def test_persian_uses_its_own_digits_not_arabic_indic_ones():
    written = render("{{ n|digits }}", "fa", n=4567890123)
    assert written == "۴۵۶۷۸۹۰۱۲۳"
    assert not set(written) & set(ARABIC_INDIC)


def test_a_number_in_persian_digits_still_chooses_the_plural_form():
    source = (
        "{% blocktranslate count count=n|digits with title=title %}One thought on “{{ title }}”"
        "{% plural %}{{ count }} thoughts on “{{ title }}”{% endblocktranslate %}"
    )
    assert render(source, "fa", n=1, title=TITLE) == f"یک دیدگاه برای «{TITLE}»"
    assert render(source, "fa", n=12, title=TITLE) == f"۱۲ دیدگاه برای «{TITLE}»"
    # Arabic's six forms are still chosen by the number.
    assert render(source, "ar", n=2, title=TITLE) == f"فكرتان حول «{TITLE}»"
    assert render(source, "ar", n=11, title=TITLE) == f"11 فكرةً حول «{TITLE}»"


def test_a_local_number_is_still_the_same_number():
    number = LocalNumber(42, PERSIAN)
    assert number == 42 and number + 1 == 43 and str(number) == "۴۲"


def test_safe_text_stays_safe_and_other_text_is_still_escaped():
    assert isinstance(in_digits(mark_safe("<b>3</b>"), "fa"), SafeData)
    assert not isinstance(in_digits("<b>3</b>", "fa"), SafeData)
    assert render("{{ text|digits }}", "fa", text="<b>3</b>") == "&lt;b&gt;۳&lt;/b&gt;"


def test_nothing_and_booleans_pass_through():
    assert (
        render(
            "[{{ none|digits }}][{{ empty|digits }}][{{ yes|digits }}]",
            "fa",
            **{"none": None, "empty": "", "yes": True},
        )
        == "[None][][True]"
    )


# --- Every place a reader sees a number ---------------------------------------------------------


@pytest.fixture
def discussed(author):
    """A post written on 27 October 2015 with 12 comments: one with 5 replies (2 folded), the
    rest on their own; a comment with 3 likes and the post with 2."""
    post = PostFactory(author=author, title=TITLE, body=BODY, published_at=WRITTEN)
    first = CommentFactory(post=post, body="Route 214 is closed.", created_at=WRITTEN)
    for number in range(5):
        CommentFactory(post=post, parent=first, body=f"Reply {number}.", created_at=WRITTEN)
    for number in range(6):
        CommentFactory(post=post, body=f"Comment {number}.", created_at=WRITTEN)
    for browser in ("a", "b", "c"):
        likes.comment_like(comment=first, liker=likes.Liker(browser=browser))
    for browser in ("a", "b"):
        likes.post_like(post=post, liker=likes.Liker(browser=browser))
    post.first = first
    return post


def test_the_post_page_in_persian(client, discussed):
    in_blog_language("fa")
    html = client.get(discussed.get_absolute_url()).content.decode()
    text = text_of(html)
    assert "۲۷ اکتبر ۲۰۱۵" in text  # the post's date
    assert f"۱۲ دیدگاه برای «{TITLE}»" in text  # the heading, the title as written
    assert "۳ پسند" in text and "۲ پسند" in text  # the comment's and the post's likes
    assert "نمایش ۲ پاسخ دیگر" in text  # the folded replies
    assert "۲۷ اکتبر ۲۰۱۵، ساعت ۱۴:۰۵" in text  # the comments' dates and times
    # What people wrote, and what machines read, keep their digits.
    assert BODY in text and "Route 214 is closed." in text and "Reply 4." in text
    assert 'datetime="2015-10-27T14:05:00+0000"' in html  # the post's
    assert 'datetime="2015-10-27T14:05:00+00:00"' in html  # a comment's
    assert f'id="comment-{discussed.first.pk}"' in html
    assert f"replyto={discussed.first.pk}#respond" in html


def test_the_comment_pages_are_numbered_in_persian(client, discussed):
    discussion = DiscussionSettings.load()
    discussion.per_page = 3
    discussion.save()
    in_blog_language("fa")
    text = text_of(client.get(discussed.get_absolute_url()).content.decode())
    assert "برگهٔ ۱ از ۳ دیدگاه‌ها" in text or "برگهٔ ۳ از ۳ دیدگاه‌ها" in text


def test_a_post_in_several_pages_numbers_them_in_persian(client, author):
    post = PostFactory(
        author=author, body="One.\n\n<!--nextpage-->\n\nTwo.\n\n<!--nextpage-->\n\n3."
    )
    in_blog_language("fa")
    html = client.get(post.get_absolute_url()).content.decode()
    links = html.split('class="post-page-links"')[1].split("</nav>")[0]
    assert re.findall(r">([^<>\s]+)</(?:a|span)>", links)[-3:] == ["۱", "۲", "۳"]
    assert f'href="{post.get_absolute_url()}2/"' in links


def test_the_home_page_in_persian(client, discussed, settings):
    settings.BLOG_POSTS_PER_PAGE = 1
    category = CategoryFactory(name="Syria")
    discussed.categories.add(category)
    PostFactory(author=discussed.author, published_at=WRITTEN - datetime.timedelta(days=40))
    in_blog_language("fa")
    text = text_of(client.get("/").content.decode())
    assert "۲۷ اکتبر ۲۰۱۵" in text  # the post's date
    assert "۱۲ دیدگاه" in text  # its comment count
    assert "برگهٔ ۱ از ۲" in text  # the pagination
    assert "اکتبر ۲۰۱۵ (۱)" in text and "سپتامبر ۲۰۱۵ (۱)" in text  # the sidebar's archives
    assert "Syria (۱)" in text  # the categories' counts


@pytest.mark.parametrize(
    ("path", "heading"),
    [("/2015/", "۲۰۱۵"), ("/2015/10/", "اکتبر ۲۰۱۵"), ("/2015/10/27/", "۲۷ اکتبر ۲۰۱۵")],
)
def test_archive_titles_in_persian(client, discussed, path, heading):
    in_blog_language("fa")
    html = client.get(path).content.decode()
    title = html.split('class="archive-heading">')[1].split("</h1>")[0]
    assert title.endswith(heading), title


def test_the_search_count_in_persian(client, discussed):
    PostFactory(author=discussed.author, title="Aleppo again", body="Aleppo, 2016.")
    in_blog_language("fa")
    text = text_of(client.get("/search/", {"q": "Aleppo"}).content.decode())
    assert "۲ نوشته پیدا شد." in text


@pytest.mark.parametrize("language", ["ar", "en", "fr", "de", "es"])
def test_the_same_places_keep_0_to_9_in_the_other_languages(client, discussed, language):
    in_blog_language(language)
    text = text_of(client.get(discussed.get_absolute_url()).content.decode())
    text += text_of(client.get("/2015/10/").content.decode())
    assert "2015" in text and "12" in text
    assert not set(text) & set(PERSIAN + ARABIC_INDIC)


def test_an_arabic_comment_date_keeps_the_order_of_an_arabic_date(client, discussed):
    in_blog_language("ar")
    text = text_of(client.get(discussed.get_absolute_url()).content.decode())
    assert "27 أكتوبر، 2015، 2:05 م" in text  # not Django's English order, "أكتوبر 27, 2015"
    assert "أكتوبر 27" not in text


def test_the_moderation_pages_count_and_date_in_persian(client, discussed, author):
    """The queue, its tabs, the bans and a reader's own comments: the moderators' and readers'
    pages off the post write their numbers as the post page does."""
    from comments.models import Ban, Comment
    from tests.factories import UserFactory

    held = Comment.objects.filter(post=discussed)[:3]
    Comment.objects.filter(pk__in=[comment.pk for comment in held]).update(status="pending")
    Ban.objects.create(kind="email", value="spam@example.com", created_at=WRITTEN)
    reader = UserFactory(username="reader")
    Comment.objects.filter(pk=discussed.first.pk).update(user=reader)
    in_blog_language("fa")
    client.force_login(author)
    queue = text_of(client.get("/moderation/").content.decode())
    assert "(۳)" in queue  # the staff bar's count of comments waiting
    assert "در انتظار ۳" in queue or "۳ دیدگاه" in queue  # the tab's, and the summary's
    assert "۲۷ اکتبر ۲۰۱۵، ساعت ۱۴:۰۵" in queue
    bans = text_of(client.get("/moderation/bans/").content.decode())
    assert "۱" in bans and "۲۷ اکتبر ۲۰۱۵" in bans
    client.force_login(reader)
    mine = text_of(client.get("/account/comments/").content.decode())
    assert "۲۷ اکتبر ۲۰۱۵، ساعت ۱۴:۰۵" in mine
