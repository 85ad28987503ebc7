"""HTTP Signatures as the Fediverse uses them (draft-cavage-http-signatures-12, the way Mastodon
signs): RSA with SHA-256, ``keyId`` naming the actor's ``#main-key``, the signed headers listed in
``headers``, and a ``Digest: SHA-256=<base64>`` header binding the body.

``sign`` makes the headers for an outgoing request; ``parse`` and ``verify`` check an incoming
one. Pure functions over bytes and strings: no database, no network.
"""

import base64
import hashlib
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

#: What we sign: the request line, the host, the date, and (with a body) its digest.
SIGNED_GET = ("(request-target)", "host", "date")
SIGNED_POST = ("(request-target)", "host", "date", "digest")
ALGORITHMS = {"rsa-sha256", "hs2019"}  # hs2019: "decided by the key", RSA-SHA256 for RSA keys


class SignatureError(Exception):
    """The request's signature cannot be accepted; ``str(error)`` says why."""


def key_pair(bits: int = 2048) -> tuple[str, str]:
    """A new RSA key pair as PEM text: (private, public)."""
    private = rsa.generate_private_key(public_exponent=65537, key_size=bits)
    private_pem = private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    public_pem = (
        private.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    return private_pem, public_pem


def digest(body: bytes) -> str:
    """The value of the ``Digest`` header for ``body``."""
    return "SHA-256=" + base64.b64encode(hashlib.sha256(body).digest()).decode()


def http_date(moment: datetime) -> str:
    return format_datetime(moment, usegmt=True)


def signing_string(names: tuple[str, ...] | list[str], method: str, path: str, headers) -> str:
    """The lines that are signed. ``headers`` is read case-insensitively (lower-case keys)."""
    lines = []
    for name in names:
        if name == "(request-target)":
            lines.append(f"(request-target): {method.lower()} {path}")
        else:
            value = headers.get(name)
            if value is None:
                raise SignatureError(f"The signed header {name} is missing.")
            lines.append(f"{name}: {value.strip()}")
    return "\n".join(lines)


def sign(
    *,
    method: str,
    url_host: str,
    path: str,
    key_id: str,
    private_key_pem: str,
    now: datetime,
    body: bytes | None = None,
) -> dict[str, str]:
    """The headers that sign this request: Host, Date, Digest (with a body) and Signature."""
    headers = {"host": url_host, "date": http_date(now)}
    names = SIGNED_GET
    if body is not None:
        headers["digest"] = digest(body)
        names = SIGNED_POST
    private = serialization.load_pem_private_key(private_key_pem.encode(), password=None)
    text = signing_string(names, method, path, headers).encode()
    signature = base64.b64encode(private.sign(text, padding.PKCS1v15(), hashes.SHA256())).decode()
    headers["signature"] = (
        f'keyId="{key_id}",algorithm="rsa-sha256",headers="{" ".join(names)}",'
        f'signature="{signature}"'
    )
    return {name.title(): value for name, value in headers.items()}


@dataclass(frozen=True)
class Signature:
    key_id: str
    algorithm: str
    headers: tuple[str, ...]
    signature: bytes
    raw: str  # the header as it came, to remember it (replays)


_PARAMETER = re.compile(r'\s*([a-zA-Z]+)\s*=\s*"([^"]*)"\s*(?:,|$)')


def parse(header: str) -> Signature:
    """Read a ``Signature`` header (``keyId="…",algorithm="…",headers="…",signature="…"``)."""
    if not header or len(header) > 8000:
        raise SignatureError("The request is not signed.")
    parameters, position = {}, 0
    while position < len(header):
        match = _PARAMETER.match(header, position)
        if not match:
            raise SignatureError("The Signature header cannot be read.")
        parameters[match.group(1)] = match.group(2)
        position = match.end()
    if not parameters.get("keyId") or not parameters.get("signature"):
        raise SignatureError("The Signature header has no keyId or no signature.")
    algorithm = parameters.get("algorithm", "hs2019").lower()
    if algorithm not in ALGORITHMS:
        raise SignatureError(f"The algorithm {algorithm} is not accepted.")
    try:
        value = base64.b64decode(parameters["signature"], validate=True)
    except ValueError:
        raise SignatureError("The signature is not base64.") from None
    names = tuple(parameters.get("headers", "date").lower().split())
    return Signature(parameters["keyId"], algorithm, names, value, header)


def verify(
    signature: Signature,
    *,
    public_key_pem: str,
    method: str,
    path: str,
    headers,
    body: bytes,
    now: datetime,
    window: timedelta,
) -> None:
    """Raise ``SignatureError`` unless the request is signed by this key, covers the request
    line, the host, the date and (for a body) the digest, the digest matches the body, and the
    date is within ``window`` of ``now``. ``headers``: lower-case names."""
    required = SIGNED_POST if method.upper() == "POST" else SIGNED_GET
    missing = [name for name in required if name not in signature.headers]
    if missing:
        raise SignatureError(f"The signature does not cover {', '.join(missing)}.")
    try:
        sent = parsedate_to_datetime(headers.get("date", ""))
    except (TypeError, ValueError):
        raise SignatureError("The Date header cannot be read.") from None
    if sent is None or sent.tzinfo is None or abs(now - sent) > window:
        raise SignatureError("The Date header is too far from our clock (stale or replayed).")
    if "digest" in signature.headers or body:
        _check_digest(headers.get("digest", ""), body)
    text = signing_string(signature.headers, method, path, headers).encode()
    try:
        public = serialization.load_pem_public_key(public_key_pem.encode())
        public.verify(signature.signature, text, padding.PKCS1v15(), hashes.SHA256())
    except (InvalidSignature, ValueError, TypeError, AttributeError):
        raise SignatureError("The signature does not match.") from None


def _check_digest(header: str, body: bytes) -> None:
    """The ``Digest`` header (``SHA-256=…``, perhaps beside other algorithms) matches ``body``."""
    expected = digest(body).partition("=")[2]
    for part in header.split(","):
        algorithm, _, value = part.strip().partition("=")
        if algorithm.lower() == "sha-256":
            if value != expected:
                raise SignatureError("The Digest does not match the body.")
            return
    raise SignatureError("The request has no SHA-256 Digest.")
