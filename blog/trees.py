"""Rows of a tree (pages, categories: ``parent_id``) arranged for templates, in Python."""


def nest(rows: list, *, keep=lambda row: True) -> list:
    """The roots of ``rows``, each row given ``nested`` (its children, in the order of ``rows``).

    A row stays when ``keep(row)`` or when a row under it stays (so an empty parent still shows
    the way to its children); a row whose parent is not among ``rows`` becomes a root."""
    by_pk = {row.pk: row for row in rows}
    for row in rows:
        row.nested = []
    roots = []
    for row in rows:
        parent = by_pk.get(row.parent_id)
        (parent.nested if parent is not None else roots).append(row)

    def pruned(level: list) -> list:
        kept = []
        for row in level:
            row.nested = pruned(row.nested)
            if row.nested or keep(row):
                kept.append(row)
        return kept

    return pruned(roots)
