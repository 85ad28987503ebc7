"""WordPress HTML → Broadsheet body: wpautop and the shortcodes, without a database."""

import pytest

from blog.markup import render_markdown
from wordpress.autop import wpautop
from wordpress.content import ContentConverter, comment_text


def converter(images=None, links=None, gallery=None) -> ContentConverter:
    images = images or {}
    links = links or {}
    return ContentConverter(
        new_link=links.get,
        new_image=lambda src, attachment_id="": images.get(src),
        gallery=lambda attrs: gallery(attrs) if gallery else [],
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One line", "<p>One line</p>\n"),
        ("First\n\nSecond", "<p>First</p>\n<p>Second</p>\n"),
        ("Line one\nline two", "<p>Line one<br />\nline two</p>\n"),
        ("Windows\r\n\r\nends", "<p>Windows</p>\n<p>ends</p>\n"),
        ("<div>block</div>\ntext", "<div>block</div>\n<p>text</p>\n"),
        ("<ul>\n<li>a</li>\n<li>b</li>\n</ul>", "<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n"),
        ("<blockquote>Quoted</blockquote>", "<blockquote><p>Quoted</p></blockquote>\n"),
        ("<pre>keep\n\nme</pre>", "<pre>keep\n\nme</pre>\n"),
        ('<a href="x"\ntitle="y">link</a>', '<p><a href="x"\ntitle="y">link</a></p>\n'),
        ("a<br><br>b", "<p>a</p>\n<p>b</p>\n"),
        ("   \n  ", ""),
    ],
)
def test_wpautop_makes_the_paragraphs_wordpress_makes(text, expected):
    assert wpautop(text) == expected


def test_text_that_already_has_paragraphs_is_left_as_it_is():
    once = wpautop("First\n\nSecond")
    assert wpautop(once) == once


def test_caption_with_a_linked_image_keeps_the_link_inside_the_figure():
    body = (
        converter(images={"/s.jpg": "/media/s.jpg"})
        .convert(
            '[caption id="a" align="alignleft"]<a href="/big.jpg"><img src="/s.jpg" alt="A" /></a>'
            " Words[/caption]"
        )
        .body
    )
    assert (
        '<figure class="wp-caption alignleft"><a href="/big.jpg">'
        '<img src="/media/s.jpg" alt="A" /></a>'
        '<figcaption class="wp-caption-text">Words</figcaption></figure>'
    ) in body


def test_old_style_caption_attribute_is_used_when_there_is_no_text():
    body = converter().convert('[caption caption="From the attribute"]<img src="/s.jpg">[/caption]')
    assert '<figcaption class="wp-caption-text">From the attribute</figcaption>' in body.body


def test_gallery_without_pictures_is_reported_and_dropped():
    converted = converter().convert('Before\n\n[gallery ids="1,2"]')
    assert "[gallery" not in converted.body
    assert converted.problems == ['[gallery] with no images found: [gallery ids="1,2"]']


def test_gallery_lists_the_pictures_it_is_given():
    converted = converter(gallery=lambda attrs: [("/media/a.jpg", "A & B")]).convert(
        '[gallery ids="7" columns="2"]'
    )
    assert '<div class="gallery gallery-columns-2 gallery-size-thumbnail">' in converted.body
    assert (
        '<figure class="gallery-item"><a href="/media/a.jpg">'
        '<img src="/media/a.jpg" alt="A &amp; B"></a></figure>'
    ) in converted.body
    assert converted.problems == []


def test_images_and_links_are_rewritten_and_srcset_dropped():
    converted = converter(
        images={"https://old.example/wp-content/uploads/a.jpg": "/media/images/a.jpg"},
        links={"https://old.example/?p=4": "/2015/01/02/four/"},
    ).convert(
        '<a href="https://old.example/?p=4">four</a> '
        '<img src="https://old.example/wp-content/uploads/a.jpg" srcset="x 300w" sizes="1px">'
    )
    assert '<a href="/2015/01/02/four/">four</a>' in converted.body
    assert '<img src="/media/images/a.jpg">' in converted.body


def test_every_unknown_shortcode_is_reported_and_kept_as_text():
    converted = converter().convert("[contact-form-7 id=4] and [footnote]n[/footnote]")
    assert [problem.split("]")[0] for problem in converted.problems] == [
        "shortcode [contact-form-7",
        "shortcode [footnote",
    ]
    assert "[contact-form-7 id=4]" in converted.body


def test_the_converted_body_renders_as_html_not_as_markdown():
    body = converter().convert("A *star* and_underscores_ here\n\n    indented line").body
    html = render_markdown(body)
    assert "<em>" not in html
    assert "<code>" not in html
    assert "A *star* and_underscores_ here" in html


def test_block_content_is_not_run_through_autop():
    body = converter().convert("<!-- wp:paragraph -->\n<p>One\nline</p>\n<!-- /wp:paragraph -->")
    assert "<br" not in body.body
    assert "wp:" not in body.body


def test_comment_text_keeps_line_breaks_and_link_addresses():
    text = comment_text(
        '<p>Hi &amp; bye</p><p>See <a href="https://x.example/">this</a><br/>ok</p>'
    )
    assert text == "Hi & bye\n\nSee this (https://x.example/)\nok"


def test_a_picture_without_a_local_copy_leaves_its_alt_text_and_no_address():
    converted = converter().convert(
        '<p><img src="https://old.example/wp-content/uploads/gone.jpg" alt="The old bridge" '
        'srcset="https://old.example/wp-content/uploads/gone-300x200.jpg 300w">'
        '<img src="https://elsewhere.example/x.png" alt=""></p>'
    )
    assert converted.body == '<p><span class="image-missing">The old bridge</span></p>\n'
