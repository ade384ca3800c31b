"""underthesea's POS tagger, serialised and cached: which words are verbs, and where compounds are.

Word lists cannot tell a verb inside a body's name from the predicate after it; the tagger
knows far more Vietnamese verbs than our lists. It is not thread-safe, so calls are locked.
"""

from __future__ import annotations

import threading
from functools import lru_cache

from congvan.extractors.options import WINDOWS

_TAGGER_LOCK = threading.Lock()


@lru_cache(maxsize=4096)
def first_tag(text: str) -> str:
    """underthesea's POS tag of the first word of ``text`` ('V' for a verb)."""
    # underthesea loads its CRF model lazily into a global and is not thread-safe; the Prefect
    # flow runs letters in threads, so calls are serialised (they take ~3 ms).
    with _TAGGER_LOCK:
        from underthesea import pos_tag  # imported lazily: 0.3 s, only needed for unknown verbs

        tags = pos_tag(text)
    return tags[0][1] if tags else ""


@lru_cache(maxsize=8192)
def pos_words(text: str) -> tuple[tuple[str, str, int], ...]:
    """underthesea's (word, POS tag, offset in ``text``) for every word of ``text``.

    Word lists cannot tell a verb inside a body's name from the predicate after it; the tagger
    knows the verbs, and the offsets let the caller cut the text at the right character.
    """
    with _TAGGER_LOCK:
        from underthesea import pos_tag

        tags = pos_tag(text)
    words: list[tuple[str, str, int]] = []
    position = 0
    for word, tag in tags:
        offset = text.find(word, position)
        if offset < 0:
            break  # the tagger rewrote the text (rare): keep what we could place
        words.append((word, tag, offset))
        position = offset + len(word)
    return tuple(words)


@lru_cache(maxsize=4096)
def _compound_spans(text: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of the multi-syllable words the tagger segments in ``text``."""
    return tuple((offset, offset + len(word)) for word, _tag, offset in pos_words(text) if " " in word)


def _inside_word(text: str, i: int) -> bool:
    """Whether offset ``i`` falls inside a compound word ('công lập', 'công trình'): an action
    word there ('lập', 'trình') is a syllable of a noun, not the start of the predicate."""
    window_start = max(0, text.rfind(".", 0, i) + 1)
    window = text[window_start:i + WINDOWS.compound_word]
    return any(a < i - window_start < b for a, b in _compound_spans(window))
