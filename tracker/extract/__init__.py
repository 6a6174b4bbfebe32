"""Proposing registry entries from a new text: `python -m tracker extract FILE|-`.

The extractor reads Chinese text (plain, or HTML with the markup stripped; simplified or
traditional script; full-width or ASCII punctuation) and proposes the quantitative claims it
finds as registry entries, each with a `confidence` and a `reason` for its kind. It is a set
of general rules about how Chinese plans and reports write numbers, not a model:

1. The text is cut into paragraphs (a line broken off mid-sentence, as OCR'd print does at a
   page or column break, is joined to the next), sentences (。！？) and clauses (，：；).
   Matching runs on a normalised copy: white space squeezed out, full-width forms made ASCII,
   common traditional characters made simplified. Every character of the copy remembers its
   offset in the text, so a quote is always an exact substring of the input.
2. Numbers: Arabic (1.9, 10,000), Chinese (二十五, 两, 千万亿), a magnitude alone (万卡,
   千亿级), a×10^n (also 5×1018 when OCR lost the superscript), ranges (10—15天: the low end),
   approximations (余, 多, 数百, 上百, 近千). Each needs a unit that tracker.units knows; a bare
   magnitude (用户1600万) takes its measure word from the metric. Dates, phone numbers,
   ISSN/CN numbers, issue and page numbers, list numbering, ordinals (第十二条), model names
   (Qwen2.5-7B) and a sentence cut off at the end of the text are not claims.
3. A claim must be about AI: its clause, sentence or paragraph carries an AI cue
   (人工智能, 算力, 大模型, 数据要素 …) or an alias of an AI metric; a claim whose only link to
   AI is the section it stands in is kept when a metric alias names what it counts.
4. Each claim gets a metric (the best alias of data/metrics.yaml in reach whose dimension
   fits the unit), a place (named in the sentence, else the actor's, else the nearest earlier
   one, else the document's main place), an actor, a comparator (超过 >, 达到 >=, 左右 ~ …),
   a deadline (到2027年, 今年底, 十五五) or a period (2025年1—8月, 截至2025年6月, 累计), and a
   kind: target when future cues (到2027年, 力争, 目标, 计划 …) outweigh report cues (已, 截至,
   累计, 同比, a past year …), else figure.
5. Growth rates (同比增长20%, 年均复合增长率20%以上) and ranks (全国第二, 居全省第二位) join the
   level they qualify, or stand alone; sub-targets after 其中/即 link part_of their parent.

`--merge` adds accepted candidates through tracker.edit.add_entry (validated, atomic,
comment-preserving) and flags duplicates and contradictions of entries already there. This
package never imports Dash.

One module per stage: normalise → html_text → catalogue → segment → numbers (mentions) →
times → context/attach (place, actor, metric) → kind → build (with its gates) → emit → merge
→ cli. Word lists live in words.py; every reason a number is dropped is a gate in gates.py.
"""


from .build import build_candidate
from .candidate import EXTRACT_ONLY_FIELDS, Candidate
from .catalogue import Catalogue, load_catalogue
from .cli import flags_from_registry, run_cli
from .emit import to_yaml
from .html_text import looks_like_html, plain_text
from .merge import conflicts, merge
from .normalise import normalise
from .numbers import non_claims, scan_numbers
from .pipeline import extract
from .segment import Document, Paragraph, read_document
from .times import TimeExpr, find_times
from .words import AI_CUE

__all__ = ["AI_CUE", "Candidate", "Catalogue", "Document", "EXTRACT_ONLY_FIELDS", "Paragraph",
           "TimeExpr", "build_candidate", "conflicts", "extract", "find_times", "flags_from_registry", "load_catalogue",
           "looks_like_html", "merge", "non_claims", "normalise", "plain_text", "read_document", "run_cli",
           "scan_numbers", "to_yaml"]
