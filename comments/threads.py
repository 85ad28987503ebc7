"""A post's comments as a thread: fetched in one query, arranged in Python.

The query asks for every comment this reader may see on the post (``CommentQuerySet.visible_to``)
with its user, oldest first; ``build_thread`` hangs each reply under its parent and puts the
top-level comments in the reader's order (oldest, newest, or best: most liked, then oldest), and
``fold`` collapses long and deep branches. So the post page costs the same number of queries for
0 or 2,000 comments, in every order.
"""

from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator

from blog.models import Post
from comments.avatars import face_url_for
from comments.models import Comment, DiscussionSettings, Reaction


@dataclass
class Thread:
    roots: list[Comment]
    approved_count: int
    by_id: dict[int, Comment] = field(default_factory=dict)


def fetch_visible(post, *, user, own_ids, moderator: bool) -> list[Comment]:
    return list(
        Comment.objects.for_post(post)
        .visible_to(user=user, own_ids=own_ids, moderator=moderator)
        .select_related("user")
        .order_by("created_at", "pk")
    )


# Faces shown per kind of reaction; the count says how many there are in all.
FACES_SHOWN = 48


@dataclass
class Reactions:
    """A post's likes and reposts from elsewhere: how many, and the first faces of each."""

    likes: int = 0
    reposts: int = 0
    like_faces: list[Reaction] = field(default_factory=list)
    repost_faces: list[Reaction] = field(default_factory=list)
    mentions: list[Reaction] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.likes or self.reposts)


def fetch_reactions(post) -> Reactions:
    """Every like, repost and mention of the post in one query; likes and reposts counted and
    given their faces."""
    found = Reactions()
    if not isinstance(post, Post):  # reactions from elsewhere reach posts, not pages
        return found
    for reaction in Reaction.objects.filter(post=post).order_by("created_at", "pk"):
        if reaction.kind == Reaction.Kind.MENTION:
            found.mentions.append(reaction)
            continue
        if reaction.kind == Reaction.Kind.LIKE:
            found.likes += 1
            faces = found.like_faces
        else:
            found.reposts += 1
            faces = found.repost_faces
        if len(faces) < FACES_SHOWN:
            reaction.face_url = face_url_for(reaction)
            faces.append(reaction)
    return found


OLDEST, NEWEST, BEST = "oldest", "newest", "best"
ORDERS = (OLDEST, NEWEST, BEST)


def best_first_key(comment: Comment) -> tuple:
    """Most liked first; among equals the oldest (the list is oldest first already)."""
    return (-comment.like_count,)


def build_thread(comments: list[Comment], *, max_depth: int, order: str = OLDEST) -> Thread:
    """Hang replies under their parents, at most ``max_depth`` levels deep (a reply to a comment
    at the last level goes beside it). A reply whose parent isn't shown becomes top-level.

    ``comments`` must be oldest first; each gets ``children``, ``depth`` (1 = top level),
    ``reply_count`` (its direct replies that this reader sees) and ``in_reply_to`` (the comment it
    answers when the cap put it elsewhere, else None)."""
    max_depth = max(1, max_depth)
    by_id: dict[int, Comment] = {}
    roots: list[Comment] = []
    approved = 0
    for comment in comments:
        comment.children = []
        comment.reply_count = 0
        answered = parent = by_id.get(comment.parent_id) if comment.parent_id else None
        if parent is not None:
            parent.reply_count += 1
        while parent is not None and parent.depth >= max_depth:
            parent = parent.shown_under
        comment.shown_under = parent
        # Flattened by the depth cap: the reply says whom it answers ("in reply to NAME").
        comment.in_reply_to = answered if answered is not parent else None
        if parent is not None:
            comment.depth = parent.depth + 1
            parent.children.append(comment)
        else:
            comment.depth = 1
            roots.append(comment)
        by_id[comment.pk] = comment
        if comment.status == Comment.Status.APPROVED:
            approved += 1
    if order == NEWEST:
        roots.reverse()
    elif order == BEST:
        roots.sort(key=best_first_key)  # a stable sort: equal counts stay oldest first
    return Thread(roots=roots, approved_count=approved, by_id=by_id)


def fold(roots: list[Comment], *, shown_replies: int, shown_depth: int, unfolded=frozenset()):
    """Collapse long and deep branches: under each comment the first ``shown_replies`` replies
    show, and none below depth ``shown_depth``; the rest wait behind "Show N more replies".

    Each comment gets ``shown`` and ``folded`` (its children split so) and ``folded_count`` (how
    many comments the folded part holds, replies of replies included). A branch stays open when
    it is in ``unfolded`` (a comment asked for with ``?cexpand=``, and everything under it) or
    holds a comment the reader must see (``must_show``: their own, the one they answer)."""

    def visit(comment: Comment, open_branch: bool) -> tuple[int, bool]:
        open_branch = open_branch or comment.pk in unfolded
        total, needed = 0, getattr(comment, "must_show", False)
        sizes = []
        for child in comment.children:
            size, child_needed = visit(child, open_branch)
            sizes.append(size)
            total += size
            needed = needed or child_needed
        keep = len(comment.children)
        if not open_branch:
            keep = 0 if comment.depth >= shown_depth else min(keep, max(0, shown_replies))
            if any(getattr(c, "branch_needed", False) for c in comment.children[keep:]):
                keep = len(comment.children)
        comment.shown, comment.folded = comment.children[:keep], comment.children[keep:]
        comment.folded_count = sum(sizes[keep:])
        comment.branch_needed = needed
        return total + 1, needed

    for root in roots:
        visit(root, False)


def walk(roots: list[Comment]):
    """Every comment under these roots (the ones a page shows), parents before children."""
    stack = list(reversed(roots))
    while stack:
        comment = stack.pop()
        yield comment
        stack.extend(reversed(comment.children))


def paginate(thread: Thread, *, discussion: DiscussionSettings, page_number) -> Page:
    """Long threads are split by top-level comments; a bad page number gives the first page."""
    return Paginator(thread.roots, max(1, discussion.per_page)).get_page(page_number)
