"""What an import found in the file, what it did with it, and what it could not convert."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

# The rows of the summary table, in order: (counter key, label).
ROWS = [
    ("author", "authors"),
    ("category", "categories"),
    ("tag", "tags"),
    ("post", "posts"),
    ("page", "pages"),
    ("attachment", "attachments"),
    ("comment", "comments"),
    ("pingback", "pingbacks"),
    ("trackback", "trackbacks"),
    ("webmention", "webmentions"),
    ("fediverse", "Fediverse replies"),
]


@dataclass
class ImportReport:
    dry_run: bool = False
    in_file: Counter = field(default_factory=Counter)
    created: Counter = field(default_factory=Counter)
    existing: Counter = field(default_factory=Counter)
    skipped: Counter = field(default_factory=Counter)
    details: Counter = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)
    #: per item (post, page, attachment): each file it needed and could not have, and why
    missing_media: dict[str, dict[str, str]] = field(default_factory=dict)
    skipped_items: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def problem(self, where: str, what: str) -> None:
        self.problems.append(f"{where}: {what}")

    def skip(self, where: str, why: str) -> None:
        """An item of the file that was not imported, and why (each is named in the summary)."""
        self.skipped_items.append(f"{where}: {why}")

    def missing(self, where: str, url: str, reason: str = "") -> None:
        self.missing_media.setdefault(where, {}).setdefault(url, reason)

    @property
    def changed(self) -> int:
        return sum(self.created.values())

    def as_text(self) -> str:
        verb = "would create" if self.dry_run else "created"
        width = max(len(label) for _, label in ROWS)
        lines = [
            "Dry run: nothing was written." if self.dry_run else "WordPress import finished.",
            *(f"Warning: {warning}." for warning in self.warnings),
            *(f"{note}." for note in self.notes),
            f"{'':{width}}  {'in file':>8}  {verb:>12}  {'already here':>12}  {'skipped':>8}",
        ]
        for key, label in ROWS:
            lines.append(
                f"{label:{width}}  {self.in_file[key]:>8}  {self.created[key]:>12}"
                f"  {self.existing[key]:>12}  {self.skipped[key]:>8}"
            )
        other = {key: n for key, n in self.skipped.items() if key.startswith("type:")}
        if other:
            lines.append(
                "other items skipped: "
                + ", ".join(f"{key[5:]} {n}" for key, n in sorted(other.items()))
            )
        if self.details:
            lines.append(
                "of those: " + ", ".join(f"{n} {key}" for key, n in sorted(self.details.items()))
            )
        if self.skipped_items:
            lines.append(f"Not imported ({len(self.skipped_items)}):")
            lines.extend(f"  - {item}" for item in self.skipped_items)
        if self.problems:
            lines.append(f"Could not convert ({len(self.problems)}):")
            lines.extend(f"  - {problem}" for problem in self.problems)
        if self.missing_media:
            files = {url for urls in self.missing_media.values() for url in urls}
            lines.append(
                f"Missing media, not imported ({len(files)} files, in "
                f"{len(self.missing_media)} items; pages show the alt text or caption instead):"
            )
            for where, urls in self.missing_media.items():
                lines.append(f"  {where}:")
                for url, reason in urls.items():
                    lines.append(f"    - {url}" + (f": {reason}" if reason else ""))
        return "\n".join(lines)
