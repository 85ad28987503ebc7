"""A stand-in for Google's OAuth 2 endpoints, served on loopback for the browser tests.

- GET  /o/oauth2/auth          the consent page: "Allow" sends the browser back with a code
- POST /o/oauth2/token         exchanges that code (and the client secret) for an access token
- GET  /oauth2/v3/userinfo     the profile, for that token

`StandInGoogleOAuth2` is social-core's Google backend with the user-info address read from a
setting too (social-core reads the other two from settings already); the browser test puts it in
AUTHENTICATION_BACKENDS in its own settings only.
"""

import html
import json
import secrets
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

from social_core.backends.google import GoogleOAuth2

PROFILE = {
    "sub": "108000000000000000042",
    "email": "ada@example.com",
    "email_verified": True,
    "name": "Ada Lovelace",
    "given_name": "Ada",
    "family_name": "Lovelace",
}


class StandInGoogleOAuth2(GoogleOAuth2):
    """Google, with the user-info endpoint from SOCIAL_AUTH_GOOGLE_OAUTH2_USERINFO_URL."""

    def user_data(self, access_token, *args, **kwargs):
        response = self.get_json(
            self.setting("USERINFO_URL"), headers={"Authorization": f"Bearer {access_token}"}
        )
        self.validate_email_verified(response)
        return response


class StandInGoogle:
    """The provider's three endpoints on 127.0.0.1; records what it was asked."""

    def __init__(self, client_id: str, client_secret: str, profile: dict | None = None):
        self.client_id, self.client_secret = client_id, client_secret
        self.profile = profile or PROFILE
        self.codes: dict[str, str] = {}  # code -> redirect_uri
        self.tokens: set[str] = set()
        self.seen: list[str] = []
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def answer(self, status, body, content_type="application/json", headers=()):
                data = body.encode()
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                for name, value in headers:
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                url = urlsplit(self.path)
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                if url.path != "/favicon.ico":
                    provider.seen.append(f"GET {url.path}")
                if url.path == "/o/oauth2/auth":
                    self.answer(200, provider.consent_page(query), "text/html; charset=utf-8")
                elif url.path == "/o/oauth2/approve":
                    code = secrets.token_urlsafe(12)
                    provider.codes[code] = query["redirect_uri"]
                    back = (
                        query["redirect_uri"]
                        + "?"
                        + urlencode({"state": query["state"], "code": code})
                    )
                    self.answer(302, "", headers=[("Location", back)])
                elif url.path == "/oauth2/v3/userinfo":
                    token = self.headers.get("Authorization", "").removeprefix("Bearer ")
                    if token not in provider.tokens:
                        self.answer(401, '{"error": "invalid_token"}')
                    else:
                        self.answer(200, json.dumps(provider.profile))
                else:
                    self.answer(404, "{}")

            def do_POST(self):
                url = urlsplit(self.path)
                provider.seen.append(f"POST {url.path}")
                length = int(self.headers.get("Content-Length") or 0)
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                good = (
                    url.path == "/o/oauth2/token"
                    and form.get("client_id") == provider.client_id
                    and form.get("client_secret") == provider.client_secret
                    and provider.codes.pop(form.get("code", ""), None) == form.get("redirect_uri")
                )
                if not good:
                    self.answer(400, '{"error": "invalid_grant"}')
                    return
                token = secrets.token_urlsafe(16)
                provider.tokens.add(token)
                self.answer(
                    200,
                    json.dumps({"access_token": token, "token_type": "Bearer", "expires_in": 3599}),
                )

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def consent_page(self, query: dict) -> str:
        assert query.get("client_id") == self.client_id, query
        approve = "/o/oauth2/approve?" + urlencode(
            {"redirect_uri": query["redirect_uri"], "state": query["state"]}
        )
        return (
            "<!doctype html><html lang=en><title>Stand-in Google</title>"
            "<h1>Broadsheet asks for the name and e-mail of "
            f"{html.escape(self.profile['email'])}</h1>"
            f'<a id="allow" href="{html.escape(approve)}">Allow</a>'
        )

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
