"""Background tasks (django.tasks): what federation does later, within the network rules."""

from django.tasks import task

from blog.models import Post
from federation import webmention, webmention_send


# --- Webmention ------------------------------------------------------------------------------
@task()
def verify_webmention(
    source: str, target: str, post_id: int | None = None, page_id: int | None = None
) -> str:
    """Fetch a webmention's source and act on it (a reply, a like, a repost, a removal);
    its target is a post (``post_id``) or a page (``page_id``)."""
    return webmention.verify(source=source, target=target, post_id=post_id, page_id=page_id)


@task()
def send_webmentions(post_id: int) -> int:
    """Work out which of a post's outside links are due a webmention and send each."""
    post = Post.objects.filter(pk=post_id).first()
    if post is None:
        return 0
    due = webmention_send.links_due(post=post)
    for row_id in due:
        send_webmention.enqueue(row_id=row_id)
    return len(due)


@task()
def send_webmention(row_id: int) -> str:
    return webmention_send.send(row_id=row_id)
