"""What every app's forms share: one-line fields that stay one line."""

import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

CONTROL_CHARACTERS_MESSAGE = _(
    "Please keep this on one line: line breaks, tabs and other control characters can't be used "
    "here."
)
# Control characters (C0, DEL, C1: CR, LF, tab, NUL, NEL...) and the Unicode line and paragraph
# separators: each would start a new line wherever the value is shown (a moderator's e-mail).
REFUSED_CATEGORIES = {"Cc", "Zl", "Zp"}


def refuse_control_characters(value: str) -> None:
    """A validator: ``value`` holds no character that breaks or forges a line."""
    if any(unicodedata.category(character) in REFUSED_CATEGORIES for character in str(value)):
        raise ValidationError(CONTROL_CHARACTERS_MESSAGE, code="control_characters")


class OneLineFieldsMixin:
    """Put it before ``forms.Form``: every text field not drawn as a textarea refuses control
    characters, with a message beside the field."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.CharField) and not isinstance(field.widget, forms.Textarea):
                field.validators.append(refuse_control_characters)
