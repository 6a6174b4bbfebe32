"""Reading a text file as text, whatever it was saved in: UTF-8 (with or without BOM), UTF-16 (with
or without BOM), GBK/GB18030 or Big5, as Chinese government pages and their mirrors are saved.
A binary file (PDF, image, Word document, archive) is refused in one line that names it.

The one place `tracker extract`, `tracker add-source` and the quote check read a text from bytes.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
         (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
# what a binary file starts with, and what to call it
_SIGNATURES = ((b"%PDF-", "a PDF"), (b"\x89PNG\r\n\x1a\n", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"),
               (b"GIF87a", "a GIF image"), (b"GIF89a", "a GIF image"), (b"PK\x03\x04", "a ZIP archive or Word/Excel file"),
               (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "a Word/Excel file"), (b"\x1f\x8b", "a gzip archive"),
               (b"BM", None), (b"\x7fELF", "a program"), (b"RIFF", "a media file"), (b"Rar!", "a RAR archive"),
               (b"7z\xbc\xaf\x27\x1c", "a 7z archive"))
# the legacy encodings tried first once UTF-8 and UTF-16 are ruled out: GB18030 (a superset of
# GBK and GB2312) and Big5; unrestricted, charset-normalizer takes a short GBK sentence for Korean
_CHINESE_ENCODINGS = ["gb18030", "big5"]


# what a decoded text should hardly ever hold: control characters (but tab, line and page
# breaks) and the replacement character
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\ufffd]")


class NotText(ValueError):
    """A file that is not text (or in no encoding that fits it)."""


def _refuse(name: str, what: str | None = None) -> NotText:
    return NotText(f"{name}: not a text file (it looks like {what or 'a binary file'}); save it as text first")


def decode_text(data: bytes, name: str) -> str:
    """The text of a file's bytes. Raises NotText (a ValueError) for a binary file."""
    for signature, what in _SIGNATURES:
        if data.startswith(signature) and (what or b"\x00" in data[:64]):
            raise _refuse(name, what)
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return check_is_text(data.decode(codec), name)
            except UnicodeDecodeError:
                raise _refuse(name) from None
    try:
        return check_is_text(data.decode("utf-8"), name)
    except UnicodeDecodeError:
        pass
    text = _utf16_without_bom(data)
    if text is not None:
        return check_is_text(text, name)
    if b"\x00" in data:
        raise _refuse(name)
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=_CHINESE_ENCODINGS).best() or from_bytes(data).best()
    if best is None:
        raise _refuse(name)
    return check_is_text(str(best), name)


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 saved without its BOM: the zero bytes of its ASCII characters (digits, line breaks)
    all fall on one side of each pair, which a binary file's do not."""
    if len(data) < 4 or len(data) % 2:
        return None
    even, odd = data[0::2].count(0), data[1::2].count(0)
    codec = "utf-16-le" if odd and not even else "utf-16-be" if even and not odd else None
    if codec is None:
        return None
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        return None


def check_is_text(text: str, name: str) -> str:
    """`text` itself, or NotText when control characters say it was decoded from a binary file."""
    control = len(_CONTROL.findall(text))
    if control > max(2, len(text) // 200):
        raise _refuse(name)
    return text


def read_text_file(path: str | Path) -> str:
    """The decoded text of a file (OSError if it cannot be read, NotText if it is not text)."""
    return decode_text(Path(path).read_bytes(), str(path))


def read_input(file: str) -> str:
    """The text of FILE, or of standard input for `-` (as bytes, so its encoding is found too)."""
    if file == "-":
        return decode_text(sys.stdin.buffer.read(), "standard input")
    return read_text_file(file)
