"""Near-duplicate articles: MinHash signatures over word shingles, LSH bands, similarity."""

from __future__ import annotations

import functools
import hashlib
import re

import numpy as np

from tidings.dedupe.config import DedupeConfig

_WORD = re.compile(r"\w+", re.UNICODE)


def _words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def shingles(text: str, k: int = 5) -> list[bytes]:
    """Distinct k-word shingles of the lower-cased text (the whole text if it is shorter); the
    signature hashes them without building them (:func:`shingle_hashes`)."""
    words = _words(text)
    if not words:
        return []
    if len(words) <= k:
        return [" ".join(words).encode("utf-8")]
    return list({" ".join(words[i : i + k]).encode("utf-8") for i in range(len(words) - k + 1)})


@functools.lru_cache(maxsize=4)
def _permutations(num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """The (a, b) of each of ``num_perm`` hash functions, drawn once per (num_perm, seed)."""
    rng = np.random.default_rng(seed)
    return _odd(rng, num_perm), rng.integers(0, 1 << 63, num_perm, dtype=np.uint64)


def _odd(rng: np.random.Generator, n: int) -> np.ndarray:
    """``n`` random odd 64-bit multipliers (odd: multiplying by one is a bijection mod 2^64)."""
    return rng.integers(0, 1 << 63, n, dtype=np.uint64) * np.uint64(2) + np.uint64(1)


def minhash_of_hashes(hashes: np.ndarray, num_perm: int, seed: int) -> np.ndarray:
    """For each of ``num_perm`` hash functions, the least value it gives any of ``hashes``
    (64-bit hashes of a set's items; repeats change nothing).

    Hash function i maps h to the top 32 bits of a_i * h + b_i mod 2^64 (a_i odd): multiply-shift
    hashing, a universal family whose high bits are the well-mixed ones. Written here rather
    than taken from a library so that a store's signatures do not change with a dependency's
    version (datasketch 2.0 changed its scheme).
    """
    if not len(hashes):
        return np.full(num_perm, _EMPTY, dtype=np.uint64)
    a, b = _permutations(num_perm, seed)
    mixed = hashes[:, None] * a + b  # unsigned arrays wrap: mod 2^64
    return (mixed >> np.uint64(32)).min(axis=0)


_EMPTY = (1 << 32) - 1  # the signature of no shingles: above every 32-bit hash value


def _hash64(data: bytes) -> int:
    return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "little")


def _fmix64(x: np.ndarray) -> np.ndarray:
    """MurmurHash3's 64-bit finaliser: every input bit reaches every output bit."""
    x = x ^ (x >> np.uint64(33))
    x = x * np.uint64(0xFF51AFD7ED558CCD)
    x = x ^ (x >> np.uint64(33))
    x = x * np.uint64(0xC4CEB9FE1A85EC53)
    return x ^ (x >> np.uint64(33))


@functools.lru_cache(maxsize=4)
def _position_weights(k: int) -> np.ndarray:
    """Weights of the word positions in a shingle's hash (odd, fixed): "a b" and "b a" differ."""
    return _odd(np.random.default_rng(20251128), k)


def shingle_hashes(text: str, k: int = 5) -> np.ndarray:
    """64-bit hashes of the k-word shingles of the lower-cased text (the whole text if it is
    shorter), one per position: the hashes of :func:`shingles`, computed from one BLAKE2b
    hash per distinct word instead of one per shingle."""
    words = _words(text)
    if not words:
        return np.empty(0, dtype=np.uint64)
    vocabulary: dict[str, int] = {}
    codes = np.fromiter((vocabulary.setdefault(w, len(vocabulary)) for w in words), dtype=np.int64,
                        count=len(words))  # fmt: skip
    per_word = np.fromiter((_hash64(w.encode("utf-8")) for w in vocabulary), dtype=np.uint64,
                           count=len(vocabulary))[codes]  # fmt: skip
    width = min(k, len(words))
    count = len(words) - width + 1
    weights = _position_weights(width)
    combined = np.zeros(count, dtype=np.uint64)
    for j in range(width):  # unsigned arrays wrap: a sum mod 2^64
        combined += per_word[j : j + count] * weights[j]
    return _fmix64(combined)


def signature(text: str, config: DedupeConfig) -> tuple[int, np.ndarray]:
    """(number of distinct shingles, MinHash hash values as uint64) of an article text."""
    hashes = shingle_hashes(text, config.shingle_size)
    return len(np.unique(hashes)), minhash_of_hashes(hashes, config.num_perm, config.seed)


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
