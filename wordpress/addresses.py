"""What a WordPress export says about the blog's addresses: its permalink structure (read from
its posts' links) and its time zone (from the offset between each post's local and GMT dates).
"""

from __future__ import annotations

import datetime
import zoneinfo
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from urllib.parse import parse_qs, unquote, urlsplit

DAY = "/%year%/%monthnum%/%day%/%postname%/"
MONTH = "/%year%/%monthnum%/%postname%/"
NAME = "/%postname%/"
CATEGORY = "/%category%/%postname%/"
ARCHIVES = "/archives/%post_id%"
PLAIN = "?p=%post_id%"
#: In the order a tie is settled.
STRUCTURES = [DAY, MONTH, NAME, CATEGORY, ARCHIVES, PLAIN]

# Where several zones fit the dates, the one most blogs in that offset use.
PREFERRED_ZONES = [
    "America/New_York", "America/Chicago", "America/Denver", "America/Phoenix",
    "America/Los_Angeles", "America/Anchorage", "Pacific/Honolulu", "America/Halifax",
    "America/St_Johns", "America/Mexico_City", "America/Bogota", "America/Sao_Paulo",
    "America/Argentina/Buenos_Aires", "America/Santiago", "Europe/London", "Europe/Dublin",
    "Europe/Lisbon", "Europe/Paris", "Europe/Berlin", "Europe/Athens", "Europe/Helsinki",
    "Europe/Istanbul", "Europe/Moscow", "Africa/Lagos", "Africa/Johannesburg", "Africa/Cairo",
    "Africa/Nairobi", "Asia/Jerusalem", "Asia/Tehran", "Asia/Dubai", "Asia/Karachi",
    "Asia/Kolkata", "Asia/Kathmandu", "Asia/Dhaka", "Asia/Bangkok", "Asia/Shanghai",
    "Asia/Singapore", "Asia/Tokyo", "Asia/Seoul", "Australia/Perth", "Australia/Adelaide",
    "Australia/Brisbane", "Australia/Sydney", "Pacific/Auckland",
]  # fmt: skip


@dataclass(slots=True)
class LinkSample:
    """One published post as the export shows it."""

    path: str  # decoded, below the blog's own path, no trailing slash
    query: str
    slug: str
    local: datetime.datetime | None
    wp_id: str
    categories: list[str] = field(default_factory=list)


def sample(
    *, link: str, base: str, slug: str, local: str, wp_id: str, categories: list[str]
) -> LinkSample:
    parts = urlsplit(link)
    path = unquote(parts.path)
    base_path = unquote(urlsplit(base).path).rstrip("/")
    if base_path and path.startswith(base_path + "/"):
        path = path[len(base_path) :]
    path = path.removeprefix("/index.php").rstrip("/")
    return LinkSample(
        path=path,
        query=parts.query,
        slug=unquote(slug),
        local=_local_date(local),
        wp_id=wp_id,
        categories=[unquote(category) for category in categories],
    )


def _local_date(value: str) -> datetime.datetime | None:
    try:
        return datetime.datetime.strptime(value.strip(), "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return None


def structures_of(link: LinkSample) -> list[str]:
    """Every structure this one link fits."""
    found = []
    slug = link.slug
    if link.local is not None and slug:
        year, month, day = f"{link.local:%Y}", f"{link.local:%m}", f"{link.local:%d}"
        if link.path == f"/{year}/{month}/{day}/{slug}":
            found.append(DAY)
        if link.path == f"/{year}/{month}/{slug}":
            found.append(MONTH)
    if slug and link.path == f"/{slug}":
        found.append(NAME)
    head, _, last = link.path.rpartition("/")
    if slug and last == slug and head and head.rsplit("/", 1)[-1] in link.categories:
        found.append(CATEGORY)
    if link.path == f"/archives/{link.wp_id}":
        found.append(ARCHIVES)
    if link.path == "" and parse_qs(link.query).get("p") == [link.wp_id]:
        found.append(PLAIN)
    return found


def detect_structure(links: list[LinkSample]) -> tuple[str, int]:
    """The structure most of the links fit, and how many fit it ("" and 0 if none does)."""
    votes = Counter(structure for link in links for structure in structures_of(link))
    if not votes:
        return "", 0
    best = max(STRUCTURES, key=lambda structure: votes[structure])
    return best, votes[best]


@cache
def _zones() -> list[str]:
    names = sorted(zoneinfo.available_timezones())
    rest = [name for name in names if name not in PREFERRED_ZONES and "/" in name]
    return PREFERRED_ZONES + [name for name in rest if not name.startswith("Etc/")]


def detect_time_zone(offsets: list[tuple[datetime.datetime, datetime.timedelta]]) -> str:
    """The zone whose offset from UTC at each GMT moment is the one the export shows.

    ``offsets`` pairs a post's GMT date (naive) with its local date minus it. A blog set to a
    fixed offset in WordPress ("UTC-5") gets that offset (``Etc/GMT+5``) when no city fits.
    "" when the dates disagree with every zone.
    """
    moments = {(gmt.replace(tzinfo=datetime.UTC), offset) for gmt, offset in offsets}
    if not moments:
        return ""
    distinct = {offset for _, offset in moments}
    if distinct == {datetime.timedelta(0)}:
        return "UTC"
    checked = sorted(moments)[:: max(1, len(moments) // 400)]  # at most ~400 moments
    if len(distinct) == 1:
        hours, rest = divmod(next(iter(distinct)), datetime.timedelta(hours=1))
        if not rest and -12 <= hours <= 14:
            # A fixed offset: WordPress's "UTC-5" setting. Etc/ names have the sign reversed.
            fixed = f"Etc/GMT{-hours:+d}" if hours else "UTC"
            if _fits(fixed, checked) and not _fits_a_city_of_the_list(checked):
                return fixed
    for name in _zones():
        if _fits(name, checked):
            return name
    return ""


def _fits_a_city_of_the_list(moments) -> bool:
    return any(_fits(name, moments) for name in PREFERRED_ZONES)


def _fits(name: str, moments) -> bool:
    try:
        zone = zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return False
    return all(moment.astimezone(zone).utcoffset() == offset for moment, offset in moments)
