"""A Chinese text in the one form the extractor and the validator match against, with a map back
to the text as written, so a quote found in the normalised form is cut verbatim from the original.

`normalise(text)` does, in this order:
- removes pinyin inserted after characters by mirror sites: 算力規(guī)模達(dá)到 → 算力規模達到 (only
  Latin syllables with a tone mark or tone digit, in ASCII or full-width parentheses, right after
  a Han character; (EFLOPS), (2025—2027年), (以下简称…), (亿元) stay), and zero-width characters;
- folds characters one for one: traditional to simplified with OpenCC's character table (per
  character, never its phrase table, which can change a clause's length: 家具 → 傢俱), full-width
  ASCII forms to ASCII, the ideographic and other odd spaces to a space, Kangxi radicals and
  compatibility ideographs (PDF text) to the ordinary characters, superscript digits, dashes.

Only the removals change offsets; `Normalised.original_span` undoes them.
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from dataclasses import dataclass, field

# ---------------------------------------------------------------------------------------------
# One character in, one character out
# ---------------------------------------------------------------------------------------------

# Characters OpenCC's table maps but that simplified text uses in their own right (all in GB2312),
# where the per-character choice would change a word: 乾坤 is not 干坤, 哪吒 not 哪咤, 蒜薹 not 蒜苔.
_KEEP = "乾吒薹袷榘醣麴"
# The blocks whose characters OpenCC's table or NFKC may change: CJK (with extension A and B),
# Kangxi radicals, CJK radicals supplement, compatibility ideographs (and their supplement).
_HAN_BLOCKS = ((0x2E80, 0x2FE0), (0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00),
               (0x20000, 0x2A6E0), (0x2F800, 0x2FA20))
_PUNCTUATION = {"–": "—", "―": "—", "‒": "—", "〜": "~", "﹪": "%", "﹣": "-", "∶": ":"}
_SPACES = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"


@functools.lru_cache(maxsize=1)
def _fold_table() -> dict[int, str]:
    """The translation table: built once (~0.1 s), from OpenCC's t2s character conversion."""
    import opencc

    converter = opencc.OpenCC("t2s")
    chars = [chr(code) for start, stop in _HAN_BLOCKS for code in range(start, stop)]
    # NFKC first: ⽅ (Kangxi radical) → 方, 﨑 (compatibility) → 崎; only where it stays one character
    unified = []
    for char in chars:
        folded = unicodedata.normalize("NFKC", char)
        unified.append(folded if len(folded) == 1 else char)
    # One character per line: the phrase table never matches across a line break, so each
    # character gets the character table's first choice, and the line count says it stayed 1:1.
    simplified = converter.convert("\n".join(unified)).split("\n")
    if len(simplified) != len(chars):
        raise RuntimeError("OpenCC's t2s conversion changed the number of lines")
    table: dict[int, str] = {}
    for char, middle, final in zip(chars, unified, simplified):
        target = final if len(final) == 1 else middle
        if target != char and char not in _KEEP:
            table[ord(char)] = target
    table.update({code: chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)})  # full-width ASCII
    table.update({ord(c): " " for c in _SPACES})
    table.update({ord(c): d for c, d in zip("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")})
    table.update({ord(c): r for c, r in _PUNCTUATION.items()})
    return table


def fold(text: str) -> str:
    """The one-for-one part of normalisation (same length, same offsets): traditional to
    simplified, full-width to ASCII, odd spaces to spaces."""
    return text.translate(_fold_table())


# ---------------------------------------------------------------------------------------------
# What is removed: inserted pinyin, zero-width characters
# ---------------------------------------------------------------------------------------------

_TONE_MARKED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_LETTERS = f"a-zü{_TONE_MARKED}\u0300-\u036f"  # combining marks: tones typed decomposed
_SYLLABLE = rf"[{_LETTERS}]+[1-5]?"
_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_INSERTED_PINYIN = re.compile(rf"(?<=[{_HAN}])[(（]\s*({_SYLLABLE}(?:[\s'’-]+{_SYLLABLE})*)\s*[)）]")
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
# a pinyin syllable's shape, tones removed: optional initial, then a final
_PINYIN_SHAPE = re.compile(r"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?(?:iang|iong|uang|ueng|iao|ian|ing|uai|uan|"
                           r"ang|eng|ong|van|ai|ei|ao|ou|an|en|er|ia|ie|iu|in|ua|uo|ui|un|ue|ve|vn|a|o|e|i|u|v)")


def _is_pinyin(content: str) -> bool:
    """guī, gui1, guī mó: every syllable shaped like pinyin, at least one with its tone."""
    syllables = re.split(r"[\s'’-]+", content)
    toned = False
    for syllable in syllables:
        if syllable[-1] in "12345" or any(c in _TONE_MARKED or "\u0300" <= c <= "\u036f" for c in syllable):
            toned = True
        bare = "".join(c for c in unicodedata.normalize("NFD", syllable.rstrip("12345"))
                       if not unicodedata.combining(c)).replace("ü", "v")
        if not _PINYIN_SHAPE.fullmatch(bare):
            return False
    return toned


def _removals(text: str) -> list[tuple[int, int]]:
    spans = [m.span() for m in _INSERTED_PINYIN.finditer(text) if _is_pinyin(m.group(1))]
    spans += [m.span() for m in _ZERO_WIDTH.finditer(text)]
    return sorted(spans)


# ---------------------------------------------------------------------------------------------
# The normalised text and its way back
# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Normalised:
    """`text`: what to match against; `original`: the text as given. Offsets are mapped through
    the removals only (`cuts`: positions in `text` after which characters were removed;
    `shifts`: how many, in total, up to and including that cut)."""
    text: str
    original: str
    cuts: tuple[int, ...] = field(default=(), repr=False)
    shifts: tuple[int, ...] = field(default=(), repr=False)

    def original_index(self, index: int) -> int:
        """Where the character at `index` of `text` stands in `original` (an index equal to
        len(text) maps to len(original))."""
        if index >= len(self.text):
            return len(self.original) - (len(self.text) - index)
        at = bisect.bisect_right(self.cuts, index) - 1
        return index + (self.shifts[at] if at >= 0 else 0)

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The span of `original` that `text[start:end]` was made from: it starts at the first
        character's origin and ends after the last one's, so removed pinyin inside the span is
        kept (a quote is verbatim) and removed pinyin at its edges is left out."""
        if end <= start:
            at = self.original_index(start)
            return at, at
        return self.original_index(start), self.original_index(end - 1) + 1

    def original_text(self, start: int, end: int) -> str:
        """The original text of the normalised span: the verbatim quote."""
        first, last = self.original_span(start, end)
        return self.original[first:last]


def normalise(text: str) -> Normalised:
    """`text` with inserted pinyin and zero-width characters removed and its characters folded
    (traditional → simplified, full-width → ASCII, odd spaces → spaces), with the offset map."""
    removals = _removals(text)
    if not removals:
        return Normalised(fold(text), text)
    parts, cuts, shifts = [], [], []
    at = removed = kept = 0
    for start, end in removals:
        if start < at:
            continue
        parts.append(text[at:start])
        kept += start - at
        removed += end - start
        cuts.append(kept)
        shifts.append(removed)
        at = end
    parts.append(text[at:])
    return Normalised(fold("".join(parts)), text, tuple(cuts), tuple(shifts))
