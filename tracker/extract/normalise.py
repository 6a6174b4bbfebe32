"""Character normalisation for the extractor, through tracker.chinese_text (the validator's too):
inserted pinyin is removed before the text is cut into paragraphs, characters are folded one
for one (traditional → simplified, full-width → ASCII) where the paragraphs are matched, and a
quote is cut from the text as given, through chinese_text's offset map."""

from __future__ import annotations

from ..chinese_text import Normalised, fold
from ..chinese_text import normalise as normalise_text


def normalise(text: str) -> str:
    """One character in, one character out (offsets survive): tracker.chinese_text.fold."""
    return fold(text)


def _traditional_pairs() -> dict[str, str]:
    from ..chinese_text import _fold_table

    return {chr(code): folded for code, folded in _fold_table().items()
            if "\u4e00" <= chr(code) <= "\u9fff" and len(folded) == 1 and folded != chr(code)}


# traditional character → its simplified form, as the extractor folds it (OpenCC's character table)
TRADITIONAL_TO_SIMPLIFIED = _traditional_pairs()


def without_inserted_pinyin(text: str) -> tuple[str, Normalised]:
    """The text with the pinyin a mirror site inserted after characters removed
    (算力規(guī)模 → 算力規模), unfolded, and the map back to `text`."""
    mapped = normalise_text(text)
    if not mapped.cuts:
        return text, mapped
    return "".join(text[mapped.original_index(i)] for i in range(len(mapped.text))), mapped


def original_span(source: Normalised | None, start: int, end: int) -> tuple[int, int]:
    """Where [start, end) of the text without pinyin stands in the text as given: a quote keeps
    the pinyin inside it (verbatim) and leaves out pinyin at its edges."""
    if source is None or not source.cuts:
        return start, end
    return source.original_span(start, end)
