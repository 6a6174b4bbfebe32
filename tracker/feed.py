"""An Atom feed of the registry's changes: each target and figure as an entry, newest source
first, a figure's entry saying the status change it caused on the targets it counts against
("Hangzhou · Intelligent compute: awaiting data → achieved, 58 EFLOPS reported"). What a
journalist subscribes to: `/feed.atom`, or `/feed.atom?place=hangzhou&topic=compute`.

Entry ids are built from the claim's id, which never changes, so a reader never sees an entry
twice; a claim's `updated` is its first source's publication date."""

from __future__ import annotations

import datetime as dt
from xml.etree import ElementTree as ET

from .frames import Filters, filtered_claims
from .schema import date_start
from .status import STATUS_LABELS, compute_status, known_on

ATOM = "http://www.w3.org/2005/Atom"
FEED_ID = "tag:ai-targets-tracker,2025:registry"
MAX_ENTRIES = 100


def entries(snapshot, filters: Filters, lang: str = "en", limit: int = MAX_ENTRIES) -> list[dict]:
    """The newest `limit` claims in view as feed entries (dicts: id, title, summary, updated,
    link), newest source first."""
    targets, figures = filtered_claims(snapshot, filters)
    zh = lang == "zh"
    rows = [("target", r) for r in targets.to_dict("records")] + [("figure", r) for r in figures.to_dict("records")]
    rows.sort(key=lambda item: (str(item[1]["source_published"]), item[1]["id"]), reverse=True)
    changes = _status_changes(snapshot, [r["id"] for kind, r in rows[:limit] if kind == "figure"], lang)
    out = []
    for kind, row in rows[:limit]:
        place, metric = row["place_zh" if zh else "place_en"], row["metric_zh" if zh else "metric_en"]
        stated = _stated(row)
        if kind == "target":
            title = f"{place} · {metric}: {'新目标' if zh else 'new target'} {stated}"
            link = f"/target/{row['id']}"
        else:
            title = f"{place} · {metric}: {'报告' if zh else 'reported'} {stated}"
            link = f"/target/{changes[row['id']][0][0]}" if changes.get(row["id"]) else f"/targets?place={row['place']}"
        lines = [f"{label}" for _, label in changes.get(row["id"], [])]
        source = snapshot.sources[row["source"]]
        lines.append(f"“{row['quote']}” — {source.title if zh else (source.title_en or source.title)}")
        out.append({"id": f"tag:ai-targets-tracker,2025:{kind}/{row['id']}", "title": title,
                    "summary": "\n".join(lines), "updated": _timestamp(row["source_published"]), "link": link})
    return out


def _stated(row: dict) -> str:
    from .formatting import stated_value

    if row["measure"] == "level" or row["kind"] == "target":
        return stated_value(row["comparator"], row["value"], row["unit"])
    return str(row.get("growth") or row.get("rank") or "")


def _status_changes(snapshot, figure_ids: list[str], lang: str) -> dict[str, list[tuple[str, str]]]:
    """figure id → [(target id, "Place · metric: before → after")] for each target the figure
    counts against: the target's status on the day the figure's source was published, without
    and with that figure."""
    targets, figures = snapshot.entries("targets"), snapshot.entries("figures")
    if not figure_ids or targets is None or figures is None:
        return {}
    wanted = set(figure_ids)
    by_key: dict[tuple, list] = {}
    for figure in figures:
        if figure.scope == "whole":
            by_key.setdefault((figure.place, figure.metric, figure.actor), []).append(figure)
    names = snapshot.field("places", "name_zh" if lang == "zh" else "name_en")
    metrics = snapshot.field("metrics", "name_zh" if lang == "zh" else "name_en")
    word = 0 if lang == "zh" else 1
    changes: dict[str, list[tuple[str, str]]] = {}
    for target in targets:
        related = by_key.get((target.place, target.metric, target.actor), [])
        for figure in related:
            if figure.id not in wanted:
                continue
            day = known_on(figure, snapshot.sources)
            earlier = [f for f in related if f.id != figure.id and known_on(f, snapshot.sources) <= day]
            before = compute_status(target, earlier, snapshot.sources, day).status
            after = compute_status(target, earlier + [figure], snapshot.sources, day).status
            said = (f"{names[target.place]} · {metrics[target.metric]}: {STATUS_LABELS[before][word]}"
                    + (f" → {STATUS_LABELS[after][word]}" if after != before else
                       (f"（仍为{STATUS_LABELS[after][0]}）" if lang == "zh" else f" (still {STATUS_LABELS[after][1].lower()})")))
            changes.setdefault(figure.id, []).append((target.id, said))
    return changes


def _timestamp(published: str) -> str:
    return dt.datetime.combine(date_start(str(published)), dt.time(), dt.timezone.utc).isoformat().replace("+00:00", "Z")


def atom(snapshot, filters: Filters, base_url: str, self_url: str, lang: str = "en") -> bytes:
    """The feed as Atom XML (RFC 4287)."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    items = entries(snapshot, filters, lang)
    title = "AI 目标追踪：目标与数据更新" if lang == "zh" else "AI Targets Tracker: new targets and figures"
    ET.SubElement(feed, f"{{{ATOM}}}title").text = title
    ET.SubElement(feed, f"{{{ATOM}}}id").text = FEED_ID + (self_url.partition("?")[2] and f"?{self_url.partition('?')[2]}")
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = max((e["updated"] for e in items), default=_timestamp("2025"))
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=base_url.rstrip("/") + self_url)
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="alternate", href=base_url)
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = "AI Targets Tracker"
    for item in items:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        ET.SubElement(entry, f"{{{ATOM}}}id").text = item["id"]
        ET.SubElement(entry, f"{{{ATOM}}}title").text = item["title"]
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = item["updated"]
        ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", href=base_url.rstrip("/") + item["link"])
        ET.SubElement(entry, f"{{{ATOM}}}summary", type="text").text = item["summary"]
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)
