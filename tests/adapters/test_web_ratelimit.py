import pytest

from adapters.web.ratelimit import RateLimit


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_allows_count_then_refuses_with_time_to_wait():
    clock = Clock()
    limit = RateLimit(3, 60, clock=clock)
    assert [limit.check("a").allowed for _ in range(3)] == [True, True, True]
    clock.now += 10
    verdict = limit.check("a")
    assert not verdict.allowed
    assert verdict.retry_after == pytest.approx(50)


def test_window_slides_rather_than_resets():
    clock = Clock()
    limit = RateLimit(2, 60, clock=clock)
    assert limit.check("a").allowed
    clock.now += 30
    assert limit.check("a").allowed
    clock.now += 31  # the first event left the window, the second has not
    assert limit.check("a").allowed
    assert not limit.check("a").allowed


def test_keys_are_independent():
    limit = RateLimit(1, 60, clock=Clock())
    assert limit.check("a").allowed
    assert not limit.check("a").allowed
    assert limit.check("b").allowed


def test_a_refused_event_does_not_use_up_the_allowance():
    clock = Clock()
    limit = RateLimit(1, 10, clock=clock)
    assert limit.check("a").allowed
    for _ in range(5):
        assert not limit.check("a").allowed
    clock.now += 10.5
    assert limit.check("a").allowed


def test_idle_keys_are_forgotten():
    clock = Clock()
    limit = RateLimit(5, 1, clock=clock)
    for i in range(2000):
        limit.check(f"visitor-{i}")
        clock.now += 0.01
    assert len(limit) < 1100  # swept: only keys seen in the last second or so remain


def test_nonsense_limits_are_refused():
    with pytest.raises(ValueError):
        RateLimit(0, 60)
    with pytest.raises(ValueError):
        RateLimit(5, 0)
