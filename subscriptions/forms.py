from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import OneLineFieldsMixin
from subscriptions.models import FollowUpSubscription


class NewPostsSubscribeForm(OneLineFieldsMixin, forms.Form):
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        widget=forms.EmailInput(
            attrs={
                "autocomplete": "email",
                "placeholder": "you@example.com",
                "class": "form-control",
            }
        ),
    )


class FollowUpSubscribeForm(OneLineFieldsMixin, forms.Form):
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    mode = forms.ChoiceField(
        label=_("Tell me about"),
        choices=FollowUpSubscription.Mode.choices,
        initial=FollowUpSubscription.Mode.ALL,
        widget=forms.RadioSelect,
    )
