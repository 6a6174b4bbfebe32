"""Status colours (Okabe–Ito, safe for colour-blind readers), badges and the legend."""

from dash import html

from tracker.status import STATUS_LABELS, STATUS_RULES, STATUSES

from .i18n import t

COLOURS = {
    "achieved": "#009E73",
    "on_track": "#56B4E9",
    "behind": "#E69F00",
    "no_trend": "#F0E442",
    "missed": "#D55E00",
    "inconclusive": "#0072B2",
    "awaiting_data": "#CC79A7",
    "no_data": "#999999",
}


def label(status: str, lang: str) -> str:
    zh, en = STATUS_LABELS[status]
    return zh if lang == "zh" else en


def badge(status: str, lang: str, hedged: bool = False, title: str | None = None) -> html.Span:
    return html.Span(label(status, lang) + (" *" if hedged else ""), className=f"badge status-{status}",
                     title=title or rule(status, lang))


def rule(status: str, lang: str) -> str:
    zh, en = STATUS_RULES[status]
    return zh if lang == "zh" else en


def legend(lang: str) -> html.Details:
    return html.Details(
        [html.Summary(t("legend", lang)),
         html.Ul([html.Li([badge(s, lang), " ", rule(s, lang)]) for s in STATUSES], className="legend"),
         html.P(t("hedged", lang), className="muted")],
        className="legend-box", open=True,
    )
