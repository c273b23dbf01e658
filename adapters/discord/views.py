"""Quick-reply buttons as discord.ui components, and the custom_id scheme that carries their value."""
from __future__ import annotations

from collections.abc import Sequence

import discord

from core.messages import Button

PREFIX = "csbot:"
_CUSTOM_ID_MAX = 100  # Discord's limit
_LABEL_MAX = 80
_BUTTONS_MAX = 25  # 5 rows of 5


def custom_id_for(button: Button) -> str:
    """The value rides in the custom_id so a click needs no memory of the message (restarts included).
    A value too long for Discord's limit falls back to the label, which is what the customer saw."""
    value = button.value if len(PREFIX + button.value) <= _CUSTOM_ID_MAX else button.label
    return (PREFIX + value)[:_CUSTOM_ID_MAX]


def value_of(custom_id: str) -> str | None:
    """The button value of one of our custom_ids; None for components that are not ours."""
    return custom_id.removeprefix(PREFIX) if custom_id.startswith(PREFIX) else None


def quick_replies(buttons: Sequence[Button]) -> discord.ui.View:
    """A view that only describes the components: clicks arrive through on_interaction.

    The view is stopped before it is sent so discord.py does not keep it in its view
    store for the life of the process (one entry per message with buttons)."""
    view = discord.ui.View(timeout=None)
    for button in buttons[:_BUTTONS_MAX]:
        view.add_item(
            discord.ui.Button(
                label=button.label[:_LABEL_MAX] or "…",
                custom_id=custom_id_for(button),
                style=discord.ButtonStyle.secondary,
            )
        )
    view.stop()
    return view
