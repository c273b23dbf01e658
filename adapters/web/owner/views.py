"""The owner's pages: overview, unanswered questions, conversations with transcripts, escalations,
and the CSV downloads. Every figure comes from core/metrics (`read_report` + `summary`), the same
query layer as `csbot report`."""
from __future__ import annotations

from aiohttp import web

from adapters.web.owner.auth import SESSION
from adapters.web.owner.chart import day_chart
from adapters.web.owner.masking import mask
from adapters.web.owner.page import e, layout, notice, period_form, q, query, table, when
from core.desk.hours import next_opening
from core.metrics import Period, parse_period, read_report
from core.metrics.conversations import conversation, escalations, find_conversations
from core.metrics.export import export_csv
from core.metrics.queries import Dialect
from core.metrics.rows import summary, view
from core.metrics.unanswered import read_unanswered
from core.shop.answered import answered

HEADLINE = ("conversations", "resolved by the bot", "handed to staff", "customer rating")
EXAMPLES = 5  # per topic on the unanswered page


class Views:
    def __init__(self, hub, base: str, quiet_hours: float) -> None:
        self.hub = hub
        self.base = base
        self.quiet_hours = quiet_hours
        self.reader = None  # a read-only connection of its own, when the store is a SQLite file (app.py)

    @property
    def store(self):
        return self.reader or self.hub.store

    def page(self, request: web.Request, title: str, body: str, active: str) -> web.Response:
        html = layout(self.base, title, body, shop=self.hub.pack.name, active=active, csrf=request[SESSION].csrf)
        return web.Response(text=html, content_type="text/html", charset="utf-8")

    @staticmethod
    def _period(request: web.Request) -> tuple[Period, str, str]:
        since = request.query.get("since", "7d").strip()[:40] or "7d"
        try:
            return parse_period(since), since, ""
        except ValueError as error:
            return parse_period("7d"), "7d", str(error)

    async def _report(self, request: web.Request, examples: int = 3):
        period, since, problem = self._period(request)
        hours = self.hub.pack.hours
        open_now = (lambda at: next_opening(hours, at) is None) if hours is not None else None
        report = await read_report(self.store, period, quiet_hours=self.quiet_hours, open_now=open_now,
                                   examples=examples)
        return report, since, problem

    async def overview(self, request: web.Request) -> web.Response:
        report, since, problem = await self._report(request)
        figures = summary(report)
        values = dict(figures)
        cards = "".join(f'<div class="card"><div class="value">{e(values[n])}</div><div class="name">{e(n)}</div></div>'
                        for n in HEADLINE)
        # "  while staff are at work" belongs to the line above it: indented, as in the terminal
        rows = "".join(f'<tr{" class=sub" if name.startswith(" ") else ""}><th>{e(name)}</th><td>{e(value)}</td></tr>'
                       for name, value in figures)
        breakdowns = "".join(f"<div><h3>By {e(by)}</h3>{table(*view(report, by))}</div>"
                             for by in ("platform", "language", "reason"))
        top = report.unanswered[:5]
        unanswered = table(["topic", "unanswered"], [[t.topic, str(t.count)] for t in top])
        downloads = (f'<p>Download for this period: <a href="{self.base}/export/conversations.csv?{query(since=since)}">'
                     f'conversations.csv</a> · <a href="{self.base}/export/ratings.csv?{query(since=since)}">ratings.csv</a></p>')
        body = (
            period_form(self.base, "", since) + notice(problem, "problem")
            + f'<p class="meta">{e(report.period.label())}</p>'
            + f'<div class="cards">{cards}</div>'
            + f"<h3>Conversations per day</h3>{day_chart(report.by_day)}"
            + f'<h3>Figures</h3><table class="figures">{rows}</table>'
            + f'<div class="grid">{breakdowns}<div><h3>Could not answer, by topic</h3>{unanswered}'
            + f'<p><a href="{self.base}/unanswered?{query(since=since)}">All unanswered questions</a></p></div></div>'
            + downloads
        )
        return self.page(request, "Overview", body, "")

    async def unanswered(self, request: web.Request) -> web.Response:
        period, since, problem = self._period(request)
        # Only the unanswered questions: the same read as the report's, without its other figures.
        unanswered = await read_unanswered(self.store, Dialect(self.store.dialect), period, examples=EXAMPLES)
        (kind, said), request[SESSION].notice = request[SESSION].notice, ("", "")
        parts = [period_form(self.base, "unanswered", since), notice(problem, "problem"), notice(said, kind),
                 '<p class="meta">Answers the bot gave with "I don\'t know", with a low score, rated bad, or followed by '
                 "a request for a person. Add an answer and the bot uses it from the next message.</p>"]
        csrf = request[SESSION].csrf
        done = answered(self.hub.pack.document)
        for t_index, topic in enumerate(unanswered):
            examples = []
            for n, ex in enumerate(topic.examples):
                link = f'{self.base}/conversations/{q(ex.conversation_id)}'
                examples.append(
                    f'<div class="example"><div><b>Customer:</b> {e(mask(ex.question))}</div>'
                    f'<div><b>Bot:</b> {e(mask(ex.answer))}</div>'
                    f'<div class="why">{e(ex.why)} · {e(when(ex.at))} · <a href="{link}">transcript</a></div>'
                )
                if ex.question.strip().casefold() in done:
                    examples[-1] += '<p class="answered">Answered in the pack.</p></div>'
                    continue
                examples[-1] += (
                    f'<details><summary>Answer this question</summary>'
                    f'<form method="post" action="{self.base}/answer" class="answer">'
                    f'<input type="hidden" name="csrf" value="{e(csrf)}"><input type="hidden" name="since" value="{e(since)}">'
                    f'<label for="q-{t_index}-{n}">Question (as customers ask it)</label>'
                    f'<textarea id="q-{t_index}-{n}" name="question" rows="2" required>{e(mask(ex.question))}</textarea>'
                    f'<label for="a-{t_index}-{n}">Answer (added to the pack\'s document)</label>'
                    f'<textarea id="a-{t_index}-{n}" name="answer" rows="3" required></textarea>'
                    "<button>Add to the pack</button></form></details></div>"
                )
            parts.append(f'<section class="topic"><h3>{e(topic.topic)} <small>({topic.count})</small></h3>{"".join(examples)}</section>')
        if not unanswered:
            parts.append('<p class="empty">Every question of this period was answered.</p>')
        return self.page(request, "Questions the bot could not answer", "".join(parts), "unanswered")

    async def conversations(self, request: web.Request) -> web.Response:
        text = request.query.get("q", "")[:200]
        rows = await find_conversations(self.store, text)
        (kind, said), request[SESSION].notice = request[SESSION].notice, ("", "")
        form = (f'<form method="get" action="{self.base}/conversations" class="period">'
                f'<input name="q" value="{e(text)}" size="40" placeholder="text, customer or order number" '
                'aria-label="search"><button>Search</button></form>')
        cells = [[when(r.updated), r.channel, mask(r.name), mask(r.customer), mask(_short(r.last_question)), r.state,
                  str(r.messages), f'<a href="{self.base}/conversations/{q(r.id)}">transcript</a>'] for r in rows]
        body = notice(said, kind) + form + table(["last message", "platform", "name", "customer", "the customer's last words", "state",
                             "messages", ""], cells, raw_columns=frozenset({7}))
        return self.page(request, "Conversations", body, "conversations")

    async def transcript(self, request: web.Request) -> web.Response:
        found, lines = await conversation(self.store, request.match_info["id"])
        if found is None:
            raise web.HTTPNotFound(text="no such conversation")
        reveal = request.query.get("reveal") == "1"
        shown = (lambda text: text) if reveal else mask
        toggle = (f'<a href="{self.base}/conversations/{q(found.id)}">Hide contact details</a>' if reveal else
                  f'<a href="{self.base}/conversations/{q(found.id)}?reveal=1">Show contact details</a>')
        head = (f'<p class="meta">{e(found.channel)} · {e(shown(found.name))} {e(shown(found.customer))} · '
                f'{e(found.language + " · " if found.language else "")}{e(found.state)} · started {e(when(found.started))} · {toggle}</p>')
        items = []
        for line in lines:
            detail = ""
            if line.role == "bot" and (line.topic or line.score is not None):
                detail = f" · {e(line.topic)}" + (f" {line.score:.2f}" if line.score is not None else "")
                detail += " · I don't know" if line.abstained else ""
            who = line.author if line.role == "staff" and line.author else line.role
            items.append(f'<div class="line {e(line.role)}"><div class="meta">{e(who)} · {e(when(line.at))}{detail}</div>'
                         f"{e(shown(line.text))}</div>")
        # Two steps with no script: the button is behind a <details> the owner opens first.
        forget = ("<details class=forget><summary>Delete this customer's data</summary>"
                  f'<form method="post" action="{self.base}/forget">'
                  f'<input type="hidden" name="csrf" value="{e(request[SESSION].csrf)}">'
                  f'<input type="hidden" name="customer" value="{e(found.key)}">'
                  "<p class=meta>Every conversation of this customer and everything stored about them, as"
                  " <code>csbot forget</code> does. It cannot be undone.</p>"
                  "<button>Delete every conversation of this customer</button></form></details>")
        body = head + f'<div class="transcript">{"".join(items)}</div>' + forget
        return self.page(request, "Transcript", body, "conversations")

    async def escalations(self, request: web.Request) -> web.Response:
        open_only = request.query.get("open") == "1"
        rows = await escalations(self.store, open_only)
        switch = (f'<p><a href="{self.base}/escalations">All</a> · <a href="{self.base}/escalations?open=1">Open only</a></p>')
        cells = [[when(r.opened), r.reason, r.state, r.channel, mask(r.name), mask(r.summary),
                  f'<a href="{self.base}/conversations/{q(r.conversation_id)}">transcript</a>'] for r in rows]
        body = switch + table(["opened", "reason", "state", "platform", "customer", "message", ""], cells,
                              raw_columns=frozenset({6}))
        return self.page(request, "Escalations", body, "escalations")

    async def export(self, request: web.Request) -> web.Response:
        name = request.match_info["name"]
        try:
            period = parse_period(request.query.get("since", "30d")[:40])
        except ValueError as error:
            raise web.HTTPBadRequest(text=str(error)) from None
        files = await export_csv(self.store, period)
        if name not in files:
            raise web.HTTPNotFound(text="no such file")
        response = web.Response(text=files[name], content_type="text/csv", charset="utf-8")
        response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


def _short(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"
