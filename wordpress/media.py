"""Where an import finds the old site's files: a copy of ``wp-content/uploads`` (``--media-dir``)
and, with ``--fetch-media``, the old site itself.

Downloads go through ``core.fetch`` (public addresses only, redirects re-checked) with the size
and time caps of ``wordpress/conf.py``, into a temporary folder that ``close`` removes; what they
hold is checked afterwards like any file from the folder (pictures by the images pipeline).
"""

from __future__ import annotations

import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from django.core.files import File
from django.utils.text import slugify

from core.fetch import FetchError, fetch
from wordpress.conf import app_settings
from wordpress.models import UploadedFile

# WordPress's resized copies: river-300x200.jpg is a size of river.jpg.
RESIZED_RE = re.compile(r"-\d+x\d+(?=\.[A-Za-z0-9]+$)")
# Files other than pictures that an import keeps (and serves from MEDIA_ROOT): documents,
# sounds and films. Nothing a browser would run as a page of this site (no HTML, SVG, XML).
FILE_SUFFIXES = frozenset(
    {
        ".pdf", ".txt", ".csv", ".rtf", ".doc", ".docx", ".odt", ".xls", ".xlsx", ".ods",
        ".ppt", ".pptx", ".odp", ".epub", ".zip", ".mp3", ".m4a", ".ogg", ".oga", ".wav",
        ".flac", ".mp4", ".m4v", ".webm", ".ogv", ".mov",
    }
)  # fmt: skip


@dataclass(frozen=True)
class Found:
    """A file of the old site on this disk, or why it could not be had."""

    path: Path | None
    key: str = ""  # its path under the uploads: the same file has the same key, however found
    reason: str = ""


def original_of(relative: str) -> str:
    """``2024/04/river.jpg`` for ``2024/04/river-300x200.jpg``."""
    return RESIZED_RE.sub("", relative)


class MediaSource:
    def __init__(self, *, media_dir: Path | None, fetch_media: bool) -> None:
        self.root = media_dir.resolve() if media_dir is not None else None
        self.fetch_media = fetch_media
        self._downloads: Path | None = None
        self._fetched: dict[str, Found] = {}  # by address: each is asked for once per import

    def find(self, relative: str, url: str, *, prefer_original: bool, may_fetch: bool) -> Found:
        """The upload ``relative`` (its address ``url``): from the folder, else downloaded when
        ``may_fetch``. A resized copy's original is tried too (first if ``prefer_original``)."""
        candidates = [relative]
        if (original := original_of(relative)) != relative:
            candidates.insert(0 if prefer_original else 1, original)
        if self.root is not None:
            for candidate in candidates:
                path = (self.root / candidate).resolve()
                if path.is_relative_to(self.root) and path.is_file():
                    return Found(path, path.relative_to(self.root).as_posix())
        if not self.fetch_media:
            where = "not in --media-dir" if self.root is not None else "no --media-dir"
            return Found(None, reason=f"{where}, and --fetch-media was not given")
        if not may_fetch:
            return Found(None, reason="on another site than the export's: not fetched")
        found = Found(None, reason="not fetched")
        for candidate in candidates:
            found = self._download(candidate, _with_path_of(url, relative, candidate))
            if found.path is not None:
                return found
        return found

    def _download(self, relative: str, url: str) -> Found:
        if url in self._fetched:
            return self._fetched[url]
        found = self._fetched[url] = self._get(relative, url)
        return found

    def _get(self, relative: str, url: str) -> Found:
        if url.startswith("//"):
            url = "https:" + url
        try:
            answer = fetch(
                url,
                max_bytes=app_settings.WORDPRESS_FETCH_MAX_BYTES,
                timeout=app_settings.WORDPRESS_FETCH_TIMEOUT,
                headers={"Accept": "image/*, */*;q=0.5"},
            )
        except FetchError as error:
            return Found(None, reason=f"not fetched: {error.reason.rstrip('.')}")
        if answer.status != 200:
            return Found(None, reason=f"the old site answered {answer.status}")
        if self._downloads is None:
            self._downloads = Path(tempfile.mkdtemp(prefix="wordpress-media-"))
        path = (self._downloads / relative).resolve()
        if not path.is_relative_to(self._downloads):
            return Found(None, reason="not fetched: the file's path leaves the uploads")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(answer.body)
        return Found(path, relative)

    def close(self) -> None:
        if self._downloads is not None:
            shutil.rmtree(self._downloads, ignore_errors=True)
            self._downloads = None


def _with_path_of(url: str, relative: str, candidate: str) -> str:
    """The address of ``candidate`` when ``url`` is that of ``relative`` (a resized copy)."""
    if candidate == relative:
        return url
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=original_of(parts.path), query=""))


def save_imported_file(*, path: Path, title: str) -> UploadedFile:
    """Store a document, sound or film from the old site under ``files/`` with a safe name."""
    suffix = path.suffix.lower()
    name = (slugify(path.stem)[:80] or "file") + suffix
    with path.open("rb") as handle:
        uploaded = UploadedFile(title=title[:300])
        uploaded.file.save(name, File(handle), save=False)
    uploaded.save()
    return uploaded


def is_kept_file(path_or_url: str) -> bool:
    return Path(urlsplit(path_or_url).path).suffix.lower() in FILE_SUFFIXES
