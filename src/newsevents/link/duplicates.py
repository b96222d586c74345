"""Near-duplicate documents by MinHash LSH over word shingles of the body.

The same wire story republished under another title, by another outlet or in another format
keeps most of its word 3-grams; two different stories about the same incident share few.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from datasketch import MinHash, MinHashLSH

SHINGLE = 3  # words per shingle
NUM_PERM = 128  # MinHash permutations: estimate error about 1/sqrt(128) ~ 0.09
# Jaccard of 3-word shingles above which two bodies are one story. Set on the dev set: the two
# republished pairs score 0.83 (one paragraph dropped, one word changed, another title and
# outlet), the closest pair of different stories (two outlets on the same strike) 0.06. 0.5 sits
# between them with room for the MinHash estimate error and for heavier rewrites.
DUPLICATE_JACCARD = 0.5
# Two bodies from the same outlet must be nearly identical: an outlet's stories share
# boilerplate (sign-offs, background paragraphs) that different stories can have in common.
SAME_OUTLET_JACCARD = 0.8
MIN_WORDS = 20  # shorter bodies (captions, stubs) are never called duplicates


def shingles(text: str, size: int = SHINGLE) -> set[str]:
    """Normalized word shingles: case, accents, quotation marks and punctuation ignored."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    words = re.findall(r"\w+", folded)
    if len(words) < size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


def signature(text: str) -> MinHash | None:
    """The MinHash of a body, or None when it is too short to compare."""
    if len(text.split()) < MIN_WORDS:
        return None
    minhash = MinHash(num_perm=NUM_PERM, seed=1)
    # one vectorized update for all shingles (same result as updating one at a time)
    minhash.update_batch([shingle.encode("utf-8") for shingle in shingles(text)])
    return minhash


@dataclass(slots=True)
class Seen:
    """What the index remembers of a document: enough to pick the earliest copy."""

    doc_id: str
    published: str | None
    source: str | None
    order: int
    minhash: MinHash


class DuplicateIndex:
    """An LSH index of the documents seen so far."""

    def __init__(self) -> None:
        self.lsh = MinHashLSH(threshold=DUPLICATE_JACCARD, num_perm=NUM_PERM)
        self.seen: dict[str, Seen] = {}

    def add(self, doc_id: str, text: str, published: str | None, source: str | None) -> str | None:
        """Index a document; return the id of the earliest earlier copy of it, if any."""
        if doc_id in self.seen:
            return None
        minhash = signature(text)
        if minhash is None:
            return None
        copies: list[Seen] = []
        for other_id in self.lsh.query(minhash):
            other = self.seen[other_id]
            similarity = minhash.jaccard(other.minhash)
            needed = SAME_OUTLET_JACCARD if source and source == other.source else DUPLICATE_JACCARD
            if similarity >= needed:
                copies.append(other)
        self.seen[doc_id] = Seen(doc_id, published, source, len(self.seen), minhash)
        self.lsh.insert(doc_id, minhash)
        if not copies:
            return None
        earliest = min(copies, key=lambda s: (s.published or "9999", s.order))
        return earliest.doc_id
