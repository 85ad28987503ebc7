from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.conf import app_settings
from accounts.models import User
from core.forms import OneLineFieldsMixin


class ProfileForm(OneLineFieldsMixin, forms.ModelForm):
    class Meta:
        model = User
        fields = ["display_name"]
        labels = {"display_name": _("Display name")}
        help_texts = {"display_name": _("Shown beside your comments.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["display_name"].required = True
        self.helper = FormHelper()
        self.helper.form_tag = False


class DeleteAccountForm(forms.Form):
    REMOVE = "remove"
    KEEP = "keep"
    comments = forms.ChoiceField(
        label=_("Your comments"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what happens to your comments.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        shown_as = app_settings.ACCOUNTS_DELETED_USER_NAME
        self.fields["comments"].choices = [
            (self.REMOVE, gettext("Remove my comments")),
            (
                self.KEEP,
                gettext("Keep my comments, shown as written by “%(name)s”") % {"name": shown_as},
            ),
        ]
        self.helper = FormHelper()
        self.helper.form_tag = False

    @property
    def keep_comments(self) -> bool:
        return self.cleaned_data["comments"] == self.KEEP
