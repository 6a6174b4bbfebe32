"""Time: deadlines (到2027年, 十五五) and periods (截至…, 2025年1—8月, 累计)."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from .segment import Paragraph
from .words import QUARTERS, TIME_PATTERNS


@dataclass
class TimeExpr:
    start: int
    end: int
    text: str
    kind: str                  # deadline | period | either
    year: int | None = None
    deadline: dict | None = None
    period: dict | None = None
    cue: str = ""


def find_times(paragraph: Paragraph, year: int | None) -> list[TimeExpr]:
    s = paragraph.norm
    found: list[TimeExpr] = []
    # the spans taken, in order (they never overlap): a match overlaps one only if it overlaps
    # the last that starts before it ends (asking each was quadratic in a long window's times)
    starts: list[int] = []
    ends: list[int] = []
    for name, pattern, needs in TIME_PATTERNS:
        if needs is not None and not needs.search(s):
            continue
        for match in pattern.finditer(s):
            at = bisect.bisect_left(starts, match.end())
            if at and ends[at - 1] > match.start():
                continue
            expr = time_expr(name, match, year)
            if expr:
                found.append(expr)
                starts.insert(at, match.start())
                ends.insert(at, match.end())
    found.sort(key=lambda t: t.start)
    return found


def relative_year(rel: str | None, year: int | None) -> int | None:
    if rel in ("今年", "年底"):
        return year
    if rel == "去年":
        return year - 1 if year else None
    return None


def time_expr(name: str, match: re.Match, doc_year: int | None) -> TimeExpr | None:
    text = match.group()
    groups = match.groupdict()
    y = int(groups["y"]) if groups.get("y") else None
    if name == "asof":
        y = y or relative_year(groups.get("rel"), doc_year)
        end = None
        if y and groups.get("m"):
            end = f"{y}-{int(groups['m']):02d}" + (f"-{int(groups['d']):02d}" if groups.get("d") else "")
        elif y and groups.get("rel") != "目前":
            end = str(y)
        return TimeExpr(match.start(), match.end(), text, "period", y,
                        period={"start": None, "end": end, "kind": "point", "text": text}, cue="截至")
    if name == "months":
        y = y or relative_year(groups.get("rel"), doc_year) or doc_year
        m1, m2 = int(groups["m1"]), int(groups["m2"])
        if not (y and 1 <= m1 <= m2 <= 12):
            return None
        return TimeExpr(match.start(), match.end(), text, "period", y,
                        period={"start": f"{y}-{m1:02d}", "end": f"{y}-{m2:02d}", "kind": "range", "text": text},
                        cue=text)
    if name == "part":
        y = y or relative_year(groups.get("rel"), doc_year)
        if not y:
            return None
        part = groups["part"]
        first, last = QUARTERS.get(part, QUARTERS.get(part.lstrip("第"), (1, 12)))
        if part == "全年":
            return TimeExpr(match.start(), match.end(), text, "either", y,
                            deadline={"date": str(y), "precision": "year", "text": text},
                            period={"start": str(y), "end": str(y), "kind": "year", "text": text}, cue=text)
        return TimeExpr(match.start(), match.end(), text, "period", y,
                        period={"start": f"{y}-{first:02d}", "end": f"{y}-{last:02d}", "kind": "range", "text": text},
                        cue=text)
    if name in ("to", "before"):
        month = int(groups["m"]) if groups.get("m") else None
        if groups.get("pre") == "在" and not groups.get("end"):
            name = "year"  # 在2025年: no more than a year
        else:
            if month:
                deadline = {"date": f"{y}-{month:02d}", "precision": "month", "text": text}
            elif groups.get("end") or name == "before":
                deadline = {"date": f"{y}-12-31", "precision": "year_end", "text": text}
            else:
                deadline = {"date": str(y), "precision": "year", "text": text}
            if doc_year and y < doc_year:
                # 到2024年 in a 2026 text looks back: a report for that year
                return TimeExpr(match.start(), match.end(), text, "period", y,
                                period={"start": None, "end": str(y), "kind": "point", "text": text}, cue=f"past year {y}")
            return TimeExpr(match.start(), match.end(), text, "deadline", y, deadline=deadline, cue=text)
    if name == "this_year":
        if not doc_year:
            return None
        if groups.get("end") or groups.get("before") or text in ("年底前", "年内"):
            return TimeExpr(match.start(), match.end(), text, "deadline", doc_year,
                            deadline={"date": f"{doc_year}-12-31", "precision": "year_end", "text": text}, cue=text)
        return TimeExpr(match.start(), match.end(), text, "either", doc_year,
                        deadline={"date": str(doc_year), "precision": "year", "text": text},
                        period={"start": str(doc_year), "end": str(doc_year), "kind": "year", "text": text}, cue=text)
    if name == "plan":
        plan = groups["plan"]
        last = {"十四五": 2025, "十五五": 2030, "十六五": 2035}[plan]
        return TimeExpr(match.start(), match.end(), text, "either", last,
                        deadline={"date": str(last), "precision": "plan_period", "text": text},
                        period={"start": str(last - 4), "end": str(last), "kind": "range", "text": text}, cue=text)
    if name == "since":
        start = f"{y}-{int(groups['m']):02d}" if groups.get("m") else str(y)
        return TimeExpr(match.start(), match.end(), text, "period", y,
                        period={"start": start, "end": None, "kind": "cumulative", "text": text}, cue="以来")
    if name == "year":
        end = groups.get("end")
        if doc_year and y > doc_year:
            deadline = {"date": f"{y}-12-31" if end else str(y), "precision": "year_end" if end else "year", "text": text}
            return TimeExpr(match.start(), match.end(), text, "deadline", y, deadline=deadline, cue=text)
        period = ({"start": None, "end": str(y), "kind": "point", "text": text} if end
                  else {"start": str(y), "end": str(y), "kind": "year", "text": text})
        if doc_year and y < doc_year:
            return TimeExpr(match.start(), match.end(), text, "period", y, period=period, cue=f"past year {y}")
        deadline = {"date": f"{y}-12-31" if end else str(y), "precision": "year_end" if end else "year", "text": text}
        return TimeExpr(match.start(), match.end(), text, "either", y, deadline=deadline, period=period, cue=text)
    if name == "last_year":
        y = doc_year - 1 if doc_year else None  # 过去一年 in a work report: the year before it
        period = ({"start": str(y), "end": str(y), "kind": "year", "text": text} if y
                  else {"start": None, "end": None, "kind": "range", "text": text})
        return TimeExpr(match.start(), match.end(), text, "period", y, period=period, cue=text)
    if name == "cumulative":
        return TimeExpr(match.start(), match.end(), text, "period", None,
                        period={"start": None, "end": None, "kind": "cumulative", "text": text}, cue="累计")
    if name == "now":
        return TimeExpr(match.start(), match.end(), text, "period", None,
                        period={"start": None, "end": None, "kind": "point", "text": text}, cue=text)
    return None
