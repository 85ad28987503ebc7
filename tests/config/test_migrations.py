"""The migration history is one clean line per app, and applies from an empty database.

Nothing is released yet, so the history was regenerated from empty; these tests keep it so: no
merge migrations, no two leaves, no model change without its migration. The test database itself
is built by applying every migration from empty (on SQLite, and on PostgreSQL in CI's second run);
``test_every_migration_applies_from_empty_and_back`` does it once more on its own, both ways.
"""

import io

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader

OUR_APPS = ["accounts", "blog", "comments", "subscriptions", "wordpress"]


def our_graph():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return loader.graph


@pytest.mark.parametrize("app", OUR_APPS)
def test_each_app_has_one_line_of_migrations_without_merges(app):
    graph = our_graph()
    nodes = [key for key in graph.nodes if key[0] == app]
    leaves = graph.leaf_nodes(app)
    assert len(leaves) == 1, f"{app} has several leaves: {leaves}"
    for key in nodes:
        same_app_parents = [p for p in graph.node_map[key].parents if p.key[0] == app]
        assert len(same_app_parents) <= 1, f"{key} merges {same_app_parents}"
        assert "merge" not in key[1], f"{key} is a merge migration"


@pytest.mark.django_db
def test_no_model_change_is_missing_its_migration():
    out = io.StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    assert "No changes detected" in out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_every_migration_applies_from_empty_and_back():
    """Unapply our apps to zero, then apply everything again: the same schema comes back."""
    tables_before = set(connection.introspection.table_names())
    for app in reversed(OUR_APPS):
        call_command("migrate", app, "zero", verbosity=0)
    remaining = set(connection.introspection.table_names())
    assert not {t for t in remaining if t.split("_")[0] in OUR_APPS}
    call_command("migrate", verbosity=0)
    assert set(connection.introspection.table_names()) == tables_before
    executor = MigrationExecutor(connection)
    assert executor.migration_plan(executor.loader.graph.leaf_nodes()) == []
    ContentType.objects.clear_cache()  # the rows came back with new ids
