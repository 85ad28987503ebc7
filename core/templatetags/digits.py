"""``{{ value|digits }}``: a date, a count or a page number in the blog language's digits
(core/digits.py). Put it on what the interface prints, never on what someone wrote::

    {{ post.published_at|date:"DATE_FORMAT"|digits }}
    {% blocktranslate count count=post.comment_count|digits %}{{ count }} comment{% plural %}…
"""

from django import template

from core.digits import LocalNumber, digits_of, in_digits

register = template.Library()


@register.filter(is_safe=True)
def digits(value):
    if value is None or value == "" or isinstance(value, bool):
        return value
    if isinstance(value, int):
        return LocalNumber(value, digits_of())
    return in_digits(value)
