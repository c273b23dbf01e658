"""What the fault and attack defences cost on the hot paths: redacting a log line, refusing a
hostile widget frame, reading a long customer command.

    .venv/bin/python -m bench.faults
"""
from __future__ import annotations

import logging
import time
from collections.abc import Callable

from adapters.web.frames import Refusal, parse
from bots.redaction import RedactingFilter, Redactor
from core.shop.commands import customer_argv
from core.shop.pack import load_pack

SECRETS = [f"secret-value-{n}-" + "x" * 30 for n in range(8)]


def per_call(work: Callable[[], object], rounds: int) -> float:
    start = time.perf_counter()
    for _ in range(rounds):
        work()
    return (time.perf_counter() - start) / rounds * 1e6


def redact_record() -> None:
    record = logging.LogRecord("csbot.telegram", logging.INFO, __file__, 1,
                               "telegram update %s failed: %s", (12345, "connection reset by peer"), None)
    FILTER.filter(record)


def refuse_nested() -> None:
    try:
        parse("[" * 6000, max_chars=2000)
    except Refusal:
        pass


FILTER = RedactingFilter(Redactor(SECRETS))
PROGRAM = load_pack("pastashop").programs["change_address"]
LONG_ADDRESS = "1042 anna.rossi@example.com " + "Via Roma 1, " * 300


def main() -> None:
    rows = [
        ("redact one log record (8 secrets)", per_call(redact_record, 20_000)),
        ("refuse a frame of 6,000 nested [", per_call(refuse_nested, 2_000)),
        ("read a 3,600-character /change_address", per_call(lambda: customer_argv(PROGRAM, LONG_ADDRESS), 2_000)),
    ]
    print("| path | µs per call |\n| --- | ---: |")
    for name, micros in rows:
        print(f"| {name} | {micros:,.1f} |")


if __name__ == "__main__":
    main()
