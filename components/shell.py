"""The frame around every page: title, navigation, language switch, the registry banner."""

from dash import dcc, html

from .i18n import t


def header() -> html.Header:
    return html.Header(
        [
            html.Div([html.Span("AI Targets Tracker", className="brand"),
                      html.Span(" · 人工智能目标追踪", className="brand-zh")]),
            html.Nav(
                [dcc.Link(label, href=href, id=f"nav-{name}", className="nav-link")
                 for name, label, href in (("overview", "Overview 总览", "/"),
                                           ("targets", "Targets 目标", "/targets"),
                                           ("places", "Places 地区", "/places"),
                                           ("sources", "Sources 来源", "/sources"),
                                           ("import", "Import 导入", "/import"))]
                + [dcc.Link("中文", href="/?lang=zh", id="lang-switch", className="nav-link lang")],
            ),
        ],
        className="top",
    )


def banner_for(result, lang: str = "en"):
    """A visible banner naming the registry's problems (file:line: message), if any, or
    saying that a newer registry is still loading (a large one takes minutes)."""
    if result.error is None:
        if result.loading and result.snapshot is not None:
            return html.Div(t("reloading", "en") + " / " + t("reloading", "zh"), className="banner",
                            id="registry-loading")
        return None
    lines = [str(p) for p in result.error.problems[:8]]
    more = len(result.error.problems) - len(lines)
    if more > 0:
        lines.append(f"… and {more} more")
    heading = t("banner", "en") + " / " + t("banner", "zh") if result.snapshot else t("no_registry", "en")
    return html.Div([html.Strong(heading), html.Pre("\n".join(lines))], className="banner", id="registry-error")
