"""load_demo --language: the demo blog with its interface in Persian or Arabic at once."""

import pytest
from django.core.management import CommandError, call_command

from blog.models import Blog

pytestmark = pytest.mark.django_db

REFERENCE_URL = "/2015/10/27/syria-aleppo-offensive/"


@pytest.mark.parametrize(
    ("language", "skip_link"), [("fa", "پرش به محتوا"), ("ar", "تخطي إلى المحتوى")]
)
def test_the_demo_in_a_right_to_left_language(client, language, skip_link):
    call_command("load_demo", password="demo-password-1", language=language)
    assert Blog.objects.get().language == language

    html = client.get(REFERENCE_URL).content.decode()
    assert f'<html lang="{language}" dir="rtl">' in html
    assert skip_link in html
    assert "bootstrap.rtl.min.css" in html
    assert "Syria: Aleppo Offensive" in html  # the post's own text stays as written


def test_loading_again_without_a_language_keeps_the_blogs(client):
    call_command("load_demo", password="demo-password-1", language="ar")
    call_command("load_demo", password="demo-password-1")
    assert Blog.objects.get().language == "ar"
    call_command("load_demo", "--language", "en", password="demo-password-1")
    assert Blog.objects.get().language == "en"


def test_a_language_we_do_not_ship_is_refused():
    with pytest.raises(CommandError, match="invalid choice: 'xx'"):
        call_command("load_demo", "--language", "xx")
