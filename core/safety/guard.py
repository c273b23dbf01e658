"""An optional second opinion on a customer message from a guard model served by Ollama.

Llama Guard answers "safe", or "unsafe" with the violated categories on the next line
("unsafe\\nS1"). The deterministic screens decide first; the guard can only add a flag,
and when it is down, slow or unreadable its verdict is None so the screens' verdict stands.
"""
from __future__ import annotations

import asyncio
import logging
import os

import ollama

from core.models.ollama_backend import DEFAULT_HOST, explain_failure

log = logging.getLogger(__name__)

# Keep the guard loaded between messages: a cold load takes longer than the verdict timeout.
KEEP_ALIVE = "30m"


class GuardModel:
    def __init__(self, model: str = "llama-guard3:1b", host: str | None = None, timeout: float = 5.0) -> None:
        self.model = model
        self.host = host or os.environ.get("OLLAMA_HOST") or DEFAULT_HOST
        self.timeout = timeout
        self._client: ollama.AsyncClient | None = None
        self._down_reason: str | None = None  # logged once per outage, not once per message

    def __repr__(self) -> str:
        return f"GuardModel({self.model!r}, host={self.host!r})"

    def _connection(self) -> ollama.AsyncClient:
        if self._client is None:
            self._client = ollama.AsyncClient(host=self.host, timeout=self.timeout)
        return self._client

    async def probe(self) -> str | None:
        """None when the guard model is pulled and the server answers, else a one-line reason."""
        try:
            await self._connection().show(self.model)
        except Exception as error:
            return explain_failure(error, host=self.host, model=self.model)
        return None

    async def verdict(self, text: str) -> bool | None:
        """True: unsafe; False: safe; None: the guard could not answer."""
        try:
            response = await asyncio.wait_for(
                self._connection().chat(
                    model=self.model,
                    messages=[{"role": "user", "content": text}],
                    stream=False,
                    options={"temperature": 0.0},
                    keep_alive=KEEP_ALIVE,
                ),
                self.timeout,
            )
            answer = response.message.content or ""
        except Exception as error:  # any failure leaves the decision to the screens
            self._note_down(explain_failure(error, host=self.host, model=self.model))
            return None
        self._down_reason = None
        return self._read(answer)

    def _read(self, answer: str) -> bool | None:
        lines = [line.strip() for line in answer.strip().lower().splitlines() if line.strip()]
        first = lines[0] if lines else ""
        if first == "safe":
            return False
        if first == "unsafe":
            log.info("guard model %s flagged a message: %s", self.model, " ".join(lines[1:]).upper() or "no category")
            return True
        self._note_down(f"guard model {self.model} gave an answer that is neither safe nor unsafe")
        return None

    def _note_down(self, reason: str) -> None:
        if reason != self._down_reason:
            log.warning("guard model unavailable, screens decide alone: %s", reason)
        self._down_reason = reason

    async def aclose(self) -> None:
        client, self._client = self._client, None
        if client is not None:
            await client.close()
