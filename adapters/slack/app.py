"""The Slack runner: a bolt AsyncApp over HTTP events or Socket Mode.

Customer side: DMs to the app and @-mentions elsewhere become hub turns; the hub's
replies for channel "slack" come back through `send`. Staff side (when a staff
channel is set): the adapter owns a `StaffDesk` whose board is the staff channel;
thread replies and card buttons there go to the desk.

Events are answered after their turn (process_before_response=True): a turn whose store
write failed is answered 500, so Slack redelivers it (at-least-once). Slack wants an answer
within 3 s, so a turn still running after ACK_WITHIN is acked then and, should it fail later,
is retried here (adapters/redelivery.py). Button listeners call ack() first and start a
tracked task, as before.
"""
from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Callable, Collection, Coroutine
from typing import Any

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp
from slack_sdk.errors import SlackApiError
from slack_sdk.signature import SignatureVerifier
from slack_sdk.web.async_client import AsyncWebClient

from adapters.escalation import StaffDesk
from adapters.redelivery import Redelivery
from adapters.slow_clients import runner_options
from adapters.slack.board import SlackBoard
from adapters.slack.cards import ACTION_PREFIX, DENY_MODAL, deny_modal, deny_submission, parse_action_id
from adapters.slack.translate import (
    CHANNEL, REPLY_PREFIX, Click, click_of, delivery_error, inbound_from_click, inbound_from_dm, inbound_from_mention,
    message_args, plain_text, staff_message,
)
from core.messages import Outbound

log = logging.getLogger(__name__)

ACK_WITHIN = 2.5  # seconds a turn may take before its event is acked anyway (Slack's limit is 3)


class SlackRefused(RuntimeError):
    """Slack did not accept the bot token at start-up; the message is one line for the operator."""


class SlackAdapter:
    def __init__(
        self, hub: Any, *, bot_token: str, signing_secret: str | None = None, app_token: str | None = None,
        base_url: str | None = None, staff_channel: str | None = None, staff_users: Collection[str] = (),
        host: str = "127.0.0.1", port: int = 3000, path: str = "/slack/events",
        ack_within: float = ACK_WITHIN, redelivery: Redelivery | None = None,
    ) -> None:
        if not app_token and not signing_secret:
            raise ValueError("Slack HTTP mode needs CSBOT_SLACK_SIGNING_SECRET (or set CSBOT_SLACK_APP_TOKEN for Socket Mode)")
        self.hub = hub
        self.app_token = app_token
        self.host, self.port, self.path = host, port, path
        self.ack_within = ack_within
        self.redelivery = redelivery or Redelivery()
        self._verifier = SignatureVerifier(signing_secret) if signing_secret else None
        self.client = AsyncWebClient(token=bot_token, base_url=base_url or AsyncWebClient.BASE_URL)
        self.app = AsyncApp(
            client=self.client, signing_secret=signing_secret or "",
            # Socket Mode requests are not signed; HTTP ones always are.
            request_verification_enabled=bool(signing_secret),
            process_before_response=True,  # an event is acked only once its turn is stored
        )
        self.desk = (
            StaffDesk(hub, SlackBoard(self.client, staff_channel), staff_channel=staff_channel, staff_users=staff_users)
            if staff_channel else None
        )
        self.events_url = ""
        self._names: dict[str, str] = {}
        self._tasks: set[asyncio.Task] = set()
        self._runner: web.AppRunner | None = None
        self._socket: AsyncSocketModeHandler | None = None
        self.app.event("message")(self._on_message)
        self.app.event("app_mention")(self._on_mention)
        self.app.action(re.compile("^" + re.escape(ACTION_PREFIX)))(self._on_desk_click)
        self.app.action(re.compile("^" + re.escape(REPLY_PREFIX)))(self._on_reply_click)
        self.app.view(DENY_MODAL)(self._on_deny_submitted)
        hub.register(CHANNEL, self.send)

    # -- lifecycle -----------------------------------------------------------------

    async def start(self) -> None:
        try:  # a wrong token fails here, with Slack's reason, not at the first event
            await self.client.auth_test()
        except SlackApiError as error:
            raise SlackRefused(f"Slack refused CSBOT_SLACK_BOT_TOKEN ({error.response.get('error')}): "
                               "set it to the app's Bot User OAuth Token (xoxb-...)") from None
        if self.app_token:
            self._socket = AsyncSocketModeHandler(self.app, app_token=self.app_token)
            await self._socket.connect_async()
            return
        events = web.Application()
        events.router.add_post(self.path, self._on_http)
        self._runner = web.AppRunner(events, handle_signals=False, **runner_options())
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]  # the real one when port=0
        self.events_url = f"http://{self.host}:{port}{self.path}"

    async def stop(self) -> None:
        if self._socket is not None:
            await self._socket.close_async()
            self._socket = None
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        await self.redelivery.stop()
        if self._tasks:
            _, pending = await asyncio.wait(self._tasks, timeout=5)
            for task in pending:
                task.cancel()
            await asyncio.gather(*pending, return_exceptions=True)

    async def __aenter__(self) -> SlackAdapter:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    async def idle(self) -> None:
        """Wait until every event handed over so far is fully handled (tests and shutdown use it)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)
        await self.redelivery.idle()

    # -- customer-facing sender ----------------------------------------------------

    async def send(self, outbound: Outbound) -> None:
        try:
            await self.client.chat_postMessage(**message_args(outbound, sites=self.hub.pack.sites))
        except Exception as error:
            raise delivery_error(error) from error

    # -- listeners: ack is done by bolt (events) or first thing (actions) ----------

    async def _on_http(self, request: web.Request) -> web.StreamResponse:
        """bolt's aiohttp route, with the signature checked before the body is parsed: bolt
        parses first, so unsigned malformed JSON used to end in a 500 and a traceback."""
        body = await request.text()
        if self._verifier is not None and not self._signed(body, request):
            return web.Response(status=401, text="invalid request")
        try:
            bolt_request = await to_bolt_request(request)
        except ValueError:  # not JSON, or a form without a JSON payload
            return web.Response(status=400, text="the body could not be read")
        return await to_aiohttp_response(await self.app.async_dispatch(bolt_request))

    def _signed(self, body: str, request: web.Request) -> bool:
        timestamp, signature = request.headers.get("X-Slack-Request-Timestamp"), request.headers.get("X-Slack-Signature")
        if not timestamp or not signature or not timestamp.isdigit():
            return False
        return self._verifier.is_valid(body, timestamp, signature)

    async def _on_message(self, body: dict, event: dict) -> None:
        event_id = body.get("event_id", "")
        await self._answer_in_time(f"slack event {event_id}", lambda: self._handle_message(event_id, event))

    async def _on_mention(self, body: dict, event: dict) -> None:
        event_id = body.get("event_id", "")
        await self._answer_in_time(f"slack event {event_id}", lambda: self._handle_mention(event_id, event))

    async def _answer_in_time(self, what: str, work: Callable[[], Coroutine]) -> None:
        """Run the turn while Slack waits: raising here answers 500 and Slack redelivers. A
        turn still running at `ack_within` is acked; if it fails after that, it is retried here."""
        task = asyncio.create_task(work())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        done, _ = await asyncio.wait({task}, timeout=self.ack_within)
        if task in done:
            task.result()  # a failed turn: bolt answers 500
            return

        def late(finished: asyncio.Task) -> None:
            if not finished.cancelled() and finished.exception() is not None:
                log.warning("slack: %s failed after its ack (%s); retrying it", what, finished.exception())
                self.redelivery.retry(what, work)

        task.add_done_callback(late)

    async def _on_desk_click(self, ack: Any, body: dict, respond: Any) -> None:
        await ack()
        self._spawn(self._handle_desk_click(body, respond))

    async def _on_deny_submitted(self, ack: Any, body: dict, view: dict) -> None:
        await ack()  # closes the modal
        self._spawn(self._handle_deny_submitted(body, view))

    async def _on_reply_click(self, ack: Any, body: dict) -> None:
        await ack()
        self._spawn(self._handle_reply_click(body))

    # -- the work, after the ack ---------------------------------------------------

    async def _handle_message(self, event_id: str, event: dict) -> None:
        # No dedupe here: the engine skips a turn it has stored, and the desk a staff reply it
        # has relayed; marking the event first would drop Slack's retry of a failed turn.
        reply = staff_message(event, self.desk.staff_channel if self.desk else None)
        if reply is not None and self.desk is not None:
            text = await plain_text(reply.text, self._name, self._channel_name)  # as the customer should read it
            verdict = await self.desk.on_thread_reply(
                reply.channel, reply.thread, reply.user, await self._name(reply.user), text, event_id
            )
            if not verdict.accepted and verdict.note:
                log.info("slack: staff reply not relayed: %s", verdict.note)
            return
        inbound = inbound_from_dm(event, event_id, await self._name(event.get("user", "")))
        if inbound is not None:
            await self.hub.receive(inbound)

    async def _handle_mention(self, event_id: str, event: dict) -> None:
        if self.desk is not None and event.get("channel") == self.desk.staff_channel:
            return  # staff talking about the bot, not a customer turn
        inbound = inbound_from_mention(event, event_id, await self._name(event.get("user", "")))
        if inbound is not None:
            await self.hub.receive(inbound)

    async def _handle_desk_click(self, body: dict, respond: Any) -> None:
        click = click_of(body)
        if click is None:
            return
        if self.desk is None:
            await respond(text="No staff desk is configured here.", response_type="ephemeral", replace_original=False)
            return
        verdict = await self.desk.on_action(
            click.value, parse_action_id(click.action_id) or "", click.user, click.channel,
            staff_name=await self._name(click.user, fallback=click.user_name), event_id=click.action_ts or None,
        )
        if verdict.note:
            await respond(text=verdict.note, response_type="ephemeral", replace_original=False)
        if verdict.accepted and click.action_id == ACTION_PREFIX + "deny" and click.trigger_id:
            await self._open_deny_modal(click)

    async def _open_deny_modal(self, click: Click) -> None:
        # Optional comfort: the desk already asked for the reason in the thread, which keeps working.
        try:
            await self.client.views_open(trigger_id=click.trigger_id, view=deny_modal(click.value, click.channel))
        except Exception as error:
            log.info("slack: deny modal not opened (%s); the thread prompt remains", error)

    async def _handle_deny_submitted(self, body: dict, view: dict) -> None:
        escalation_id, channel, reason = deny_submission(view)
        user = (body.get("user") or {}).get("id", "")
        if self.desk is None or not reason:
            return
        await self.desk.on_deny_reason(escalation_id, user, channel, reason, staff_name=await self._name(user))

    async def _handle_reply_click(self, body: dict) -> None:
        click = click_of(body)
        if click is None:
            return
        thread = (body.get("message") or {}).get("thread_ts")
        await self.hub.receive(inbound_from_click(click, thread, click.action_ts or None))

    async def _name(self, user: str, fallback: str = "") -> str:
        """A person's display name (users.info, cached); the id when Slack will not say."""
        if not user:
            return fallback
        if user not in self._names:
            try:
                profile = (await self.client.users_info(user=user))["user"]
                self._names[user] = (profile.get("profile") or {}).get("display_name") or profile.get("real_name") or profile.get("name") or user
            except Exception as error:  # the name is cosmetic; never lose the message over it
                log.debug("slack: users.info %s failed: %s", user, error)
                return fallback or user
        return self._names[user]

    async def _channel_name(self, channel: str) -> str:
        """A channel's name (conversations.info, cached); the id when Slack will not say."""
        if channel not in self._names:
            try:
                self._names[channel] = (await self.client.conversations_info(channel=channel))["channel"]["name"]
            except Exception as error:  # cosmetic, as for people's names
                log.debug("slack: conversations.info %s failed: %s", channel, error)
                return channel
        return self._names[channel]

    def _spawn(self, work: Coroutine) -> None:
        task = asyncio.create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._finished)

    def _finished(self, task: asyncio.Task) -> None:
        # The one error boundary for event handling: log, never crash the app.
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("slack: event handling failed", exc_info=task.exception())
