"""Near-duplicate detection: MinHash signatures over word shingles, banded for LSH.

The same wire story republished by another outlet, or a lightly edited copy,
must be linked to the copy we already hold (both are kept: the briefing counts
sources, and a reader may want either). Signatures use a stable hash (crc32), not
Python's per-process `hash()`, because bands are persisted in the store and
compared across processes.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from dataclasses import dataclass

import numpy as np

SHINGLE_WORDS = 5
PERMUTATIONS = 64
ROWS_PER_BAND = 4  # 16 bands of 4 rows: candidates from a Jaccard of about 0.5 upwards
JACCARD_THRESHOLD = 0.5
CONTAINMENT_THRESHOLD = 0.8  # a short copy almost wholly inside a longer one (a trimmed republication)

_PRIME = (1 << 31) - 1
_rng = np.random.RandomState(20250714)
_A = _rng.randint(1, _PRIME, size=PERMUTATIONS, dtype=np.int64).astype(np.uint64)
_B = _rng.randint(0, _PRIME, size=PERMUTATIONS, dtype=np.int64).astype(np.uint64)
_WORD = re.compile(r"\w+")
_SLICE = 50_000  # shingles hashed at a time (25 MB of table)


def shingles(text: str) -> set[int]:
    """Hashed overlapping word n-grams of the lower-cased text (the whole text if shorter)."""
    words = _WORD.findall(text.lower())
    if len(words) < SHINGLE_WORDS:
        return {zlib.crc32(" ".join(words).encode())} if words else set()
    return {
        zlib.crc32(" ".join(words[i : i + SHINGLE_WORDS]).encode())
        for i in range(len(words) - SHINGLE_WORDS + 1)
    }


def lsh_bands(shingle_set: set[int]) -> list[str]:
    """The LSH band buckets of a document, one string per band (empty for an empty text)."""
    if not shingle_set:
        return []
    x = np.fromiter(shingle_set, dtype=np.uint64, count=len(shingle_set)) % np.uint64(_PRIME)
    # a*x fits in 62 bits: both operands are below 2**31. In slices, so a huge text never
    # needs its whole shingles-by-permutations table at once (3 million shingles: 1.5 GB).
    signature = np.full(PERMUTATIONS, _PRIME, dtype=np.uint64)
    for i in range(0, len(x), _SLICE):
        np.minimum(signature, ((np.outer(x[i:i + _SLICE], _A) + _B) % np.uint64(_PRIME)).min(axis=0), out=signature)
    bands = signature.reshape(-1, ROWS_PER_BAND)
    return [hashlib.blake2b(row.tobytes(), digest_size=8).hexdigest() for row in bands]


@dataclass(frozen=True)
class Similarity:
    jaccard: float
    containment: float

    @property
    def is_near_duplicate(self) -> bool:
        return self.jaccard >= JACCARD_THRESHOLD or self.containment >= CONTAINMENT_THRESHOLD

    @property
    def score(self) -> float:
        return max(self.jaccard, self.containment)

    @property
    def kind(self) -> str:
        return "near-copy" if self.jaccard >= JACCARD_THRESHOLD else "contained"


def similarity(a: set[int], b: set[int]) -> Similarity:
    if not a or not b:
        return Similarity(0.0, 0.0)
    inter = len(a & b)
    return Similarity(inter / len(a | b), inter / min(len(a), len(b)))
