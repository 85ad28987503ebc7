"""Every text a reader meets in a template is marked for translation."""

from pathlib import Path

import pytest
from django.conf import settings

from tests.i18n.untranslated import template_text, untranslated

ROOT = Path(settings.BASE_DIR) / "templates"
TEMPLATES = sorted(str(path.relative_to(ROOT)) for path in ROOT.rglob("*") if path.is_file())


@pytest.mark.parametrize("name", TEMPLATES)
def test_template_has_no_text_left_unmarked(name):
    findings = untranslated(ROOT / name, ROOT)
    assert not findings, "\n".join(f"{f.template}:{f.line}: {f.text!r}" for f in findings)


# --- The checker itself, on templates as people write them ----------------------------------
def check(source: str, tmp_path) -> list[str]:
    path = tmp_path / "t.html"
    path.write_text(source, encoding="utf-8")
    return [finding.text for finding in untranslated(path, tmp_path)]


def test_plain_text_between_tags_is_reported(tmp_path):
    assert check("<p>Leave a Reply</p>", tmp_path) == ["Leave a Reply"]


def test_text_around_variables_is_reported_with_the_variable_as_a_gap(tmp_path):
    assert check("<h2>{{ count }} thoughts on “{{ title }}”</h2>", tmp_path) == [
        "… thoughts on “…”"
    ]


def test_attributes_read_aloud_are_reported(tmp_path):
    source = '<nav aria-label="Main"><img alt="A photo" src="x.png"><a title="Edit">✎</a></nav>'
    assert check(source, tmp_path) == ["Main", "A photo", "Edit"]


def test_a_submit_buttons_value_is_reported(tmp_path):
    assert check('<input type="submit" value="Post Comment">', tmp_path) == ["Post Comment"]


def test_marked_text_is_not_reported(tmp_path):
    source = (
        "{% load i18n %}<h3>{% translate 'Leave a Reply' %}</h3>"
        "<p>{% blocktranslate count n=total %}One thought{% plural %}{{ n }} thoughts"
        "{% endblocktranslate %}</p><a aria-label=\"{% translate 'Reply' %}\">↩</a>"
        '{{ label|default:_("Older posts") }}'
    )
    assert check(source, tmp_path) == []


def test_comments_scripts_styles_and_markup_alone_are_not_reported(tmp_path):
    source = (
        "{# a note for developers #}{% comment %}Old markup{% endcomment %}"
        '<script>var x = "text";</script><style>a{color:red}</style>'
        '<a class="btn" href="{% url "blog:home" %}">{{ site.name }}</a> · &nbsp; (RSS)'
    )
    assert check(source, tmp_path) == []


def test_the_lines_of_a_template_are_kept(tmp_path):
    text = template_text("{% if a %}\n{% translate 'x' %}\n{% endif %}\n<p>Oops</p>")
    assert text.count("\n") == 3
