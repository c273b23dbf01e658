import pytest

from adapters.web.origins import OriginPolicy

POLICY = OriginPolicy(["https://shop.example", "http://localhost:3000/"])


@pytest.mark.parametrize("origin", ["https://shop.example", "HTTPS://Shop.Example/", "http://localhost:3000"])
def test_configured_origins_are_allowed(origin):
    assert POLICY.allows(origin, own_host="csbot.example:8080")


def test_the_servers_own_demo_page_is_allowed():
    assert POLICY.allows("http://127.0.0.1:8080", own_host="127.0.0.1:8080")


@pytest.mark.parametrize(
    "origin",
    [None, "", "null", "https://evil.example", "https://shop.example.evil.example", "http://localhost:3001",
     "http://127.0.0.1:8081"],
)
def test_anything_else_is_refused(origin):
    assert not POLICY.allows(origin, own_host="127.0.0.1:8080")
