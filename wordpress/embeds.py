"""What WordPress embeds from other sites (oEmbed providers, ``[audio]``, ``[video]``) becomes a
card: a label, a title and the link. Nothing is fetched from the other site until the reader
follows the link, so a page makes no third-party request and tells nobody who read it.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Provider:
    name: str
    slug: str
    #: What the reader finds there: the card's default title ("Watch the video on YouTube").
    action: str


# The oEmbed providers WordPress knows (wp-includes/class-wp-oembed.php), by host suffix.
PROVIDERS: dict[str, Provider] = {
    "youtube.com": Provider("YouTube", "youtube", "Watch the video"),
    "youtu.be": Provider("YouTube", "youtube", "Watch the video"),
    "vimeo.com": Provider("Vimeo", "vimeo", "Watch the video"),
    "twitter.com": Provider("X (Twitter)", "twitter", "Read the post"),
    "x.com": Provider("X (Twitter)", "twitter", "Read the post"),
    "wordpress.tv": Provider("WordPress.tv", "wordpress-tv", "Watch the video"),
    "videopress.com": Provider("VideoPress", "videopress", "Watch the video"),
    "soundcloud.com": Provider("SoundCloud", "soundcloud", "Listen"),
    "open.spotify.com": Provider("Spotify", "spotify", "Listen"),
    "mixcloud.com": Provider("Mixcloud", "mixcloud", "Listen"),
    "dailymotion.com": Provider("Dailymotion", "dailymotion", "Watch the video"),
    "dai.ly": Provider("Dailymotion", "dailymotion", "Watch the video"),
    "ted.com": Provider("TED", "ted", "Watch the talk"),
    "flickr.com": Provider("Flickr", "flickr", "See the photo"),
    "flic.kr": Provider("Flickr", "flickr", "See the photo"),
    "instagram.com": Provider("Instagram", "instagram", "See the post"),
    "facebook.com": Provider("Facebook", "facebook", "See the post"),
    "tiktok.com": Provider("TikTok", "tiktok", "Watch the video"),
    "reddit.com": Provider("Reddit", "reddit", "Read the post"),
    "tumblr.com": Provider("Tumblr", "tumblr", "Read the post"),
    "imgur.com": Provider("Imgur", "imgur", "See the image"),
    "slideshare.net": Provider("SlideShare", "slideshare", "See the slides"),
    "speakerdeck.com": Provider("Speaker Deck", "speakerdeck", "See the slides"),
    "scribd.com": Provider("Scribd", "scribd", "Read the document"),
    "issuu.com": Provider("Issuu", "issuu", "Read the publication"),
    "kickstarter.com": Provider("Kickstarter", "kickstarter", "See the project"),
    "pinterest.com": Provider("Pinterest", "pinterest", "See the pin"),
    "wordpress.com": Provider("WordPress.com", "wordpress", "Read the post"),
    "crowdsignal.com": Provider("Crowdsignal", "crowdsignal", "Answer the poll"),
    "amazon.com": Provider("Amazon", "amazon", "See the book"),
    "cloudup.com": Provider("Cloudup", "cloudup", "See the file"),
    "screencast.com": Provider("Screencast", "screencast", "Watch the video"),
    "smugmug.com": Provider("SmugMug", "smugmug", "See the photos"),
    "tumblr.co": Provider("Tumblr", "tumblr", "Read the post"),
}
AUDIO = Provider("Audio", "audio", "Listen")
VIDEO = Provider("Video", "video", "Watch the video")
LINK = Provider("Link", "link", "Open the link")


def provider_for(url: str) -> Provider | None:
    """The provider of an http(s) ``url`` WordPress would embed, or None."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https"):
        return None
    host = (parts.hostname or "").lower()
    for suffix, provider in PROVIDERS.items():
        if host == suffix or host.endswith("." + suffix):
            return provider
    return None


def is_web_url(url: str) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _watch_url(url: str) -> str:
    """A YouTube player address (``/embed/ID``) → the video's own page."""
    parts = urlsplit(url)
    if (parts.hostname or "").endswith("youtube.com") and parts.path.startswith("/embed/"):
        return f"https://www.youtube.com/watch?v={parts.path.removeprefix('/embed/')}"
    return url


def card_html(url: str, provider: Provider, *, title: str = "", caption_html: str = "") -> str:
    """The card: provider label, title, the address, as one link (and a caption if any)."""
    url = _watch_url(url)
    parts = urlsplit(url)
    shown = (parts.netloc + parts.path).rstrip("/") + (f"?{parts.query}" if parts.query else "")
    generic = provider in (AUDIO, VIDEO, LINK)
    title = title or (provider.action if generic else f"{provider.action} on {provider.name}")
    figcaption = f"<figcaption>{caption_html}</figcaption>" if caption_html else ""
    return (
        f'<figure class="embed-card embed-card-{provider.slug}">'
        f'<a class="embed-card-link" href="{html.escape(url)}">'
        f'<span class="embed-card-provider">{html.escape(provider.name)}</span> '
        f'<span class="embed-card-title">{html.escape(title)}</span> '
        f'<span class="embed-card-url">{html.escape(shown)}</span>'
        f"</a>{figcaption}</figure>"
    )
