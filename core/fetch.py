"""Outgoing HTTP that a visitor can cause: webmentions, ActivityPub, media from an import.

Every such request goes through ``fetch``, which keeps the network rules in one place:

- http and https only, no user name or password in the address;
- the host must resolve to public addresses only: never private, loopback, link-local,
  reserved or multicast ones (a visitor must not make the server call its own network). The
  connection goes to the address that was checked, so a second DNS answer cannot swap it;
- at most ``max_redirects`` redirects (GET and HEAD only), each one checked again;
- at most ``max_bytes`` of body and ``timeout`` seconds for the whole request, slow bodies included.

Tests talk to servers they start on loopback: ``FETCH_ALLOW_LOOPBACK = True`` lets loopback
addresses (and only those) through. Nothing else loosens the rules.
"""

import ipaddress
import socket
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import certifi
import urllib3
from django.conf import settings

DEFAULT_MAX_BYTES = 1_000_000
DEFAULT_TIMEOUT = 10.0
REDIRECTS = {301, 302, 303, 307, 308}


class FetchError(Exception):
    """A request that gave no usable answer; ``reason`` says why in a sentence."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class FetchRefused(FetchError):
    """We will not make this request (the address, the size, the redirects): do not retry."""


class FetchFailed(FetchError):
    """The network failed us (refused, reset, timed out): a later try may work."""


@dataclass(frozen=True)
class Fetched:
    url: str  # the address that answered, after any redirects
    status: int
    headers: urllib3.HTTPHeaderDict  # case-insensitive; ``headers.getlist("Link")``
    body: bytes

    @property
    def content_type(self) -> str:
        """The media type, lowercase, without parameters: "text/html"."""
        return self.headers.get("Content-Type", "").split(";")[0].strip().lower()

    @property
    def text(self) -> str:
        charset = "utf-8"
        for parameter in self.headers.get("Content-Type", "").split(";")[1:]:
            name, _, value = parameter.partition("=")
            if name.strip().lower() == "charset" and value.strip():
                charset = value.strip().strip('"')
        try:
            return self.body.decode(charset, errors="replace")
        except LookupError:
            return self.body.decode("utf-8", errors="replace")


def fetch(
    url: str,
    *,
    method: str = "GET",
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    timeout: float = DEFAULT_TIMEOUT,
    max_redirects: int = 3,
) -> Fetched:
    """Make one request within the network rules (see the module) and return the answer, whatever
    its status. Raises ``FetchRefused`` or ``FetchFailed`` (both ``FetchError``)."""
    deadline = time.monotonic() + timeout
    method = method.upper()
    for _hop in range(max_redirects + 1):
        answer = _request_once(url, method, body, headers or {}, max_bytes, deadline)
        location = answer.headers.get("Location")
        if answer.status not in REDIRECTS or not location or method not in {"GET", "HEAD"}:
            return answer
        url = urljoin(url, location.strip())
    raise FetchRefused(f"More than {max_redirects} redirects.")


def check_address(url: str) -> None:
    """Raise ``FetchRefused`` unless ``url`` is one ``fetch`` would request (without resolving it
    twice, ``fetch`` does the same itself; this is for refusing early, e.g. in a form)."""
    _target(url)


def _target(url: str) -> tuple[str, str, int, str, str]:
    """(scheme, host, port, the checked address to connect to, the path with its query)."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise FetchRefused(f"Not a web address: {error}.") from None
    scheme = parts.scheme.lower()
    if scheme not in {"http", "https"}:
        raise FetchRefused("Only http and https addresses are fetched.")
    if parts.username or parts.password:
        raise FetchRefused("Addresses with a user name or password are not fetched.")
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise FetchRefused("The address has no host.")
    port = port or (443 if scheme == "https" else 80)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return scheme, host, port, _public_address(host, port), path


def _public_address(host: str, port: int) -> str:
    try:
        answers = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise FetchFailed(f"The host {host} was not found.") from None
    addresses = [ipaddress.ip_address(answer[4][0].split("%")[0]) for answer in answers]
    if not addresses:
        raise FetchFailed(f"The host {host} was not found.")
    for address in addresses:
        if not _allowed(address):
            raise FetchRefused(f"{host} is a private or local address; it is not fetched.")
    return str(addresses[0])


def _allowed(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    if address.is_loopback:
        return bool(getattr(settings, "FETCH_ALLOW_LOOPBACK", False))
    return address.is_global and not address.is_multicast


def _request_once(url, method, body, headers, max_bytes, deadline) -> Fetched:
    scheme, host, port, address, path = _target(url)
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise FetchFailed("The request took too long.")
    timeout = urllib3.Timeout(connect=min(remaining, 5.0), read=remaining)
    if scheme == "https":
        pool = urllib3.HTTPSConnectionPool(
            address,
            port,
            timeout=timeout,
            retries=False,
            server_hostname=host,
            assert_hostname=host,
            cert_reqs="CERT_REQUIRED",
            ca_certs=certifi.where(),
        )
    else:
        pool = urllib3.HTTPConnectionPool(address, port, timeout=timeout, retries=False)
    default_port = 443 if scheme == "https" else 80
    sent_headers = {
        "Host": host if port == default_port else f"{host}:{port}",
        "User-Agent": f"Broadsheet (+{settings.SITE_URL})",
        "Accept-Encoding": "identity",
        **headers,
    }
    try:
        response = pool.urlopen(
            method,
            path,
            body=body,
            headers=sent_headers,
            redirect=False,
            preload_content=False,
            decode_content=False,
        )
        try:
            data = _read_body(response, max_bytes, deadline)
        finally:
            response.release_conn()
    except urllib3.exceptions.HTTPError as error:
        raise FetchFailed(f"{host} did not answer: {type(error).__name__}.") from None
    finally:
        pool.close()
    return Fetched(url=url, status=response.status, headers=response.headers, body=data)


def _read_body(response, max_bytes: int, deadline: float) -> bytes:
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise FetchRefused(f"The answer is larger than {max_bytes:,} bytes.")
    chunks, size = [], 0
    while True:
        if time.monotonic() > deadline:
            raise FetchFailed("The answer took too long.")
        chunk = response.read1(65536)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > max_bytes:
            raise FetchRefused(f"The answer is larger than {max_bytes:,} bytes.")
        chunks.append(chunk)
