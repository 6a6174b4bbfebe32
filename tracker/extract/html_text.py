"""HTML to plain text: blocks become lines, headings `# ` lines, scripts and styles dropped."""

from __future__ import annotations

import html.parser
import re
from typing import Any

# ---------------------------------------------------------------------------------------------
# HTML
# ---------------------------------------------------------------------------------------------

_HTML_HINT = re.compile(r"<\s*(?:!doctype|html|body|head|p|div|br|span|h[1-6]|table|td|li|article|section)\b", re.I)
_BLOCK_TAGS = {"p", "div", "br", "li", "tr", "td", "th", "section", "article", "header", "footer", "table",
               "ul", "ol", "blockquote", "title", "dd", "dt", "pre", "hr", "h1", "h2", "h3", "h4", "h5", "h6"}
_SKIP_TAGS = {"script", "style", "noscript", "template"}


class _TextOfHtml(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in _SKIP_TAGS:
            self.skipping += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")
            if re.fullmatch(r"h[1-6]", tag):
                self.parts.append("# ")

    def handle_startendtag(self, tag: str, attrs: Any) -> None:
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data.replace("\n", " "))


def looks_like_html(text: str) -> bool:
    return bool(_HTML_HINT.search(text[:5000]))


def plain_text(text: str) -> str:
    """The text itself, or for HTML its text with the markup stripped (blocks become lines,
    headings `# ` lines, entities decoded, scripts and styles dropped)."""
    if not looks_like_html(text):
        return text
    parser = _TextOfHtml()
    parser.feed(text)
    parser.close()
    lines = [line.strip() for line in "".join(parser.parts).replace("\xa0", " ").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"
