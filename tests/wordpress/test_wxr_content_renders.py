# ruff: noqa: E501  (markup as WordPress writes it, one string per block)
"""Shortcodes and core blocks as WordPress writes them (wxr_samples/content_that_renders.xml),
imported and shown: figures, galleries, cards for what other sites would embed, block layouts."""

import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from blog.models import Post
from tests.factories import jpeg_bytes
from wordpress.models import WordPressItem

SAMPLE = Path(__file__).parent / "wxr_samples" / "content_that_renders.xml"


def make_uploads(root: Path) -> Path:
    """wp-content/uploads with the pictures the sample shows (originals and medium sizes)."""
    folder = root / "uploads" / "2024" / "04"
    folder.mkdir(parents=True)
    for name, colour in (("river", (40, 90, 150)), ("heron", (120, 120, 110))):
        (folder / f"{name}.jpg").write_bytes(jpeg_bytes(1200, 800, colour))
        (folder / f"{name}-300x200.jpg").write_bytes(jpeg_bytes(300, 200, colour))
    return root / "uploads"


def import_sample(media_dir: Path) -> str:
    out = StringIO()
    call_command("import_wordpress", str(SAMPLE), "--media-dir", str(media_dir), stdout=out)
    return out.getvalue()


@pytest.fixture
def imported(db, tmp_path):
    return import_sample(make_uploads(tmp_path))


def post(wp_id: int) -> Post:
    return Post.objects.get(pk=WordPressItem.objects.get(kind="post", key=str(wp_id)).object_id)


def body(wp_id: int) -> str:
    return post(wp_id).body_html


def test_captions_become_aligned_figures_with_their_caption(imported):
    html = body(201)
    assert re.search(r'<figure class="wp-caption alignleft"><img [^>]*src="/media/', html)
    assert '<figcaption class="wp-caption-text">The river in flood, April</figcaption>' in html
    assert '<figure class="wp-caption alignright">' in html


def test_the_gallery_keeps_its_columns_size_and_links_to_the_files(imported):
    html = body(201)
    gallery = re.search(
        r'<div class="gallery gallery-columns-2 gallery-size-medium">.*?</div>', html, re.S
    )
    assert gallery, html
    items = re.findall(
        r'<figure class="gallery-item"><a href="(/media/[^"]+)" rel="noopener"><img src="(/media/[^"]+)"',
        gallery.group(0),
    )
    assert len(items) == 2 and all(link == src for link, src in items)


@pytest.mark.parametrize(
    ("provider", "url", "title"),
    [
        ("youtube", "https://www.youtube.com/watch?v=M7lc1UVf-VE", "Watch the video on YouTube"),
        (
            "twitter",
            "https://twitter.com/wordpress/status/1111111111111111111",
            "Read the post on X (Twitter)",
        ),
        (
            "wordpress-tv",
            "https://wordpress.tv/2023/01/01/a-talk-about-blocks/",
            "Watch the video on WordPress.tv",
        ),
        ("soundcloud", "https://soundcloud.com/field-notes/river-at-night", "Listen on SoundCloud"),
        (
            "audio",
            "https://fieldnotes.example.org/wp-content/uploads/2024/04/river-sounds.mp3",
            "river-sounds.mp3",
        ),
        (
            "video",
            "https://fieldnotes.example.org/wp-content/uploads/2024/04/flood.mp4",
            "flood.mp4",
        ),
    ],
)
def test_embeds_audio_and_video_become_cards_that_only_link(imported, provider, url, title):
    html = body(201)
    card = re.search(
        rf'<figure class="embed-card embed-card-{provider}">(.*?)</figure>', html, re.S
    )
    assert card, html
    assert f'<a class="embed-card-link" href="{url}" rel="noopener">' in card.group(1)
    assert f'<span class="embed-card-title">{title}</span>' in card.group(1)


def test_no_body_loads_anything_from_another_site(imported):
    for wp_id in (201, 202):
        html = body(wp_id)
        assert "<iframe" not in html and "<audio" not in html and "<video" not in html
        assert "<object" not in html and "<script" not in html
        for src in re.findall(r'\ssrc="([^"]+)"', html):
            assert src.startswith("/media/"), src


def test_an_h1_in_a_body_moves_every_heading_one_level_down(imported):
    html = body(201)
    assert "<h1" not in html
    assert "<h2>What we saw</h2>" in html and "<h3>The birds</h3>" in html


def test_a_table_keeps_its_header_and_scrolls_inside_its_own_box(imported):
    html = body(201)
    assert '<div class="table-scroll" role="region" aria-label="Table" tabindex="0"><table>' in html
    assert "<thead>\n<tr>\n<th>Day</th>" in html


@pytest.mark.parametrize(
    "markup",
    [
        '<p class="has-text-align-center has-large-font-size">A centred, large opening line.</p>',
        '<figure class="wp-block-image alignright size-medium"><img src="/media/',
        '<div class="wp-block-column basis-66">',
        '<div class="wp-block-column basis-33">',
        '<div class="wp-block-group has-pale-cyan-blue-background-color has-background">',
        '<div class="wp-block-button"><a class="wp-block-button__link wp-element-button" href="/2024/04/01/classic-shortcodes/"',
        '<span class="wp-block-cover__background has-background-dim"></span><img class="wp-block-cover__image-background wp-image-302" alt="" src="/media/',
        '<div class="wp-block-media-text is-stacked-on-mobile"><figure class="wp-block-media-text__media"><img src="/media/',
        '<figure class="wp-block-pullquote"><blockquote><p>The river always wins in the end.</p><cite>The ferryman</cite></blockquote></figure>',
        "<cite>T. S. Eliot</cite></blockquote>",
        "<tfoot><tr><td>Highest</td><td>3.4 m</td></tr></tfoot>",
        '<figcaption class="wp-element-caption">Levels on Tuesday</figcaption>',
        '<figure class="wp-block-image alignleft size-medium">',
        '<figure class="wp-block-gallery has-nested-images columns-2 is-cropped">',
        'class="wp-block-file__button wp-element-button"',
        '<details class="wp-block-details"><summary>Where is the gauge?</summary>',
        '<hr class="wp-block-separator has-alpha-channel-opacity">',
        '<div class="wp-block-spacer"></div>',
        '<pre tabindex="0" class="wp-block-verse">The river runs,\n    the heron waits,\nthe ferry sleeps.</pre>',
        '<pre tabindex="0" class="wp-block-code"><code>level = read_gauge("old-bridge")  # metres</code></pre>',
        '<pre tabindex="0" class="wp-block-preformatted">Monday   2.1\nTuesday  3.4</pre>',
        '<p class="has-vivid-red-color has-text-color has-small-font-size">Small red print.</p>',
        '<h4 class="wp-block-heading">A fourth-level heading</h4>',
    ],
)
def test_core_blocks_keep_their_markup_and_classes(imported, markup):
    assert markup in body(202).replace("&quot;", '"')


def test_footnotes_come_from_the_post_meta(imported):
    html = body(202)
    note = "6d9a0d2e-5b4e-4a3c-9a57-6d0c1c8f6e11"
    assert f'<sup class="fn"><a href="#{note}" id="{note}-link" rel="noopener">1</a></sup>' in html
    assert (
        f'<ol class="wp-block-footnotes"><li id="{note}">The rowers start at six, '
        f'<em>even in winter</em>. <a href="#{note}-link" title="Back to the reference" rel="noopener">↩︎</a></li></ol>'
    ) in html


def test_the_embed_block_becomes_a_card_with_its_caption(imported):
    html = body(202)
    assert (
        '<figure class="embed-card embed-card-vimeo"><a class="embed-card-link" href="https://vimeo.com/22439234"'
        in html
    )
    assert "<figcaption>The mountain, in time-lapse</figcaption></figure>" in html


def test_no_inline_style_survives(imported):
    for wp_id in (201, 202):
        assert "style=" not in body(wp_id)


def test_a_title_with_markup_shows_it_as_text(client, imported):
    page = client.get(post(202).get_absolute_url()).content.decode()
    assert "A block post: &lt;em&gt;every&lt;/em&gt; core block" in page
    assert "<em>every</em>" not in page


def test_the_file_block_links_to_the_local_copy_of_its_file(db, tmp_path):
    uploads = make_uploads(tmp_path)
    (uploads / "2024" / "04" / "levels.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    import_sample(uploads)
    html = body(202)
    block = html[html.index('<div class="wp-block-file">') :].split("</div>", 1)[0]
    assert "fieldnotes.example.org" not in block
    assert block.count('href="/media/files/2') == 2  # the file's name and the Download button
