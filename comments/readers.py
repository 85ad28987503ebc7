"""Comments' answers to what accounts asks about a reader (``accounts.signals``), each through
comments' own services: their comments for /account/ and "Download my data", and what happens
to them when the reader deletes their account."""

from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext, ngettext

from accounts.conf import app_settings as accounts_settings
from accounts.signals import (
    Holding,
    reader_data_requested,
    reader_holdings_requested,
    reader_leaving,
)
from comments import services


@receiver(reader_leaving)
def reader_left(*, user, keep: bool, **kwargs) -> None:
    if keep:
        services.reader_comments_anonymise(
            user=user, name=accounts_settings.ACCOUNTS_DELETED_USER_NAME
        )
    else:
        services.reader_comments_remove(user=user)


@receiver(reader_data_requested)
def reader_data(*, user, **kwargs) -> dict:
    return {"comments": services.reader_comments_export(user=user)}


@receiver(reader_holdings_requested)
def reader_holdings(*, user, **kwargs) -> list[Holding]:
    count = services.reader_comments(user=user).count()
    return [
        Holding(
            counted=ngettext("%(count)s comment", "%(count)s comments", count) % {"count": count},
            count=count,
            url=reverse("comments:mine"),
            note=gettext("with whether each is published or still awaiting moderation"),
            empty=gettext("You have not commented yet."),
        )
    ]
