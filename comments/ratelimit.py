"""Flood control in the shared cache (Redis in production): per IP address, one comment per
``COMMENTS_FLOOD_SECONDS`` and at most ``COMMENTS_HOURLY_LIMIT`` an hour."""

import time

from django.core.cache import cache

from comments import conf

FLOOD_MESSAGE = "You are posting comments too quickly. Slow down, and try again in a few seconds."
HOURLY_MESSAGE = "You have posted too many comments in the last hour. Please try again later."


def client_ip(request) -> str:
    """The reader's address; behind a reverse proxy, the last hop it saw (not a forgeable one)."""
    if conf.get("COMMENTS_BEHIND_PROXY"):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-1]
    return request.META.get("REMOTE_ADDR", "")


def check_and_count(ip: str) -> str | None:
    """Count one comment from ``ip``; return why it must wait, or None when it may go ahead."""
    if not ip:
        return None
    flood_seconds = conf.get("COMMENTS_FLOOD_SECONDS")
    if flood_seconds and not cache.add(f"comments:flood:{ip}", 1, timeout=flood_seconds):
        return FLOOD_MESSAGE
    hour = int(time.time() // 3600)
    key = f"comments:hourly:{ip}:{hour}"
    cache.add(key, 0, timeout=3600)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=3600)
        count = 1
    if count > conf.get("COMMENTS_HOURLY_LIMIT"):
        return HOURLY_MESSAGE
    return None
