"""core.localcache: a process's own copies of cache entries that never change under their key."""

from django.core.cache import cache

from core.localcache import ImmutableEntries


def test_an_entry_read_once_is_served_from_the_process_afterwards():
    entries = ImmutableEntries()
    cache.set("localcache-test:a", {"html": "<p>kept</p>"})
    assert entries.get("localcache-test:a") == {"html": "<p>kept</p>"}
    cache.delete("localcache-test:a")
    assert entries.get("localcache-test:a") == {"html": "<p>kept</p>"}


def test_set_writes_through_to_the_shared_cache_for_the_other_processes():
    ImmutableEntries().set("localcache-test:b", "shared", timeout=60)
    assert cache.get("localcache-test:b") == "shared"
    assert ImmutableEntries().get("localcache-test:b") == "shared"  # another process


def test_a_missing_entry_is_not_remembered():
    entries = ImmutableEntries()
    cache.delete("localcache-test:c")
    assert entries.get("localcache-test:c") is None
    cache.set("localcache-test:c", "arrived")
    assert entries.get("localcache-test:c") == "arrived"


def test_the_least_recently_used_copies_go_first():
    entries = ImmutableEntries(max_entries=2)
    for name in "xyz":
        cache.set(f"localcache-test:{name}", name)
    entries.get("localcache-test:x")
    entries.get("localcache-test:y")
    entries.get("localcache-test:x")  # x is now the most recent
    entries.get("localcache-test:z")  # y goes
    cache.delete_many([f"localcache-test:{name}" for name in "xyz"])
    assert entries.get("localcache-test:x") == "x"
    assert entries.get("localcache-test:z") == "z"
    assert entries.get("localcache-test:y") is None
