"""The demo blog: the reference post from shared/seed, the posts it links to, and an About page.

Every step looks a row up by a natural key before writing it, so running it twice changes
nothing.
"""

import datetime
import re
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile

from blog.models import Blog, Category, Image, Page, Post, Tag
from blog.services import image_create_from_file, image_renditions_rebuild
from comments import services
from comments.models import Comment
from demo.image import draw_aleppo_map

DEMO_DIR = Path(__file__).resolve().parent
REFERENCE_SLUG = "syria-aleppo-offensive"
IMAGE_CREDIT = "photo courtesy: BBC (after Institute for the Study of War)"
POST_LINK_RE = re.compile(r"\]\(post:([a-z0-9-]+)\)")


@dataclass(frozen=True)
class DemoPost:
    slug: str
    date: datetime.date
    title: str
    body: str


def noon_utc(day: datetime.date) -> datetime.datetime:
    # Noon UTC keeps the permalink's date the same in every time zone a blog is likely to use.
    return datetime.datetime.combine(day, datetime.time(12), tzinfo=datetime.UTC)


def read_earlier_posts() -> list[DemoPost]:
    text = (DEMO_DIR / "earlier-posts.md").read_text(encoding="utf-8")
    posts = []
    for chunk in re.split(r"^# ", text, flags=re.MULTILINE)[1:]:
        header, _, body = chunk.partition("\n")
        slug, date, title = (part.strip() for part in header.split("|"))
        posts.append(DemoPost(slug, datetime.date.fromisoformat(date), title, body.strip()))
    return posts


def ensure_user(username: str, *, display_name: str, email: str, password: str | None, **flags):
    user, _ = get_user_model().objects.get_or_create(
        username=username, defaults={"display_name": display_name, "email": email, **flags}
    )
    changed = False
    for field, value in flags.items():
        if getattr(user, field) != value:
            setattr(user, field, value)
            changed = True
    if password is not None and not user.check_password(password):
        user.set_password(password)
        changed = True
    elif password is None and not user.password:
        user.set_unusable_password()
        changed = True
    if changed:
        user.save()
    return user


def ensure_featured_image() -> Image:
    """The map, through the same pipeline as an upload: cleaned, with its renditions."""
    image = Image.objects.filter(credit=IMAGE_CREDIT).first()
    if image is None:
        return image_create_from_file(
            file=ContentFile(draw_aleppo_map(), name="aleppo-offensive-map.jpg"),
            alt_text="Map of the Aleppo region showing the areas held by government forces, "
            "rebel groups and ISIS in October 2015",
            caption="Who controls what around Aleppo, October 2015.",
            credit=IMAGE_CREDIT,
        )
    if not image.renditions:  # loaded before renditions existed
        image_renditions_rebuild(image=image)
    return image


def ensure_post(demo: DemoPost, *, author, links: dict[str, str], **extra) -> Post:
    body = POST_LINK_RE.sub(lambda match: f"]({links[match.group(1)]})", demo.body)
    values = {
        "title": demo.title,
        "body": body,
        "author": author,
        "status": Post.Status.PUBLISHED,
        "published_at": noon_utc(demo.date),
        **extra,
    }
    post = Post.objects.filter(slug=demo.slug).first()
    if post is None:
        return Post.objects.create(slug=demo.slug, **values)
    if any(getattr(post, field) != value for field, value in values.items()):
        for field, value in values.items():
            setattr(post, field, value)
        post.save()
    return post


DEMO_COMMENTS = [
    {
        "author_name": "Tom Whitfield",
        "author_email": "tom.whitfield@example.org",
        "author_url": "https://example.org/",
        "created_at": datetime.datetime(2015, 10, 27, 18, 4, tzinfo=datetime.UTC),
        "body": "A clear summary, thank you. What I still don't understand is why Aleppo matters "
        "so much more to Damascus than Raqqa does. Is it the road to the coast, or something "
        "symbolic?",
    },
    {
        "reply": True,
        "created_at": datetime.datetime(2015, 10, 28, 9, 12, tzinfo=datetime.UTC),
        "body": "Both, I think. Aleppo was Syria's largest city and its commercial capital, so "
        "holding it is a claim to be the state. And the M5 highway through it ties Damascus to "
        "Hama, Homs and the coast: whoever holds that road holds the country together.",
    },
]


def ensure_demo_comments(post: Post, *, author) -> None:
    """The two approved comments under the reference post (the second, by the author, a reply),
    through the comments app's services like every other comment."""
    parent = None
    for demo in DEMO_COMMENTS:
        found = Comment.objects.filter(post=post, body=demo["body"]).first()
        if found is None:
            found = services.comment_import(
                post=post,
                body=demo["body"],
                status=Comment.Status.APPROVED,
                created_at=demo["created_at"],
                user=author if demo.get("reply") else None,
                parent=parent if demo.get("reply") else None,
                author_name=demo.get("author_name", ""),
                author_email=demo.get("author_email", ""),
                author_url=demo.get("author_url", ""),
            )
        elif found.status != Comment.Status.APPROVED:
            services.comment_approve(comment=found)
        parent = found


def load(
    *, author_password: str | None, moderator_password: str | None, language: str | None = None
) -> Post:
    """Create (or bring back) the demo blog and return the reference post. ``language`` sets the
    blog's interface language (the posts' own text stays as written); None keeps the blog's."""
    blog = Blog.objects.order_by("pk").first() or Blog()
    blog.name, blog.tagline = "Middle East Notes", "Long reads on a region in motion"
    if language:
        blog.language = language
    blog.save()

    author = ensure_user(
        "author",
        display_name="Leila Farahani",
        email="author@example.com",
        password=author_password,
        is_staff=True,
        is_superuser=True,
    )
    moderator = ensure_user(
        "moderator",
        display_name="Sam Moderator",
        email="moderator@example.com",
        password=moderator_password,
        is_staff=True,
    )
    # The Moderators group (made by a comments migration) may moderate comments and nothing else.
    moderator.groups.add(services.moderators_group())

    syria, _ = Category.objects.get_or_create(slug="syria", defaults={"name": "Syria"})
    refugees, _ = Tag.objects.get_or_create(slug="refugees", defaults={"name": "Refugees"})
    russia, _ = Tag.objects.get_or_create(slug="russia", defaults={"name": "Russia"})

    links: dict[str, str] = {}
    for demo in read_earlier_posts():
        post = ensure_post(demo, author=author, links=links)
        post.categories.add(syria)
        links[demo.slug] = post.get_absolute_url()
    Post.objects.get(slug="the-road-to-europe").tags.add(refugees)

    reference = ensure_post(
        DemoPost(
            REFERENCE_SLUG,
            datetime.date(2015, 10, 27),
            "Syria: Aleppo Offensive",
            (DEMO_DIR / "aleppo-offensive.md").read_text(encoding="utf-8"),
        ),
        author=author,
        links=links,
        featured_image=ensure_featured_image(),
    )
    reference.categories.add(syria)
    reference.tags.add(refugees, russia)

    ensure_demo_comments(reference, author=author)

    page = Page.objects.filter(slug="about").first() or Page(slug="about")
    about = (DEMO_DIR / "about.md").read_text(encoding="utf-8")
    if page.pk is None or page.body != about:
        page.title, page.body = "About", about
        page.save()
    return reference
