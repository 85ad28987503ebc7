"""Every name and help text the admin shows for our models comes from the catalogues: a field,
a model or a choice without gettext_lazy would stay English for every staff member."""

from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.utils.functional import Promise

OURS = [
    config
    for config in apps.get_app_configs()
    if Path(config.path).is_relative_to(settings.BASE_DIR)
    and ".venv" not in Path(config.path).parts
]
MODELS = [model for config in OURS for model in config.get_models()]


def model_id(model) -> str:
    return model._meta.label


def own_fields(model):
    """The fields written in our models (with those of our abstract bases), not the reverse
    relations and not the primary key Django adds by itself."""
    for field in model._meta.get_fields():
        if field.auto_created or not (field.concrete or field.many_to_many):
            continue
        yield field


def is_lazy(text) -> bool:
    return isinstance(text, Promise)


def test_our_apps_and_models_are_all_seen():
    labels = {config.label for config in OURS}
    assert {"accounts", "blog", "comments", "subscriptions", "federation", "wordpress"} <= labels
    assert len(MODELS) > 20


@pytest.mark.parametrize("model", MODELS, ids=model_id)
def test_the_model_s_names_are_translatable(model):
    written = model._meta.original_attrs
    untranslated = [
        name for name in ("verbose_name", "verbose_name_plural") if not is_lazy(written.get(name))
    ]
    assert untranslated == [], f"{model_id(model)}.Meta: give {untranslated} with gettext_lazy"


@pytest.mark.parametrize("model", MODELS, ids=model_id)
def test_every_field_s_name_help_text_and_choices_are_translatable(model):
    untranslated = []
    for field in own_fields(model):
        if not is_lazy(field.verbose_name):
            untranslated.append(f"{field.name}.verbose_name")
        if field.help_text and not is_lazy(field.help_text):
            untranslated.append(f"{field.name}.help_text")
        if field.choices and list(field.choices) != list(settings.LANGUAGES):  # own names
            untranslated += [
                f"{field.name} choice {value!r}"
                for value, label in field.flatchoices
                if not is_lazy(label)
            ]
    assert untranslated == [], f"{model_id(model)}: {untranslated}"


def test_the_checks_catch_a_plain_string():
    """The check itself: a field named in plain English is caught, a lazy one is not."""
    from django.db import models
    from django.utils.translation import gettext_lazy as _

    plain = models.CharField("title", help_text="Shown at the top.")
    plain.set_attributes_from_name("title")
    lazy = models.CharField(_("title"), help_text=_("Shown at the top."))
    lazy.set_attributes_from_name("title")
    default = models.CharField()
    default.set_attributes_from_name("sub_title")
    assert (is_lazy(plain.verbose_name), is_lazy(plain.help_text)) == (False, False)
    assert (is_lazy(lazy.verbose_name), is_lazy(lazy.help_text)) == (True, True)
    assert default.verbose_name == "sub title" and not is_lazy(default.verbose_name)
