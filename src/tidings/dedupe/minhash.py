"""Near-duplicate articles: MinHash signatures over word shingles, LSH bands, similarity."""

from __future__ import annotations

import functools
import hashlib
import re

import numpy as np

from tidings.dedupe.config import DedupeConfig

_WORD = re.compile(r"\w+", re.UNICODE)


def shingles(text: str, k: int = 5) -> list[bytes]:
    """Distinct k-word shingles of the lower-cased text (the whole text if it is shorter)."""
    words = _WORD.findall(text.casefold())
    if not words:
        return []
    if len(words) <= k:
        return [" ".join(words).encode("utf-8")]
    return list({" ".join(words[i : i + k]).encode("utf-8") for i in range(len(words) - k + 1)})


@functools.lru_cache(maxsize=4)
def _empty_minhash(num_perm: int, seed: int):
    """An empty MinHash to copy: its random permutations are drawn once, not per article."""
    from datasketch import MinHash

    return MinHash(num_perm=num_perm, seed=seed)


def signature(text: str, config: DedupeConfig) -> tuple[int, np.ndarray]:
    """(number of shingles, MinHash hash values as uint64) of an article text."""
    items = shingles(text, config.shingle_size)
    minhash = _empty_minhash(config.num_perm, config.seed).copy()
    if items:
        minhash.update_batch(items)
    return len(items), np.asarray(minhash.hashvalues, dtype=np.uint64)


def band_buckets(sig: np.ndarray, config: DedupeConfig) -> list[int]:
    """One 64-bit bucket per LSH band: articles sharing a bucket are candidate copies."""
    r = config.rows
    return [
        int.from_bytes(
            hashlib.blake2b(sig[b * r : (b + 1) * r].tobytes(), digest_size=8).digest(), "big"
        )
        for b in range(config.bands)
    ]


def similarity(sig_a: np.ndarray, n_a: int, sig_b: np.ndarray, n_b: int) -> tuple[float, float]:
    """(estimated Jaccard, estimated containment of the smaller shingle set in the larger)."""
    jaccard = float(np.mean(sig_a == sig_b))
    if n_a == 0 or n_b == 0:
        return jaccard, 0.0
    intersection = jaccard * (n_a + n_b) / (1.0 + jaccard)
    return jaccard, min(1.0, intersection / min(n_a, n_b))


def is_copy(jaccard: float, containment: float, n_a: int, n_b: int, config: DedupeConfig) -> bool:
    if min(n_a, n_b) < config.min_shingles:
        return jaccard >= max(config.jaccard_threshold, 0.9) and n_a > 0 and n_b > 0
    return jaccard >= config.jaccard_threshold or containment >= config.containment_threshold
