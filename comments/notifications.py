"""E-mail notifications about comments (issue 5 fills these in).

The comment services call these after their transaction commits; until the notifications issue
lands they send nothing.
"""


def comment_pending(comment) -> None:
    """A new comment waits for moderation: tell the moderators."""


def comment_approved(comment) -> None:
    """A comment became visible: tell the post's author and the subscribers."""


def followups_requested(*, comment, mode: str) -> None:
    """The commenter asked to hear about follow-ups: ``mode`` is "all" (every new comment on the
    post) or "replies" (replies to this comment). Called after the comment is saved."""
