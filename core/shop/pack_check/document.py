"""document.md (the shop's knowledge, in `## ` sections) and the resources/ the bot can `cat`."""
from __future__ import annotations

import re
from pathlib import Path

from core.shop.pack_check.problems import Findings, Problem, listed, read_pack_file

EXPECTED_SECTIONS = (
    "Products",
    "Product list",
    "Prices, bundles and discounts",
    "Refund policy",
    "Shipping",
    "Behaviour rules",
)
RESOURCE_NAME = re.compile(r"^[A-Za-z0-9_-][A-Za-z0-9_.-]*\.txt$")

Heading = tuple[int, str, int]  # (level, title, line)


def check_document(pack: Path) -> tuple[dict[str, int], list[Problem]]:
    """The document's `## ` sections (name -> line) and its problems."""
    found, text = read_pack_file(pack, "document.md")
    if text is None:
        return {}, found.problems
    headings = _headings(text)
    if not any(level == 1 for level, _, _ in headings):
        found.add(1, "no `# ` title: the first heading names the shop")
    sections: dict[str, int] = {}
    for level, title, line in headings:
        if level != 2:
            continue
        if title in sections:
            found.add(line, f"section {title!r} appears twice (first at line {sections[title]})")
        else:
            sections[title] = line
    if not sections:
        found.add(1, "no `## ` sections: every section of the document starts with `## `")
        return sections, found.problems
    for expected in EXPECTED_SECTIONS:
        if expected not in sections:
            found.add(1, f"missing section `## {expected}`")
    lines = text.splitlines()
    _check_empty_sections(lines, headings, found)
    if "Products" in sections:
        _check_products(lines, headings, sections["Products"], found)
    return sections, found.problems


def _headings(text: str) -> list[Heading]:
    """Every markdown heading outside code fences."""
    found = []
    fenced = False
    for number, line in enumerate(text.splitlines(), 1):
        if line.lstrip().startswith("```"):
            fenced = not fenced
            continue
        match = re.match(r"^(#{1,6})\s+(.*?)\s*#*\s*$", line)
        if match and not fenced:
            found.append((len(match.group(1)), match.group(2).strip(), number))
    return found


def _section_end(after: list[Heading], lines: list[str]) -> int:
    """The line where the section ends: the next heading of level 1 or 2, or past the last line."""
    return next((h[2] for h in after if h[0] <= 2), len(lines) + 1)


def _check_empty_sections(lines: list[str], headings: list[Heading], found: Findings) -> None:
    for index, (level, title, line) in enumerate(headings):
        if level != 2:
            continue
        end = _section_end(headings[index + 1 :], lines)
        if not any(body.strip() for body in lines[line : end - 1]):
            found.add(line, f"section {title!r} is empty")


def _check_products(lines: list[str], headings: list[Heading], start: int, found: Findings) -> None:
    after = [h for h in headings if h[2] > start]
    end = _section_end(after, lines)
    products = [h for h in after if h[0] == 3 and h[2] < end]
    if not products:
        found.add(start, "section 'Products' has no `### ` product headings")
        return
    seen: dict[str, int] = {}
    for index, (_, title, line) in enumerate(products):
        if title in seen:
            found.add(line, f"product {title!r} appears twice (first at line {seen[title]})")
        seen.setdefault(title, line)
        stop = products[index + 1][2] if index + 1 < len(products) else end
        facts: dict[str, tuple[str, int]] = {}
        for number in range(line + 1, stop):
            match = re.match(r"^\s*[-*]\s+([^:]+):\s*(.*)$", lines[number - 1])
            if match:
                key, value = match.group(1).strip(), match.group(2).strip()
                facts[key] = (value, number)
                if not value:
                    found.add(number, f"product {title!r}: `{key}` has no value")
        if "Price" not in facts:
            found.add(line, f"product {title!r} has no `- Price: ...` line")
        elif not re.search(r"\d", facts["Price"][0]):
            found.add(facts["Price"][1], f"product {title!r}: the price has no amount")
        for first, second in (("Ingredients", "Allergens"), ("Allergens", "Ingredients")):
            if first in facts and second not in facts:
                found.add(line, f"product {title!r} lists {first} but no `- {second}: ...` line")


def check_resources(pack: Path) -> tuple[set[str], list[Problem]]:
    """The resource file names and their problems."""
    problems: list[Problem] = []
    names: set[str] = set()
    for file in listed(pack / "resources"):
        found = Findings(f"resources/{file.name}")
        if _check_resource(file, found):
            names.add(file.name)
        problems += found.problems
    return names, problems


def _check_resource(file: Path, found: Findings) -> bool:
    """Whether `file` is a resource at all (a `.txt` file), reporting what is wrong with it."""
    if not file.is_file() or file.suffix != ".txt":
        found.add(0, "unknown file: resources are plain `.txt` files")
        return False
    if not RESOURCE_NAME.match(file.name):
        found.add(0, "name must be letters, digits, `_`, `-` and `.` only (the bot types it after `cat`)")
    text = found.read(file)
    if text is None:
        return True
    summary = text.splitlines()[0] if text.strip() else ""
    if not text.strip():
        found.add(1, "empty resource")
    elif not summary.strip():
        found.add(1, "the first line must be a one-line summary (it is shown in the resource index)")
    elif len(summary) > 200:
        found.add(1, "the first line is the summary shown in the index: keep it under 200 characters")
    return True
