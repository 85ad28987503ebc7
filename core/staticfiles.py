"""Static files in production: whitenoise's compressed, hashed storage, addresses remembered."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """Remembers the hashed address of each name it is asked for.

    Every page asks for the same few addresses (``{% static %}``), and the manifest they come
    from is read once when the process starts, so an address cannot change while the process
    runs; working it out again (manifest look-up, quoting, joining) cost about 25 µs a time.
    ``collectstatic`` forgets them, since it rewrites the manifest.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._urls: dict[str, str] = {}

    def url(self, name, force=False):
        if force:
            return super().url(name, force)
        try:
            return self._urls[name]
        except KeyError:
            url = self._urls[name] = super().url(name)
            return url

    def post_process(self, *args, **kwargs):
        self._urls.clear()
        yield from super().post_process(*args, **kwargs)
        self._urls.clear()
