"""Small shared pieces: empty states, count cards, a claim's citation."""

from dash import dcc, html

from tracker.frames import status_counts
from tracker.status import STATUSES

from .i18n import t
from .status import COLOURS, label, rule


def empty(message: str) -> html.Div:
    return html.Div(message, className="empty", role="status")


def status_cards(targets, lang: str, query_for) -> html.Div:
    """Counts by status; each card links to the view filtered to that status."""
    counts = status_counts(targets)
    return html.Div(
        [dcc.Link([html.Div(str(counts[s]), className="count"), html.Div(label(s, lang))],
                  href=query_for(s), className=f"card status-{s}", id=f"count-{s}", title=rule(s, lang),
                  style={"borderTopColor": COLOURS[s]})
         for s in STATUSES],
        className="cards",
    )


def citation(statement_source, quote: str, lang: str, date: str | None = None) -> html.Blockquote:
    parts = [html.Q(quote, className="quote"), html.Footer(
        [f"{t('source', lang)}: ", html.Span(statement_source.title if lang == "zh" else
                                              (statement_source.title_en or statement_source.title)),
         f" · {statement_source.publisher} · {statement_source.published}",
         f" · {statement_source.file}" if statement_source.file else "",
         f" · {date}" if date else ""])]
    return html.Blockquote(parts, className="citation")
