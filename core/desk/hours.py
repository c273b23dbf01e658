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


# The opening-hours phrase and its neighbours in the customer's language, so a holding message
# stays one sentence in one language ("…ti risponderà qui lunedì dalle 09:00 (ora Europe/Rome).").
_WHEN = {
    "en": ("on {day} from {time} ({zone} time)", DAY_NAMES),
    "it": ("{day} dalle {time} (ora {zone})", ("lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato", "domenica")),
    "de": ("am {day} ab {time} Uhr ({zone})", ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag")),
}
SHORTLY = {"en": "shortly", "it": "a breve", "de": "in Kürze"}
_AWAY = {
    "en": "Our team is away right now and will answer {when}.",
    "it": "Il nostro team ora non è in servizio e ti risponderà {when}.",
    "de": "Unser Team ist gerade nicht da und antwortet Ihnen {when}.",
}


def when_staff_answer(hours: Hours | None, now: datetime, language: str | None = "en") -> str | None:
    """None while staff are at work (or no hours are set); else 'on Monday from 09:00 (Europe/Rome
    time)', 'lunedì dalle 09:00 (ora Europe/Rome)' or 'am Montag ab 09:00 Uhr (Europe/Rome)'."""
    if hours is None:
        return None
    opening = next_opening(hours, now)
    if opening is None:
        return None
    template, days = _WHEN.get(language or "en", _WHEN["en"])
    return template.format(day=days[opening.weekday()], time=f"{opening:%H:%M}", zone=hours.timezone)


def holding_message(template: str, hours: Hours | None, now: datetime, language: str | None = "en") -> str:
    """The pack's holding text with `{when}` filled in the customer's language. A text without
    `{when}` that promises an answer "shortly" while staff are away gets the opening hours in
    place of "shortly" (never both); otherwise a sentence about the hours is added."""
    language = language if language in _WHEN else "en"
    when = when_staff_answer(hours, now, language)
    template = template.strip()
    if "{when}" in template:
        return template.replace("{when}", when or SHORTLY[language]).strip()
    if when is None:
        return template
    for shortly in SHORTLY.values():
        if shortly in template:
            return template.replace(shortly, when, 1)
    return f"{template} {_AWAY[language].format(when=when)}"
