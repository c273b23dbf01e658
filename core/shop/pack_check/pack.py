"""The pack as a whole: finding its folder, its layout, and running every file's checks."""
from __future__ import annotations

from pathlib import Path

from core.shop.pack_check.document import check_document, check_resources
from core.shop.pack_check.orders import check_orders
from core.shop.pack_check.problems import Problem
from core.shop.pack_check.programs import check_programs
from core.shop.pack_check.scenarios import check_scenarios
from core.shop.pack_check.settings import check_settings

ROOT_ENTRIES = frozenset({"pack.toml", "document.md", "eval.yaml", "resources", "programs", "orders.csv"})
FOLDERS = ("resources", "programs")


def resolve_pack_dir(name_or_path: str, root: Path) -> Path:
    """A pack name under `root` (the knowledge/ folder) or a path to a pack folder."""
    text = name_or_path.strip()
    if not text:
        raise ValueError("no pack given: name a pack under knowledge/ or give a path to a pack folder")
    looks_like_path = "/" in text or "\\" in text or text.startswith((".", "~"))
    candidates = [Path(text).expanduser()] if looks_like_path else [root / text, Path(text)]
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    available = sorted(p.name for p in root.iterdir() if p.is_dir()) if root.is_dir() else []
    if looks_like_path:
        raise ValueError(f"pack folder {text!r} does not exist or is not a folder")
    names = ", ".join(available) or "none"
    raise ValueError(f"no pack {text!r} under {root} (available: {names}), and no folder of that name")


def check_pack(path: Path) -> list[Problem]:
    """Every problem found in the pack at `path`, sorted by file and line; empty when it is valid."""
    path = Path(path)
    if not path.is_dir():
        return [Problem(str(path), 0, "not a pack folder")]
    problems: list[Problem] = []
    try:
        problems += _check_layout(path)
        sections, document_problems = check_document(path)
        problems += document_problems
        resources, resource_problems = check_resources(path)
        problems += resource_problems
        programs, program_problems = check_programs(path)
        problems += program_problems
        problems += check_orders(path, programs)
        problems += check_settings(path, sections, resources)
        problems += check_scenarios(path, programs)
    except Exception as error:  # the one boundary: a checker bug must still end in a list, not a traceback
        problems.append(Problem(".", 0, f"the checker stopped early ({type(error).__name__}: {error}); please report this"))
    return sorted(set(problems), key=lambda p: (p.file, p.line, p.message))


def _check_layout(pack: Path) -> list[Problem]:
    problems = []
    for entry in sorted(pack.iterdir()):
        if entry.name not in ROOT_ENTRIES:
            problems.append(Problem(entry.name, 0, f"unknown file; a pack holds only {', '.join(sorted(ROOT_ENTRIES))}"))
        elif entry.name in FOLDERS and not entry.is_dir():
            problems.append(Problem(entry.name, 0, "must be a folder"))
        elif entry.name not in FOLDERS and not entry.is_file():
            problems.append(Problem(entry.name, 0, "must be a file, not a folder"))
    for required in ("pack.toml", "document.md"):
        if not (pack / required).exists():
            problems.append(Problem(required, 0, "missing: every pack needs pack.toml and document.md"))
    return problems
