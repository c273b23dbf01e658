"""Choosing the model at start: a model that does not answer means offline mode, said once."""
from __future__ import annotations

from core.models.base import ModelBackend
from core.models.select import model_from_spec
from core.shop.pack import KnowledgePack


async def choose_model(spec: str, pack: KnowledgePack, settings: dict) -> tuple[ModelBackend | None, str]:
    """The backend (None for offline) and a one-line note on what was chosen."""
    merged = {**pack.model, **settings}
    merged.pop("name", None)
    if spec.startswith("ollama") and ":" not in spec and pack.model.get("name"):
        spec = f"ollama:{pack.model['name']}"
    model = model_from_spec(spec, merged)
    if model is None:
        return None, "offline mode: answers quote the shop document; triage, handoff and /commands work"
    reason = await model.probe()
    if reason is not None:
        await model.aclose()
        return None, f"{reason} — running offline: answers quote the shop document"
    protocol = getattr(model, "protocol", "text")  # resolved by the probe when set to "auto"
    return model, f"model {model.name}, {protocol} protocol"
