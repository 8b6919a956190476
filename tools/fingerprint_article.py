"""Write the fingerprint that lets the tests check for copied sentences.

The book may quote the article only briefly, in quotation marks or block
quotes. ``tests/book/test_prose.py`` checks every page against the set of hashed
11-word runs ("shingles") of the article, so the tests need no copy of the
article itself. Authors who have the article's text regenerate the file with:

    python -m tools.fingerprint_article ARTICLE.txt > tests/fixtures/article_shingles.txt
"""

from __future__ import annotations

import hashlib
import re
import sys
from pathlib import Path

SHINGLE = 11  # words: long enough that shared names and titles do not count


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def shingle_hash(run: list[str]) -> str:
    return hashlib.blake2b(" ".join(run).encode(), digest_size=6).hexdigest()


def shingles(text: str) -> set[str]:
    w = words(text)
    return {shingle_hash(w[i : i + SHINGLE]) for i in range(len(w) - SHINGLE + 1)}


if __name__ == "__main__":
    hashes = shingles(Path(sys.argv[1]).read_text(encoding="utf-8"))
    sys.stdout.write("".join(f"{h}\n" for h in sorted(hashes)))
