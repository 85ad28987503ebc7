"""The Fediverse blocklist (Admin → Fediverse blocks), asked in one place by ActivityPub (the
inbox, deliveries, our answers) and by Webmention (a blocked site's webmentions are never read)."""

from urllib.parse import urlsplit

from federation.models import FediverseBlock


def is_blocked(uri: str) -> bool:
    """Whether ``uri`` (an actor, a key, an object, a web page) is on the blocklist: the address
    itself, or its server's domain or any domain above it (one query)."""
    host = (urlsplit(uri).hostname or "").lower()
    parts = host.split(".")
    candidates = {uri.strip().lower().rstrip("/"), uri.split("#")[0].strip().lower().rstrip("/")}
    candidates |= {".".join(parts[index:]) for index in range(len(parts)) if parts[index:]}
    return FediverseBlock.objects.filter(value__in=candidates).exists()
