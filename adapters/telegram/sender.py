"""The outbound port for Telegram: one Outbound becomes one or more sendMessage calls, and
PTB's errors become the failures the hub's outbox knows how to handle."""
from __future__ import annotations

import warnings
from collections.abc import Awaitable, Callable, Collection
from datetime import timedelta

from telegram import Bot
from telegram import error as tg
from telegram.warnings import PTBUserWarning

from adapters.telegram.translate import to_send_calls
from core.delivery.delivery import PermanentFailure, RetryAfter, TransientFailure
from core.messages import Outbound, Voice

# Delivery progress of a split reply, kept on the Outbound so a retry does not repeat the
# parts the customer already has.
SENT_PARTS = "telegram_sent_parts"
# The sender posts sendMessage through Bot.do_api_request, which returns the API's raw result:
# Bot.send_message would build a Message from it (a fifth of a reply's CPU under load) that
# nothing reads. PTB warns that send_message exists; the call is deliberate, so that one
# warning is silenced (errors are mapped as for send_message: same request path).
warnings.filterwarnings("ignore", message=r"Please use 'Bot\.sendMessage'", category=PTBUserWarning)


class TelegramSender:
    def __init__(
        self, bot: Bot, before_send: Callable[[Outbound], Awaitable[None]] | None = None, sites: Collection[str] = (),
    ) -> None:
        self._bot = bot
        self._before_send = before_send  # e.g. end the typing status of that chat first
        self._sites = tuple(sites)  # the shop's own sites: links to them keep their label

    async def __call__(self, outbound: Outbound) -> None:
        if outbound.voice is Voice.RATED:
            return  # a rating's acknowledgement: answerCallbackQuery showed it (runner.py)
        if self._before_send is not None:
            await self._before_send(outbound)
        calls = to_send_calls(outbound, self._sites)
        done = int(outbound.meta.get(SENT_PARTS, 0))
        for index in range(done, len(calls)):
            try:
                await self._bot.do_api_request("sendMessage", api_kwargs=calls[index])
            except tg.RetryAfter as exc:
                raise RetryAfter(_seconds(exc), str(exc)) from exc
            except tg.Forbidden as exc:  # blocked by the user, kicked from the group
                raise PermanentFailure(f"telegram refused: {exc.message}") from exc
            except tg.ChatMigrated as exc:
                raise PermanentFailure(f"group moved to {exc.new_chat_id}") from exc
            except tg.BadRequest as exc:  # chat not found, bad thread...: sending again will not help
                raise PermanentFailure(f"telegram bad request: {exc.message}") from exc
            except tg.EndPointNotFound as exc:  # what do_api_request makes of InvalidToken (401/404)
                raise TransientFailure("telegram: InvalidToken: the Bot API refused the token") from exc
            except tg.TelegramError as exc:  # NetworkError, TimedOut, 5xx, Conflict, InvalidToken
                raise TransientFailure(f"telegram: {exc.__class__.__name__}: {exc}") from exc
            outbound.meta[SENT_PARTS] = index + 1


def _seconds(exc: tg.RetryAfter) -> float:
    # PTB 22 warns when the int form is read; both forms mean seconds.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        value = exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)
