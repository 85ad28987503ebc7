"""A small shared rate limiter over Django's cache (fixed windows), for any app's views.

    from core.ratelimit import ratelimit

    @ratelimit("comment-post", rate="5/m", key="ip")            # a function view
    def comment_create(request, ...): ...

    @method_decorator(ratelimit("search", rate="30/m"), name="dispatch")   # a class-based view
    class SearchView(ListView): ...

or, inside a view, ``if (limited := limit_exceeded(request, "sign-in", "10/h", key="ip")):
return too_many_requests(request, retry_after=limited)``.

Counts live in the default cache, so with ``REDIS_URL`` set every app server shares them; with
the local-memory cache each process counts on its own (fine for one process, lenient for more).
Keys: ``"ip"`` (the client address, see client_ip), ``"user"`` (the signed-in user; anonymous
requests fall back to their address) or ``"user_or_ip"`` (same as "user"), or both: pass
``key=("ip", "user")`` to count the request against each and refuse when either is over.
"""

import math
import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured

from core.errors import render_error

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """``"5/m"`` → (5, 60); ``"100/10m"`` → (100, 600)."""
    try:
        count, _, period = rate.partition("/")
        unit = period[-1]
        multiplier = int(period[:-1] or 1)
        return int(count), multiplier * PERIODS[unit]
    except (ValueError, IndexError, KeyError):
        raise ImproperlyConfigured(
            f"A rate looks like '5/m' or '100/10m' (s, m, h, d), not {rate!r}."
        ) from None


def client_ip(request) -> str | None:
    """The client's address: REMOTE_ADDR, or behind our own reverse proxy (BEHIND_PROXY=1) the
    last address in X-Forwarded-For, the one our proxy appended (earlier ones are client-made).
    None when there is no request address (a sign-in made by code, e.g. in tests)."""
    meta = getattr(request, "META", None) or {}
    if getattr(settings, "BEHIND_PROXY", False):
        forwarded = meta.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-1]
    return meta.get("REMOTE_ADDR") or None


def _identities(request, key) -> list[str]:
    keys = (key,) if isinstance(key, str) else tuple(key)
    identities = []
    for name in keys:
        if name in {"user", "user_or_ip"}:
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated:
                identities.append(f"user:{user.pk}")
                continue
            identities.append(f"ip:{client_ip(request) or 'unknown'}")
        elif name == "ip":
            identities.append(f"ip:{client_ip(request) or 'unknown'}")
        else:
            raise ImproperlyConfigured(f"Unknown rate-limit key {name!r}: use ip, user.")
    return list(dict.fromkeys(identities))


def hit(scope: str, identity: str, *, limit: int, period: int, now: float | None = None) -> int:
    """Count one request of ``identity`` in ``scope``; return 0 if allowed, else the seconds
    until the current window ends (what Retry-After should say)."""
    now = time.time() if now is None else now
    window = int(now // period)
    cache_key = f"ratelimit:{scope}:{identity}:{window}"
    cache.add(cache_key, 0, timeout=period + 1)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # evicted between add and incr
        cache.set(cache_key, 1, timeout=period + 1)
        count = 1
    if count <= limit:
        return 0
    return max(1, int((window + 1) * period - now))


def limit_exceeded(request, scope: str, rate: str, *, key="ip") -> int:
    """Count this request against ``rate``; 0 if it may go on, else seconds to wait."""
    if not getattr(settings, "RATELIMIT_ENABLED", True):
        return 0
    limit, period = parse_rate(rate)
    waits = [
        hit(scope, identity, limit=limit, period=period) for identity in _identities(request, key)
    ]
    return max(waits, default=0)


def limit_reached(request, scope: str, rate: str, *, key="ip") -> int:
    """Like limit_exceeded, but counting nothing: 0 if one more request may go on, else seconds
    to wait. Pair it with limit_count once the thing being limited has really happened."""
    if not getattr(settings, "RATELIMIT_ENABLED", True):
        return 0
    limit, period = parse_rate(rate)
    now = time.time()
    window = int(now // period)
    for identity in _identities(request, key):
        if (cache.get(f"ratelimit:{scope}:{identity}:{window}") or 0) >= limit:
            return max(1, int((window + 1) * period - now))
    return 0


def limit_count(request, scope: str, rate: str, *, key="ip") -> None:
    """Count one request against ``rate`` (after limit_reached let it go on)."""
    if getattr(settings, "RATELIMIT_ENABLED", True):
        limit, period = parse_rate(rate)
        for identity in _identities(request, key):
            hit(scope, identity, limit=limit, period=period)


def cooldown_wait(request, scope: str, *, key="ip") -> int:
    """Seconds left of the wait that cooldown_start began for this client (0: none). Counts
    nothing, so a request that dies before it is done never starts a wait."""
    if not getattr(settings, "RATELIMIT_ENABLED", True):
        return 0
    now = time.time()
    ends = [
        cache.get(f"ratelimit:{scope}:{identity}:cooldown") or 0
        for identity in _identities(request, key)
    ]
    return max(0, math.ceil(max(ends, default=0) - now))


def cooldown_start(request, scope: str, seconds: int, *, key="ip") -> None:
    """This client waits ``seconds`` from now before cooldown_wait lets it on (0: no wait)."""
    if seconds and getattr(settings, "RATELIMIT_ENABLED", True):
        ends = time.time() + seconds
        for identity in _identities(request, key):
            cache.set(f"ratelimit:{scope}:{identity}:cooldown", ends, timeout=seconds)


def setting_rate(name: str, default: str):
    """A rate read from settings at request time (so tests and operators can change it)."""
    return lambda request: getattr(settings, name, default)


def too_many_requests(request, *, retry_after: int, message: str = ""):
    """The 429 page, with Retry-After."""
    response = render_error(
        request, "429.html", 429, message=message, retry_after=max(1, int(retry_after))
    )
    response.headers["Retry-After"] = str(max(1, int(retry_after)))
    return response


def ratelimit(scope: str, rate: str, *, key="ip", methods=("POST",), message: str = ""):
    """Decorate a view: requests in ``methods`` over ``rate`` get a 429 page instead of the view.

    ``methods=None`` counts every method. ``rate`` may also be a callable taking the request
    (e.g. to read a setting at request time).
    """

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if methods is None or request.method in methods:
                current = rate(request) if callable(rate) else rate
                if wait := limit_exceeded(request, scope, current, key=key):
                    return too_many_requests(request, retry_after=wait, message=message)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
