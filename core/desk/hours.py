"""Business hours of the staff desk: is someone there now, and if not, when."""
from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from core.shop.pack import Hours

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def next_opening(hours: Hours, now: datetime) -> datetime | None:
    """None while staff are at work; else when they next start."""
    try:
        zone = ZoneInfo(hours.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    local = now.astimezone(zone)
    open_h, open_m = (int(x) for x in hours.open.split(":"))
    close_h, close_m = (int(x) for x in hours.close.split(":"))
    days = {d[:3].lower() for d in hours.days}
    for offset in range(8):
        day = local + timedelta(days=offset)
        if DAYS[day.weekday()] not in days:
            continue
        start = day.replace(hour=open_h, minute=open_m, second=0, microsecond=0)
        end = day.replace(hour=close_h, minute=close_m, second=0, microsecond=0)
        if offset == 0 and start <= local < end:
            return None
        if start > local:
            return start
    return None


def when_staff_answer(hours: Hours | None, now: datetime) -> str | None:
    """None while staff are at work (or no hours are set); else 'on Monday from 09:00 (Europe/Rome)'."""
    if hours is None:
        return None
    opening = next_opening(hours, now)
    if opening is None:
        return None
    return f"on {DAY_NAMES[opening.weekday()]} from {opening:%H:%M} ({hours.timezone} time)"


def holding_message(template: str, hours: Hours | None, now: datetime) -> str:
    """Fill `{when}` in the pack's holding text, or add a sentence when staff are away."""
    when = when_staff_answer(hours, now)
    if "{when}" in template:
        return template.replace("{when}", when or "shortly").strip()
    if when is None:
        return template.strip()
    return f"{template.strip()} Our team is away right now and will answer {when}."
