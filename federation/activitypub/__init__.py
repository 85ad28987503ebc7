"""The blog as an ActivityPub actor: Mastodon and the rest of the Fediverse follow it, receive
its posts as Articles, and answer them; their answers come home as comments (docs/federation.md)."""
