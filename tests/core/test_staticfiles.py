"""core.staticfiles: whitenoise's hashed storage, each address worked out once."""

import json

import pytest

from core.staticfiles import StaticFilesStorage


@pytest.fixture
def storage(tmp_path):
    def write_manifest(paths: dict[str, str]) -> None:
        manifest = {"paths": paths, "version": "1.1", "hash": "x"}
        (tmp_path / "staticfiles.json").write_text(json.dumps(manifest))

    write_manifest({"css/site.css": "css/site.abc123.css"})
    made = StaticFilesStorage(location=tmp_path, base_url="/static/")
    made.write_manifest = write_manifest
    return made


def test_the_address_is_the_hashed_one(storage):
    assert storage.url("css/site.css") == "/static/css/site.abc123.css"
    assert storage.url("css/site.css") == "/static/css/site.abc123.css"


def test_a_name_missing_from_the_manifest_is_still_refused(storage):
    with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
        storage.url("css/missing.css")
    with pytest.raises(ValueError):
        storage.url("css/missing.css")  # no failure remembered as an address


def test_collectstatic_forgets_the_remembered_addresses(storage):
    assert storage.url("css/site.css") == "/static/css/site.abc123.css"
    storage.write_manifest({"css/site.css": "css/site.def456.css"})
    list(storage.post_process({}, dry_run=True))  # what collectstatic runs
    storage.hashed_files, storage.manifest_hash = storage.load_manifest()
    assert storage.url("css/site.css") == "/static/css/site.def456.css"
