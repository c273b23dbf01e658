"""orders.csv: the pack's own orders (the embedded order source), and what programs declaring
`verify` check a customer against."""
from __future__ import annotations

import csv
import io
from pathlib import Path

from core.shop.orders import FILE, ORDER_COLUMN
from core.shop.pack_check.problems import Problem

# The columns the embedded order source reads (core/shop/orders/pack_source.py); all optional
# beyond order_id, but a value that is there must be readable.
STATUSES = frozenset({"pending", "processing", "on-hold", "shipped", "delivered", "cancelled", "refunded", "failed"})
MONEY = ("total", "paid", "refunded")


def check_orders(pack: Path, programs: dict[str, dict | None]) -> list[Problem]:
    """The table's shape, and every program's `verify` against it and against its own arguments."""
    problems: list[Problem] = []
    path = pack / FILE
    columns: list[str] = []
    if path.is_file():
        columns, problems = _check_table(path)
    for name, data in sorted(programs.items()):
        verify = (data or {}).get("verify")
        if verify is None:
            continue
        where = f"programs/{name}.json"
        if not isinstance(verify, dict) or not isinstance(verify.get("match"), list) or not verify["match"]:
            problems.append(Problem(where, 0, '`verify` must be {"order": "<argument>", "match": ["<argument>", ...]}'))
            continue
        arguments = {a.get("name") for a in data.get("arguments", []) if isinstance(a, dict)}
        required = {a.get("name") for a in data.get("arguments", []) if isinstance(a, dict) and a.get("required", True)}
        for argument in [verify.get("order", "order-id"), *verify["match"]]:
            if argument not in arguments:
                problems.append(Problem(where, 0, f"verify names {argument!r}, which is not an argument of the program"))
            elif argument not in required:
                problems.append(Problem(where, 0, f"verify names {argument!r}: it must be a required argument"))
        if not path.is_file():
            problems.append(Problem(where, 0, f"`verify` needs the pack's {FILE} (the simulated orders to check against)"))
            continue
        for argument in verify["match"]:
            if str(argument).replace("-", "_") not in columns:
                problems.append(Problem(FILE, 1, f"no column {str(argument).replace('-', '_')!r}, which programs/{name}.json verifies"))
    return problems


def _check_table(path: Path) -> tuple[list[str], list[Problem]]:
    problems: list[Problem] = []
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        return [], [Problem(FILE, 0, f"cannot read it as UTF-8 text ({error})")]
    rows = list(csv.reader(io.StringIO(text)))
    if not rows or not rows[0] or rows[0][0].strip() != ORDER_COLUMN:
        return [], [Problem(FILE, 1, f"the first line is the header, and its first column is `{ORDER_COLUMN}`")]
    header = [c.strip() for c in rows[0]]
    seen: dict[str, int] = {}
    for line, row in enumerate(rows[1:], start=2):
        if not row:
            continue
        if len(row) != len(header):
            problems.append(Problem(FILE, line, f"{len(row)} values for {len(header)} columns"))
        order = row[0].strip()
        if not order:
            problems.append(Problem(FILE, line, "no order id"))
        elif order in seen:
            problems.append(Problem(FILE, line, f"order {order} is listed twice (first on line {seen[order]})"))
        else:
            seen[order] = line
        problems += _check_values(dict(zip(header, (v.strip() for v in row))), line)
    return header, problems


def _check_values(row: dict[str, str], line: int) -> list[Problem]:
    """A status the source knows, amounts that are numbers, and nothing refunded beyond what was paid."""
    problems: list[Problem] = []
    status = row.get("status", "")
    if status and status not in STATUSES:
        problems.append(Problem(FILE, line, f"status {status!r} is not one of {', '.join(sorted(STATUSES))}"))
    amounts: dict[str, float] = {}
    for column in MONEY:
        value = row.get(column, "")
        if not value:
            continue
        try:
            amounts[column] = float(value)
        except ValueError:
            problems.append(Problem(FILE, line, f"{column} {value!r} is not an amount like 24.90"))
    if amounts.get("paid", 0) > amounts.get("total", float("inf")) + 0.005:
        problems.append(Problem(FILE, line, "paid is more than the total"))
    if amounts.get("refunded", 0) > amounts.get("paid", float("inf")) + 0.005:
        problems.append(Problem(FILE, line, "refunded is more than paid"))
    return problems
