"""Markdown written by a model (or a pack) rendered for platforms that do not read it.

A small subset is understood: `**bold**`, `*italic*`, `` `code` ``, `[text](url)`, `#` headings,
`-` bullets, table rows and code fences. It becomes plain text (terminal, Telegram fallback),
Slack mrkdwn, Telegram entities, or styled spans that the web widget renders as text nodes.
Anything else stays as written: a lone `*` in "5 * 3" or `order_status` is not markup.
"""
from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from urllib.parse import urlsplit

_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
_BULLET = re.compile(r"^(\s*)[-*+]\s+(.*)$")
_RULE = re.compile(r"^\s*([-*_])(\s*\1){2,}\s*$")
_TABLE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_FENCE = re.compile(r"^\s*```")
_INLINE = re.compile(
    r"`(?P<code>[^`\n]+)`"
    r"|\*\*(?P<bold>\S(?:.*?\S)?)\*\*"
    r"|(?<!\w)__(?P<bold2>\S(?:.*?\S)?)__(?!\w)"
    r"|(?<![\w*])\*(?P<italic>[^\s*](?:[^*\n]*?[^\s*])?)\*(?![\w*])"
    r"|(?<![\w_])_(?P<italic2>[^\s_](?:[^_\n]*?[^\s_])?)_(?![\w_])"
    r"|\[(?P<label>[^\]\n]+)\]\((?P<url>[^)\s]+)\)"
)


# A link's address as Slack and Telegram read it safely: no `<`, `>` or `|` (Slack's link syntax:
# `<https://x><!channel>|y>` would ping a channel), no quotes, spaces or control characters.
_SAFE_URL = re.compile(r"https?://[A-Za-z0-9.\-]+(:\d{1,5})?([/?#][A-Za-z0-9\-._~%!$&'()*+,;=:@/?#]*)?")


@dataclass(frozen=True, slots=True)
class Span:
    text: str
    style: str = ""  # "", "bold", "italic", "code"
    url: str = ""  # a link's target ("text" is its label)


def parse(text: str, sites: Collection[str] = ()) -> list[Span]:
    """The text as styled spans; line breaks stay inside the spans' text.

    Only a link to one of `sites` (the shop's own hosts; a subdomain counts) keeps its label over
    a hidden address: any other link shows its address beside the label, and an address that is
    not a plain web address is dropped, so a reply can neither hide where a link goes nor smuggle
    platform syntax through it."""
    spans: list[Span] = []
    in_fence = False
    lines = text.split("\n")
    for number, line in enumerate(lines):
        end = "\n" if number < len(lines) - 1 else ""
        if _FENCE.match(line):
            in_fence = not in_fence
            continue
        if in_fence:
            spans.append(Span(line + end, "code"))
            continue
        if _RULE.match(line) or _TABLE_SEPARATOR.match(line) and "-" in line and "|" in line:
            continue
        if heading := _HEADING.match(line):
            spans.append(Span(_plain_inline(heading.group(1), sites), "bold"))
            spans.append(Span(end))
            continue
        if bullet := _BULLET.match(line):
            spans.append(Span(bullet.group(1) + "• "))
            line = bullet.group(2)
        elif line.strip().startswith("|") and line.strip().endswith("|"):
            line = " · ".join(cell.strip() for cell in line.strip().strip("|").split("|"))
        spans += _inline(line, sites)
        spans.append(Span(end))
    return _merged([s for s in spans if s.text])


def to_plain(text: str, sites: Collection[str] = ()) -> str:
    """No markup at all: links keep their address in brackets."""
    return "".join(_plain_span(s) for s in parse(text, sites))


def to_slack(text: str, sites: Collection[str] = ()) -> str:
    """Slack mrkdwn, with `&`, `<` and `>` escaped as Slack asks."""
    out = []
    for span in parse(text, sites):
        body = _slack_escape(span.text)
        if span.url:
            out.append(f"<{span.url}|{body}>")
        elif span.style and body.strip():
            mark = {"bold": "*", "italic": "_", "code": "`"}[span.style]
            lead, core, trail = _split_space(body)
            out.append(f"{lead}{mark}{core}{mark}{trail}")
        else:
            out.append(body)
    return "".join(out)


def to_telegram(text: str, sites: Collection[str] = ()) -> tuple[str, list[dict]]:
    """Plain text and Telegram message entities; offsets and lengths count UTF-16 code units."""
    plain, entities, offset = [], [], 0
    for span in parse(text, sites):
        shown = _plain_span(span) if not span.url else span.text
        size = _utf16(shown)
        kind = "text_link" if span.url else {"bold": "bold", "italic": "italic", "code": "code"}.get(span.style)
        if kind and shown.strip():
            entity = {"type": kind, "offset": offset, "length": size}
            if span.url:
                entity["url"] = span.url
            entities.append(entity)
        plain.append(shown)
        offset += size
    return "".join(plain), entities


def to_spans(text: str, sites: Collection[str] = ()) -> list[dict]:
    """Spans for the web widget, which builds one text node (in <strong>, <em> or <code>) per span."""
    return [{"text": _plain_span(s), "style": s.style} for s in parse(text, sites)]


def _inline(line: str, sites: Collection[str] = ()) -> list[Span]:
    spans, position = [], 0
    for match in _INLINE.finditer(line):
        if match.start() > position:
            spans.append(Span(line[position : match.start()]))
        groups = match.groupdict()
        if groups["code"] is not None:
            spans.append(Span(groups["code"], "code"))
        elif groups["bold"] is not None or groups["bold2"] is not None:
            spans.append(Span(_plain_inline(groups["bold"] or groups["bold2"], sites), "bold"))
        elif groups["italic"] is not None or groups["italic2"] is not None:
            spans.append(Span(_plain_inline(groups["italic"] or groups["italic2"], sites), "italic"))
        else:
            spans.append(_link(groups["label"], groups["url"], sites))
        position = match.end()
    if position < len(line):
        spans.append(Span(line[position:]))
    return spans


def _link(label: str, url: str, sites: Collection[str]) -> Span:
    if not _SAFE_URL.fullmatch(url):
        return Span(label)
    if _own_site(url, sites):
        return Span(label, url=url)
    return Span(label if label == url else f"{label} ({url})")


def _own_site(url: str, sites: Collection[str]) -> bool:
    host = (urlsplit(url).hostname or "").rstrip(".").lower()
    for site in sites:
        own = (urlsplit(site).hostname if "://" in site else site.split("/", 1)[0]) or ""
        own = own.rstrip(".").lower()
        if own and (host == own or host.endswith("." + own)):
            return True
    return False


def _plain_inline(text: str, sites: Collection[str] = ()) -> str:
    return "".join(_plain_span(s) for s in _inline(text, sites))


def _plain_span(span: Span) -> str:
    return f"{span.text} ({span.url})" if span.url and span.url != span.text else span.text


def _merged(spans: list[Span]) -> list[Span]:
    out: list[Span] = []
    for span in spans:
        if out and not span.url and not out[-1].url and out[-1].style == span.style:
            out[-1] = Span(out[-1].text + span.text, span.style)
        else:
            out.append(span)
    return out


def _split_space(text: str) -> tuple[str, str, str]:
    core = text.strip()
    start = text.index(core)
    return text[:start], core, text[start + len(core) :]


def _slack_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2
