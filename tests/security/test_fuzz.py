"""Property-based tests: whatever a client puts in the query parameters and the addresses
(?page=, the permalink's year/month/day/slug, author, category, tag and page slugs, ?replyto=,
?cpage=, ?q=, feed slugs and post ids, subscription tokens) and in the forms (the admin sign-in,
the comment form, the account's display name and deletion, the subscribe forms; as fields and as
raw bodies), the answer is a page, a redirect or a 4xx, never a 500."""

from urllib.parse import quote, quote_from_bytes

import pytest
from django.test import Client
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.factories import CategoryFactory, PageFactory, PostFactory, TagFactory

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
NOT_A_SERVER_ERROR = {200, 301, 302, 400, 404, 405}

# Any text, raw bytes (malformed UTF-8 and NUL included), and values near the edges.
text = st.text(max_size=40)
raw = st.binary(max_size=20).map(lambda b: quote_from_bytes(b, safe=""))
edgy_numbers = st.sampled_from(
    ["0", "-1", "1", "2", "99999999999999999999", "1e3", "0x10", " 1", "1 ", "last", "٣", "NaN"]
)
any_value = st.one_of(text.map(lambda s: quote(s, safe="")), raw, edgy_numbers)


@pytest.fixture
def blog(db):
    category = CategoryFactory(slug="news")
    tag = TagFactory(slug="war")
    post = PostFactory(slug="hello", categories=[category], tags=[tag])
    PostFactory.create_batch(3)
    PageFactory(slug="about")
    return post


@pytest.fixture
def client():
    return Client(raise_request_exception=False)


def status(client, url: str) -> int:
    return client.get(url).status_code


@FUZZ
@given(value=any_value)
def test_page_parameter_never_gives_a_server_error(client, blog, value):
    for base in ["/", "/category/news/", "/tag/war/", f"/{blog.published_at.year}/"]:
        assert status(client, f"{base}?page={value}") in NOT_A_SERVER_ERROR, base


@FUZZ
@given(year=any_value, month=any_value, day=any_value, slug=any_value)
def test_permalink_parts_never_give_a_server_error(client, blog, year, month, day, slug):
    for url in [f"/{year}/{month}/{day}/{slug}/", f"/{year}/{month}/", f"/{year}/"]:
        assert status(client, url) in NOT_A_SERVER_ERROR, url


@FUZZ
@example(year=0, month=1, day=1)  # /0000/01/ was a 500 (found by this test)
@given(
    year=st.integers(min_value=-10, max_value=100_000),
    month=st.integers(min_value=-1, max_value=100),
    day=st.integers(min_value=-1, max_value=100),
)
def test_numeric_dates_out_of_range_are_not_found_rather_than_errors(
    client, blog, year, month, day
):
    for url in [f"/{year:04d}/{month:02d}/{day:02d}/hello/", f"/{year:04d}/{month:02d}/"]:
        assert status(client, url) in NOT_A_SERVER_ERROR, url


@FUZZ
@given(slug=any_value, extra=st.dictionaries(any_value, any_value, max_size=3))
def test_slugs_and_stray_parameters_never_give_a_server_error(client, blog, slug, extra):
    query = "&".join(f"{key}={value}" for key, value in extra.items())
    for base in ["/author/", "/category/", "/tag/", "/", "/preview/"]:
        url = f"{base}{slug}/?{query}"
        assert status(client, url) in NOT_A_SERVER_ERROR, url


@FUZZ
@given(username=st.text(max_size=60), password=st.text(max_size=60), raw_body=st.binary())
def test_the_admin_sign_in_form_never_gives_a_server_error(
    client, blog, username, password, raw_body
):
    response = client.post("/admin/login/", {"username": username, "password": password})
    assert response.status_code in {200, 400, 429}
    response = client.post(
        "/admin/login/", data=raw_body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code in {200, 400, 429}


# --- The forms and parameters that came with comments, accounts, search and subscriptions ----
ORIGIN = {"origin": "http://testserver"}
FORM_ANSWERS = {200, 302, 303, 400, 403, 404, 405, 409, 413, 429}  # 303: back to the form
field_text = st.one_of(st.text(max_size=80), edgy_numbers, st.sampled_from(["", " ", "\u202e"]))


COMMENT_FIELDS = (
    "comment", "author", "email", "url", "ts", "parent", "notify", "remember", "contact_phone",
)  # fmt: skip


@pytest.fixture
def open_blog(blog, settings):
    settings.RATELIMIT_ENABLED = False  # the limits have their own tests; here every call counts
    return blog


@FUZZ
@given(
    fields=st.fixed_dictionaries(
        {},
        optional=dict.fromkeys(COMMENT_FIELDS, field_text),
    ),
    raw_body=st.binary(max_size=200),
)  # fmt: skip
def test_the_comment_form_never_gives_a_server_error(client, open_blog, fields, raw_body):
    url = f"/comments/post/{open_blog.pk}/"
    response = client.post(url, fields, headers=ORIGIN)
    assert response.status_code in FORM_ANSWERS, fields
    response = client.post(
        url, data=raw_body, content_type="application/x-www-form-urlencoded", headers=ORIGIN
    )
    assert response.status_code in FORM_ANSWERS


@FUZZ
@given(replyto=any_value, cpage=any_value, post_id=any_value)
def test_reply_and_comment_page_parameters_never_give_a_server_error(
    client, open_blog, replyto, cpage, post_id
):
    url = open_blog.get_absolute_url()
    for query in [f"replyto={replyto}", f"cpage={cpage}", f"replyto={replyto}&cpage={cpage}"]:
        assert status(client, f"{url}?{query}") in NOT_A_SERVER_ERROR, query
    for path in [f"/comments/post/{post_id}/", f"/comments/post/{post_id}/token/"]:
        assert client.post(path, {"comment": "x"}).status_code in FORM_ANSWERS, path


@FUZZ
@given(q=any_value, page=any_value, extra=any_value)
def test_search_never_gives_a_server_error(client, open_blog, q, page, extra):
    for query in [f"q={q}", f"q={q}&page={page}", f"page={page}", f"q={q}&q={extra}"]:
        assert status(client, f"/search/?{query}") in NOT_A_SERVER_ERROR, query


@FUZZ
@given(slug=any_value, post_id=any_value, token=any_value)
def test_feeds_never_give_a_server_error(client, open_blog, slug, post_id, token):
    urls = [
        f"/category/{slug}/feed/", f"/category/{slug}/feed/atom/", f"/tag/{slug}/feed/",
        f"/tag/{slug}/feed/atom/", f"/comments/feed/{post_id}/", f"/comments/feed/?page={slug}",
        f"/comments/avatar/{slug}.svg", f"/subscriptions/confirm/{token}/",
        f"/subscriptions/unsubscribe/{token}/",
    ]  # fmt: skip
    for url in urls:
        assert status(client, url) in NOT_A_SERVER_ERROR, url


@FUZZ
@given(display_name=field_text, raw_body=st.binary(max_size=200))
def test_the_account_form_never_gives_a_server_error(client, open_blog, display_name, raw_body):
    from tests.factories import UserFactory

    user = UserFactory()
    client.force_login(user)
    response = client.post("/account/", {"display_name": display_name})
    assert response.status_code in {302, 400}, display_name
    response = client.post(
        "/account/", data=raw_body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code in {302, 400}
    response = client.post("/account/delete/", {"comments": display_name})
    assert response.status_code in {302, 400}


@FUZZ
@given(email=field_text, mode=field_text, post_id=any_value, next_url=field_text)
def test_the_subscribe_forms_never_give_a_server_error(
    client, open_blog, email, mode, post_id, next_url
):
    data = {"email": email, "mode": mode, "next": next_url}
    for url in ["/subscriptions/", f"/subscriptions/post/{open_blog.pk}/"]:
        assert client.post(url, data, headers=ORIGIN).status_code in FORM_ANSWERS, url
    response = client.post(f"/subscriptions/post/{post_id}/", data, headers=ORIGIN)
    assert response.status_code in FORM_ANSWERS
