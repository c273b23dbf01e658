"""The desk endpoint answers a body that is not a JSON object with a 400 and a JSON error."""
from __future__ import annotations

from pathlib import Path

import aiohttp
import pytest

from bots.desk_endpoint import DeskEndpoint
from bots.wiring import build_hub, close_hub

PACK = Path(__file__).resolve().parents[2] / "knowledge" / "pastashop"


@pytest.mark.parametrize("body", [b"[1, 2]", b"\"text\"", b"{not json", b"\xff\xfe", b'{"action": "deny", "details": [1]}'])
@pytest.mark.parametrize("verb", ["reply", "decide"])
async def test_a_body_that_is_not_an_object_is_a_400_with_json(tmp_path: Path, body: bytes, verb: str) -> None:
    hub = await build_hub(PACK, None, tmp_path / "db.sqlite")
    try:
        async with DeskEndpoint(hub, tmp_path / "db.sqlite") as endpoint:
            async with aiohttp.ClientSession(headers={"Authorization": f"Bearer {endpoint.token}"}) as http:
                async with http.post(f"{endpoint.url}/escalations/e_1/{verb}", data=body,
                                     headers={"Content-Type": "application/json"}) as response:
                    if verb == "reply" and b"details" in body:
                        assert response.status == 200  # an object: the reply is refused in words
                        return
                    assert response.status == 400
                    answer = await response.json()
                    assert answer["ok"] is False and "JSON object" in answer["message"] or "details" in answer["message"]
                    assert "Traceback" not in await response.text()
    finally:
        await close_hub(hub)
