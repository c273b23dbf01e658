"""A problem in a pack file, and the findings of one file that point each problem at a line."""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

# report(path, message): a problem about the setting at `path` (keys and indexes inside the file)
Report = Callable[[tuple, str], None]


@dataclass(frozen=True)
class Problem:
    file: str  # relative to the pack folder, e.g. "programs/refund_request.json"
    line: int  # 1-based; 0 means the file as a whole (missing, unreadable)
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


@dataclass
class Findings:
    """The problems of one file; `lines` maps setting paths to lines once the file is parsed."""

    file: str
    lines: dict[tuple, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def add(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.file, line, message))

    def report(self, path: tuple, message: str) -> None:
        self.add(nearest(self.lines, path), message)

    def read(self, file: Path) -> str | None:
        """The file's text, or None with a problem when it is unreadable, binary or not UTF-8."""
        try:
            data = file.read_bytes()
        except OSError as error:
            self.add(0, f"cannot read: {error.strerror or error}")
            return None
        if b"\x00" in data:
            self.add(data[: data.index(b"\x00")].count(b"\n") + 1, "binary file (NUL byte); expected UTF-8 text")
            return None
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as error:
            line = data[: error.start].count(b"\n") + 1
            self.add(line, f"not UTF-8 text (byte 0x{data[error.start]:02x}); save the file as UTF-8")
            return None


def read_pack_file(pack: Path, rel: str) -> tuple[Findings, str | None]:
    """A top-level pack file's findings and text; no text when it is absent (the layout check
    reports that) or unreadable (reported in the findings)."""
    found = Findings(rel)
    if not (pack / rel).is_file():
        return found, None
    return found, found.read(pack / rel)


def listed(folder: Path) -> list[Path]:
    return sorted(folder.iterdir()) if folder.is_dir() else []


def nearest(lines: dict, path: Iterable) -> int:
    """The line of `path`, or of its closest existing parent (a missing key is reported where its object is)."""
    path = tuple(path)
    while path not in lines and path:
        path = path[:-1]
    return lines.get(path, 1)
