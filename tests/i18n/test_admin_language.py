"""The admin in a staff member's own language: our models' names, fields, help texts, columns,
fieldsets and actions come out of the catalogues (here French), not in English."""

from html import unescape

import pytest
from django.conf import settings

from comments.models import Comment
from tests.factories import CommentFactory, PostFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def french_staff(client, author):
    client.force_login(author)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    return client


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    assert '<html lang="fr"' in response.content.decode()
    return unescape(response.content.decode()).replace("\u00a0", " ")


@pytest.fixture
def post(author):
    return PostFactory(author=author, title="Alep, octobre")


@pytest.fixture
def comment(post):
    return CommentFactory(post=post, status=Comment.Status.PENDING, author_name="Ann")


def test_the_post_list_in_french(french_staff, post):
    html = page(french_staff, "/admin/blog/post/")
    for french in ["Titre", "État", "Sur le site", "Publié"]:
        assert french in html, french
    for english in [">Status<", ">On site<", ">Title<"]:
        assert english not in html, english


def test_the_post_form_in_french(french_staff, post):
    html = page(french_staff, f"/admin/blog/post/{post.pk}/change/")
    for french in [
        "Image mise en avant",  # a fieldset
        "Publication",
        "Classement",
        "Quand l\u2019article est mis en ligne. Une date future le planifie.",  # a help text
        "Autoriser les commentaires",  # a field's name
        "Mettre à jour",  # the editor's own button
        "Révisions",
    ]:
        assert french in html, french
    for english in ["Featured image", "Publishing", "When the post goes live", "Allow comments"]:
        assert english not in html, english


def test_the_comment_list_in_french(french_staff, comment):
    html = page(french_staff, "/admin/comments/comment/")
    for french in [
        "Approuver les commentaires sélectionnés",  # an action
        "Marquer les commentaires sélectionnés comme indésirables",
        "Adresse IP",  # a column
        "En attente",  # the status
    ]:
        assert french in html, french
    for english in ["Approve selected comments", "IP address", ">Pending<"]:
        assert english not in html, english


def test_the_comment_form_in_french(french_staff, comment):
    html = page(french_staff, f"/admin/comments/comment/{comment.pk}/change/")
    for french in [
        "Nom de l\u2019auteur",
        "E-mail de l\u2019auteur",
        "Règle de modération",
        "Voir sur le site",
    ]:
        assert french in html, french
    for english in ["Author name", "Author email", "Moderation rule", "View on site"]:
        assert english not in html, english


def test_a_bulk_action_says_what_it_did_in_french(french_staff, comment):
    response = french_staff.post(
        "/admin/comments/comment/",
        {"action": "approve", "_selected_action": [comment.pk]},
        follow=True,
    )
    assert "1 commentaire approuvé." in response.content.decode()
