"""What a path that is no page shows (Dash's router picks this module by its name); the server
answers it with HTTP 404 (app.py)."""

import dash
from dash import dcc, html

from components.i18n import t
from components.shell import page_title
from tracker.query import parse_query

dash.register_page(__name__, title=page_title("page_not_found"), name="Not found")


def layout(**params):
    lang = parse_query(params)[1]
    return html.Div([html.H1(t("page_not_found", lang), id="page-not-found"),
                     html.P(t("page_not_found_hint", lang), className="muted"),
                     dcc.Link(t("overview", lang), href="/?lang=zh" if lang == "zh" else "/")])
