"""A stand-in Mastodon for the ActivityPub tests: a real HTTP server on loopback (``web_server``)
with its own RSA key pair, serving its actor document and avatar as Mastodon does, recording what
is delivered to its inboxes, and signing its requests the way Mastodon signs them
(draft-cavage-http-signatures: rsa-sha256, ``keyId`` = the actor's ``#main-key``, the signed
headers ``(request-target) host date digest content-type``, ``Digest: SHA-256=<base64>``).

Its signing and checking are written here, apart from ``federation.activitypub.signatures``: a
test that signed with our own code would pass whatever that code does.
"""

import base64
import hashlib
import itertools
import json
import re
from email.utils import format_datetime

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from django.utils import timezone

from tests.factories import jpeg_bytes
from tests.webserver import Reply

PUBLIC = "https://www.w3.org/ns/activitystreams#Public"
BLOG_HOST = "blog.example"
_counter = itertools.count(1)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


_keys: dict = {}


def _key_for(username: str):
    """A 2048-bit key as Mastodon makes, one per stand-in account for the whole test run (making
    one takes a while on a loaded machine)."""
    if username not in _keys:
        _keys[username] = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return _keys[username]


class StandInMastodon:
    def __init__(self, web_server, username: str = "alice", name: str = "Alice Example"):
        self.server = web_server
        self.username, self.name = username, name
        self.key = _key_for(username)
        self.public_pem = (
            self.key.public_key()
            .public_bytes(
                serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
            )
            .decode()
        )
        self.inbox_status = 202
        web_server.route(f"/users/{username}", handler=self._actor_reply)
        web_server.route(
            f"/system/avatars/{username}.jpg", body=jpeg_bytes(200, 200), content_type="image/jpeg"
        )
        web_server.route("/inbox", handler=self._inbox_reply)
        web_server.route(f"/users/{username}/inbox", handler=self._inbox_reply)

    # --- What it serves ---------------------------------------------------------------------
    @property
    def origin(self) -> str:
        return self.server.url("").rstrip("/")

    @property
    def actor_uri(self) -> str:
        return f"{self.origin}/users/{self.username}"

    @property
    def key_id(self) -> str:
        return f"{self.actor_uri}#main-key"

    @property
    def handle(self) -> str:
        return f"@{self.username}@{self.server.host}"

    def actor_document(self) -> dict:
        # The shape of a Mastodon 4 actor (the fields we read, and a few we do not).
        return {
            "@context": [
                "https://www.w3.org/ns/activitystreams",
                "https://w3id.org/security/v1",
                {
                    "manuallyApprovesFollowers": "as:manuallyApprovesFollowers",
                    "toot": "http://joinmastodon.org/ns#",
                },
            ],
            "id": self.actor_uri,
            "type": "Person",
            "following": f"{self.actor_uri}/following",
            "followers": f"{self.actor_uri}/followers",
            "inbox": f"{self.actor_uri}/inbox",
            "outbox": f"{self.actor_uri}/outbox",
            "featured": f"{self.actor_uri}/collections/featured",
            "preferredUsername": self.username,
            "name": self.name,
            "summary": "<p>Reads blogs.</p>",
            "url": f"{self.origin}/@{self.username}",
            "manuallyApprovesFollowers": False,
            "discoverable": True,
            "published": "2022-11-05T00:00:00Z",
            "publicKey": {
                "id": self.key_id,
                "owner": self.actor_uri,
                "publicKeyPem": self.public_pem,
            },
            "tag": [],
            "attachment": [],
            "endpoints": {"sharedInbox": f"{self.origin}/inbox"},
            "icon": {
                "type": "Image",
                "mediaType": "image/jpeg",
                "url": f"{self.origin}/system/avatars/{self.username}.jpg",
            },
        }

    def _actor_reply(self, request) -> Reply:
        return Reply(
            body=json.dumps(self.actor_document()).encode(),
            content_type="application/activity+json; charset=utf-8",
        )

    def _inbox_reply(self, request) -> Reply:
        return Reply(status=self.inbox_status, body=b"")

    def deliveries(self) -> list:
        """Requests our blog POSTed to its inboxes, oldest first."""
        return [r for r in self.server.requests if r.method == "POST" and r.path.endswith("inbox")]

    def delivered_activities(self) -> list[dict]:
        return [json.loads(request.body) for request in self.deliveries()]

    # --- Checking our signature as Mastodon would --------------------------------------------
    @staticmethod
    def signature_is_valid(request, public_pem: str) -> bool:
        params = dict(re.findall(r'(\w+)="([^"]*)"', request.headers["signature"]))
        names = params["headers"].split()
        if not {"(request-target)", "host", "date", "digest"} <= set(names):
            return False
        if request.headers["digest"] != "SHA-256=" + _b64(hashlib.sha256(request.body).digest()):
            return False
        lines = [
            f"(request-target): {request.method.lower()} {request.path}"
            if name == "(request-target)"
            else f"{name}: {request.headers[name]}"
            for name in names
        ]
        key = serialization.load_pem_public_key(public_pem.encode())
        try:
            key.verify(
                base64.b64decode(params["signature"]),
                "\n".join(lines).encode(),
                padding.PKCS1v15(),
                hashes.SHA256(),
            )
        except Exception:
            return False
        return True

    # --- Sending to the blog, signed as Mastodon signs -------------------------------------
    def signed_headers(
        self,
        body: bytes,
        *,
        path: str = "/fediverse/inbox",
        date=None,
        digest_of: bytes | None = None,
        key=None,
    ) -> dict:
        date = format_datetime(date or timezone.now(), usegmt=True)
        digest = "SHA-256=" + _b64(
            hashlib.sha256(body if digest_of is None else digest_of).digest()
        )
        content_type = "application/activity+json"
        signed = "\n".join(
            [
                f"(request-target): post {path}",
                f"host: {BLOG_HOST}",
                f"date: {date}",
                f"digest: {digest}",
                f"content-type: {content_type}",
            ]
        )
        signature = _b64(
            (key or self.key).sign(signed.encode(), padding.PKCS1v15(), hashes.SHA256())
        )
        return {
            "HTTP_HOST": BLOG_HOST,
            "HTTP_DATE": date,
            "HTTP_DIGEST": digest,
            "HTTP_SIGNATURE": (
                f'keyId="{self.key_id}",algorithm="rsa-sha256",'
                f'headers="(request-target) host date digest content-type",signature="{signature}"'
            ),
        }

    def post(self, client, activity: dict, **signing):
        body = json.dumps(activity).encode()
        return client.post(
            "/fediverse/inbox",
            data=body,
            content_type="application/activity+json",
            **self.signed_headers(body, **signing),
        )

    def new_id(self, what: str = "statuses") -> str:
        return f"{self.actor_uri}/{what}/{next(_counter)}"

    # --- Activities as Mastodon writes them --------------------------------------------------
    def follow(self, blog_actor: str) -> dict:
        return {
            "@context": "https://www.w3.org/ns/activitystreams",
            "id": f"{self.origin}/{next(_counter)}",
            "type": "Follow",
            "actor": self.actor_uri,
            "object": blog_actor,
        }

    def undo(self, activity: dict) -> dict:
        inner = {key: value for key, value in activity.items() if key != "@context"}
        return {
            "@context": "https://www.w3.org/ns/activitystreams",
            "id": f"{activity['id']}/undo",
            "type": "Undo",
            "actor": self.actor_uri,
            "object": inner,
        }

    def note(
        self, *, in_reply_to: str, text: str, blog_actor: str, note_id: str | None = None
    ) -> dict:
        note_id = note_id or self.new_id()
        return {
            "id": note_id,
            "type": "Note",
            "summary": None,
            "inReplyTo": in_reply_to,
            "published": "2026-12-01T12:00:00Z",
            "url": f"{self.origin}/@{self.username}/{note_id.rsplit('/', 1)[-1]}",
            "attributedTo": self.actor_uri,
            "to": [PUBLIC],
            "cc": [f"{self.actor_uri}/followers", blog_actor],
            "sensitive": False,
            "content": (
                f'<p><span class="h-card" translate="no"><a href="https://{BLOG_HOST}/" '
                f'class="u-url mention">@<span>blog</span></a></span> {text}</p>'
            ),
            "contentMap": {"en": f"<p>{text}</p>"},
            "attachment": [],
            "tag": [{"type": "Mention", "href": blog_actor, "name": f"@blog@{BLOG_HOST}"}],
        }

    def create(self, note: dict) -> dict:
        return {
            "@context": ["https://www.w3.org/ns/activitystreams"],
            "id": f"{note['id']}/activity",
            "type": "Create",
            "actor": self.actor_uri,
            "published": note["published"],
            "to": note["to"],
            "cc": note["cc"],
            "object": note,
        }

    def update(self, note: dict) -> dict:
        return {
            **self.create(note),
            "id": f"{note['id']}#updates/{next(_counter)}",
            "type": "Update",
        }

    def delete(self, note_id: str) -> dict:
        return {
            "@context": "https://www.w3.org/ns/activitystreams",
            "id": f"{note_id}#delete",
            "type": "Delete",
            "actor": self.actor_uri,
            "to": [PUBLIC],
            "object": {"id": note_id, "type": "Tombstone", "atomUri": note_id},
        }

    def like(self, object_id: str) -> dict:
        return {
            "@context": "https://www.w3.org/ns/activitystreams",
            "id": f"{self.actor_uri}#likes/{next(_counter)}",
            "type": "Like",
            "actor": self.actor_uri,
            "object": object_id,
        }

    def announce(self, object_id: str) -> dict:
        status = self.new_id()
        return {
            "@context": "https://www.w3.org/ns/activitystreams",
            "id": f"{status}/activity",
            "type": "Announce",
            "actor": self.actor_uri,
            "published": "2026-12-01T12:00:00Z",
            "to": [PUBLIC],
            "cc": [f"{self.actor_uri}/followers"],
            "object": object_id,
        }
