"""The console every csbot command prints to."""
from __future__ import annotations

import os
import sys
from typing import TextIO

from rich.console import Console

PIPED_WIDTH = 200  # columns for tables and panels when the output is a pipe or a file


def console_for(stream: TextIO | None = None) -> Console:
    """Rich wraps at 80 columns when the output is not a terminal, which cuts error lines and file
    names in two in a log or after `| grep`: piped text is not wrapped, and tables get room
    (COLUMNS, when set, wins)."""
    stream = stream or sys.stdout
    if stream.isatty() or os.environ.get("COLUMNS"):
        return Console(highlight=False)
    return Console(highlight=False, width=PIPED_WIDTH, soft_wrap=True)
