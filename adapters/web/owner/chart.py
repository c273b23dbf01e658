"""The overview's chart as inline SVG: conversations per day as bars, customer messages as a line.
Drawn here rather than served as matplotlib's PNG: no image request, no matplotlib import in the
server, and it scales with the page. Every text in it is escaped."""
from __future__ import annotations

from html import escape

from core.metrics.report import Breakdown

WIDTH, HEIGHT = 760, 220
LEFT, RIGHT, TOP, BOTTOM = 40, 44, 16, 34
BAR, LINE = "#1f4e89", "#d08a1c"


def day_chart(days: list[Breakdown]) -> str:
    if not days:
        return ""
    inner_w, inner_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    top_c = max(1, max(d.conversations for d in days))
    top_m = max(1, max(d.messages for d in days))
    step = inner_w / len(days)
    bar_w = max(2.0, step * 0.6)
    parts = [f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="conversations and customer'
             f' messages per day" xmlns="http://www.w3.org/2000/svg">',
             f'<line x1="{LEFT}" y1="{TOP + inner_h}" x2="{LEFT + inner_w}" y2="{TOP + inner_h}" stroke="#999"/>',
             f'<text x="{LEFT - 6}" y="{TOP + 4}" text-anchor="end" font-size="11" fill="{BAR}">{top_c}</text>',
             f'<text x="{LEFT + inner_w + 6}" y="{TOP + 4}" font-size="11" fill="{LINE}">{top_m}</text>',
             f'<text x="{LEFT - 6}" y="{TOP + inner_h}" text-anchor="end" font-size="11" fill="#666">0</text>']
    label_every = max(1, len(days) // 12)
    points = []
    for i, day in enumerate(days):
        x = LEFT + i * step + (step - bar_w) / 2
        h = inner_h * day.conversations / top_c
        parts.append(f'<rect x="{x:.1f}" y="{TOP + inner_h - h:.1f}" width="{bar_w:.1f}" height="{h:.1f}" fill="{BAR}">'
                     f'<title>{escape(day.key)}: {day.conversations} conversations, {day.messages} customer messages'
                     '</title></rect>')
        points.append(f"{LEFT + i * step + step / 2:.1f},{TOP + inner_h - inner_h * day.messages / top_m:.1f}")
        if i % label_every == 0:
            parts.append(f'<text x="{LEFT + i * step + step / 2:.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle"'
                         f' font-size="11" fill="#444">{escape(day.key[5:])}</text>')
    parts.append(f'<polyline points="{" ".join(points)}" fill="none" stroke="{LINE}" stroke-width="2"/>')
    parts.append(f'<text x="{LEFT}" y="{HEIGHT - 4}" font-size="11" fill="{BAR}">■ conversations</text>'
                 f'<text x="{LEFT + 130}" y="{HEIGHT - 4}" font-size="11" fill="{LINE}">— customer messages</text>')
    parts.append("</svg>")
    return "".join(parts)
