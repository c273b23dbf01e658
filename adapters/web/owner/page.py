"""The owner's pages as HTML strings. Every value from the store goes through `e()` (customer text is
hostile); the layout, styles and forms are fixed strings. No script, no external asset."""
from __future__ import annotations

from datetime import datetime, timezone
from html import escape
from urllib.parse import quote, urlencode

NAV = (("", "Overview"), ("unanswered", "Unanswered"), ("conversations", "Conversations"), ("escalations", "Escalations"))
PERIODS = ("24h", "7d", "30d", "90d")


def e(value: object) -> str:
    return escape(str(value), quote=True)


def q(value: str) -> str:
    """A path segment: ids are the store's, but quoted all the same."""
    return quote(value, safe="")


def query(**values: str) -> str:
    return urlencode({k: v for k, v in values.items() if v})


def when(at: float) -> str:
    return datetime.fromtimestamp(at, tz=timezone.utc).strftime("%Y-%m-%d %H:%M") if at else ""


def layout(base: str, title: str, body: str, *, shop: str, active: str | None = None, csrf: str = "",
           heading: bool = True) -> str:
    nav = ""
    if active is not None:
        links = "".join(
            f'<a href="{base}/{path}"{" class=current" if path == active else ""}>{label}</a>' for path, label in NAV
        )
        signout = (f'<form method="post" action="{base}/signout" class="signout">'
                   f'<input type="hidden" name="csrf" value="{e(csrf)}"><button>Sign out</button></form>')
        nav = f"<nav>{links}{signout}</nav>"
    return (
        "<!doctype html><html lang=en><head><meta charset=utf-8>"
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{e(title)} · {e(shop)}</title>"
        f'<link rel="stylesheet" href="{base}/owner.css"></head><body>'
        f"<header><h1>{e(shop)} <small>owner's view</small></h1>{nav}</header>"
        f"<main>{f'<h2>{e(title)}</h2>' if heading else ''}{body}</main></body></html>"
    )


def table(header: list[str], rows: list[list[str]], *, raw_columns: frozenset[int] = frozenset()) -> str:
    """Cells are escaped, except in `raw_columns`, which callers fill with HTML they built escaped."""
    if not rows:
        return '<p class="empty">Nothing here yet.</p>'
    head = "".join(f"<th>{e(h)}</th>" for h in header)
    body = "".join(
        "<tr>" + "".join(f"<td>{cell if i in raw_columns else e(cell)}</td>" for i, cell in enumerate(row)) + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def period_form(base: str, path: str, since: str) -> str:
    options = "".join(f'<a href="{base}/{path}?since={p}"{" class=current" if p == since else ""}>{p}</a>' for p in PERIODS)
    return (f'<form method="get" action="{base}/{path}" class="period"><span>Period:</span> {options}'
            f'<input name="since" value="{e(since)}" size="12" aria-label="since (7d, 24h, 2w or a date)">'
            "<button>Show</button></form>")


def notice(text: str, kind: str = "ok") -> str:
    return f'<p class="notice {kind}" role="status">{e(text)}</p>' if text else ""


CSS = """
:root { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; color: #1d2430; background: #f5f6f8; }
body { margin: 0; }
header { background: #1f4e89; color: #fff; padding: 0.6rem 1.4rem; display: flex; flex-wrap: wrap; align-items: center;
  justify-content: space-between; gap: 0.6rem; }
header h1 { font-size: 1.15rem; margin: 0; } header small { font-weight: normal; opacity: 0.8; }
nav { display: flex; gap: 0.2rem; align-items: center; flex-wrap: wrap; }
nav a { color: #fff; text-decoration: none; padding: 0.35rem 0.7rem; border-radius: 4px; }
nav a.current, nav a:hover { background: rgba(255,255,255,0.18); }
nav form.signout button { background: transparent; color: #fff; border: 1px solid rgba(255,255,255,0.5); }
main { max-width: 1100px; margin: 1.2rem auto; padding: 0 1.2rem; }
h2 { font-size: 1.3rem; margin: 0.2rem 0 1rem; } h3 { font-size: 1.05rem; margin: 1.4rem 0 0.5rem; }
table { border-collapse: collapse; width: 100%; background: #fff; margin-bottom: 1rem; font-size: 0.92rem; }
th, td { text-align: left; padding: 0.4rem 0.6rem; border-bottom: 1px solid #e2e5ea; vertical-align: top; }
th { background: #eef1f5; font-weight: 600; }
table.figures th { width: 45%; background: #fff; font-weight: normal; } table.figures td { font-weight: 600; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(160px, 1fr)); gap: 0.7rem; margin-bottom: 1rem; }
.card { background: #fff; border-radius: 6px; padding: 0.7rem 0.9rem; box-shadow: 0 1px 2px rgba(0,0,0,0.08); }
.card .value { font-size: 1.45rem; font-weight: 700; } .card .name { color: #555; font-size: 0.85rem; }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(300px, 1fr)); gap: 1rem; }
svg.chart { width: 100%; height: auto; background: #fff; border-radius: 6px; }
form.period { display: flex; gap: 0.4rem; align-items: center; flex-wrap: wrap; margin-bottom: 1rem; }
form.period a { padding: 0.2rem 0.5rem; border-radius: 4px; background: #fff; color: #1f4e89; text-decoration: none;
  border: 1px solid #c9d3e0; } form.period a.current { background: #1f4e89; color: #fff; }
input, textarea, button { font: inherit; } input, textarea { padding: 0.35rem; border: 1px solid #b8c2cf; border-radius: 4px; }
textarea { width: 100%; box-sizing: border-box; }
button { background: #1f4e89; color: #fff; border: 0; border-radius: 4px; padding: 0.4rem 0.9rem; cursor: pointer; }
.topic { background: #fff; border-radius: 6px; padding: 0.6rem 1rem 1rem; margin-bottom: 1rem;
  box-shadow: 0 1px 2px rgba(0,0,0,0.08); }
.example { border-top: 1px solid #e2e5ea; padding-top: 0.6rem; margin-top: 0.6rem; }
.example .why { color: #8a4b00; font-size: 0.85rem; }
details summary { cursor: pointer; color: #1f4e89; margin-top: 0.4rem; }
form.answer label { display: block; margin: 0.5rem 0 0.2rem; font-size: 0.9rem; }
.notice { padding: 0.6rem 0.9rem; border-radius: 4px; } .notice.ok { background: #e3f4e6; } .notice.problem { background: #fbe4e4; }
.transcript .line { background: #fff; border-radius: 6px; padding: 0.5rem 0.8rem; margin: 0.4rem 0; max-width: 80%;
  white-space: pre-wrap; overflow-wrap: anywhere; }
.transcript .customer { margin-right: auto; } .transcript .bot { margin-left: auto; background: #e8eef7; }
.transcript .staff { margin-left: auto; background: #e9f5ea; } .meta { color: #666; font-size: 0.8rem; }
.signin { max-width: 360px; margin: 3rem auto; background: #fff; padding: 1.4rem; border-radius: 6px; }
.signin h2 { margin-top: 0; } .signin input { width: 100%; box-sizing: border-box; margin: 0.4rem 0 0.8rem; }
table.figures tr.sub th { padding-left: 1.8rem; color: #555; }
.answered { color: #1c6b2a; font-weight: 600; margin: 0.4rem 0 0; }
details.forget { margin-top: 1.5rem; } details.forget button { background: #9b1c1c; }
.empty { color: #666; } td { overflow-wrap: break-word; } td:first-child { white-space: nowrap; }
"""
