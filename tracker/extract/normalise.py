"""Character normalisation for the extractor: the seam to tracker.chinese_text, the one module
the extractor and the quote validator share (OpenCC's traditional → simplified table used one
character at a time, full-width forms, odd spaces, Kangxi radicals; inserted pinyin removed
with an offset map back to the text as written)."""

from __future__ import annotations

from .. import chinese_text


def normalise(text: str) -> str:
    """One character in, one character out (offsets survive): traditional → simplified,
    full-width → ASCII."""
    return chinese_text.fold(text)


def normalise_with_offsets(text: str, offsets: list[int]) -> tuple[str, list[int], dict[int, int]]:
    """`text` normalised with inserted pinyin removed (算力規(guī)模 → 算力规模), the offset in the
    original of each character left (`offsets` gives each character of `text`'s own), and
    where each index of `text` now stands (for the indices that mark a place in it)."""
    folded = chinese_text.normalise(text)
    if len(folded.text) == len(text):
        return folded.text, offsets, {}
    kept = [folded.original_index(i) for i in range(len(folded.text))]
    moved: dict[int, int] = {}
    j = 0
    for old in range(len(text) + 1):
        while j < len(kept) and kept[j] < old:
            j += 1
        moved[old] = j
    return folded.text, [offsets[k] for k in kept], moved
