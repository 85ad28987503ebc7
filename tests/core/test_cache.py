"""core.cache: one generation names everything kept; each process keeps copies of what it read."""

import pytest
from django.core.cache import cache
from django.db import transaction

from core import cache as kept

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_copies():
    kept.local_copies.clear()
    yield
    kept.local_copies.clear()


def test_an_entry_read_once_is_served_from_the_process_afterwards():
    cache.set("kept-test:a", {"html": "<p>kept</p>"})
    assert kept.get("kept-test:a") == {"html": "<p>kept</p>"}
    cache.delete("kept-test:a")
    assert kept.get("kept-test:a") == {"html": "<p>kept</p>"}


def test_put_writes_through_to_the_shared_cache_for_the_other_processes():
    kept.put("kept-test:b", "shared")
    assert cache.get("kept-test:b") == "shared"
    kept.local_copies.clear()  # another process
    assert kept.get("kept-test:b") == "shared"


def test_a_missing_entry_is_not_remembered():
    cache.delete("kept-test:c")
    assert kept.get("kept-test:c") is None
    cache.set("kept-test:c", "arrived")
    assert kept.get("kept-test:c") == "arrived"


def test_the_least_recently_used_copies_go_first(monkeypatch):
    monkeypatch.setattr(kept.local_copies, "max_entries", 2)
    for name in "xyz":
        cache.set(f"kept-test:{name}", name)
    kept.get("kept-test:x")
    kept.get("kept-test:y")
    kept.get("kept-test:x")  # x is now the most recent
    kept.get("kept-test:z")  # y goes
    cache.delete_many([f"kept-test:{name}" for name in "xyz"])
    assert kept.get("kept-test:x") == "x"
    assert kept.get("kept-test:z") == "z"
    assert kept.get("kept-test:y") is None


def test_a_bump_names_everything_anew_so_nothing_kept_before_is_read():
    built = []
    assert kept.kept("thing", lambda: built.append(1) or "first") == "first"
    assert kept.kept("thing", lambda: built.append(1) or "again") == "first"
    kept.bump()
    assert kept.kept("thing", lambda: built.append(1) or "second") == "second"
    assert built == [1, 1]


def test_a_lost_generation_starts_a_new_one_and_never_an_old_one():
    before = kept.generation()
    cache.delete(kept.STATE_KEY)  # Redis restarted, the files emptied
    assert kept.generation() != before


@pytest.mark.django_db(transaction=True)
def test_a_bump_inside_a_transaction_bumps_again_once_it_commits():
    seen = []
    with transaction.atomic():
        kept.bump()
        seen.append(kept.generation())
    assert kept.generation() != seen[0]  # a request between the two could have kept old rows


def test_parts_name_different_entries():
    assert kept.key("article", "/a/") != kept.key("article", "/b/")
    assert kept.key("article", "/a/") == kept.key("article", "/a/")
