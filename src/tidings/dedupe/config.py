"""Dedupe settings: how near is near; saved in the store so every step agrees."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from tidings.store import Store


SIGNATURE_SCHEME = "word-blake2b-fmix64-multiply-shift"  # change it when minhash.py's hashing changes


@dataclass(frozen=True)
class DedupeConfig:
    """How near is near.  Saved in ``dedupe_settings`` so that the per-ingest step and a full
    ``tidings dedupe`` always agree; change it with ``tidings dedupe --date-window ...``.

    ``bands`` x ``rows`` <= ``num_perm``: with 42 bands of 3 rows a pair at Jaccard 0.5 becomes a
    candidate with probability 0.996, one at 0.1 with 0.04 (candidates are then checked).
    """

    num_perm: int = 128
    shingle_size: int = 5  # words per shingle
    seed: int = 1
    bands: int = 42
    rows: int = 3
    jaccard_threshold: float = 0.5  # same story, lightly edited
    containment_threshold: float = 0.8  # a trimmed copy: most of the shorter text in the longer
    min_shingles: int = 20  # below this a text is too short to call anything a copy of it
    date_window_days: int = 2  # reports dated up to this many days apart can be one event

    def __post_init__(self) -> None:
        if self.bands * self.rows > self.num_perm:
            raise ValueError(
                f"dedupe config: bands x rows ({self.bands} x {self.rows}) exceeds num_perm "
                f"({self.num_perm}); lower bands or rows"
            )
        if not 0 < self.jaccard_threshold <= 1 or not 0 < self.containment_threshold <= 1:
            raise ValueError("dedupe config: thresholds must be in (0, 1]")
        if self.date_window_days < 0:
            raise ValueError("dedupe config: date_window_days must be >= 0")

    @property
    def signature_params(self) -> str:
        """What a stored signature depends on; signatures made otherwise are recomputed
        (``update_dedupe``). ``scheme`` names the hashing of ``minhash.py`` (``shingle_hashes``, ``minhash_of_hashes``)."""
        return f"perm={self.num_perm};k={self.shingle_size};seed={self.seed};scheme={SIGNATURE_SCHEME}"

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> DedupeConfig:
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in json.loads(text).items() if k in known})


def load_config(store: Store) -> DedupeConfig:
    row = store.con.execute(
        "SELECT value FROM dedupe_settings WHERE name = ?", ["config"]
    ).fetchone()
    return DedupeConfig.from_json(row[0]) if row else DedupeConfig()


def save_config(store: Store, config: DedupeConfig) -> None:
    store.con.execute(
        "INSERT INTO dedupe_settings VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value",
        ["config", config.to_json()],
    )
