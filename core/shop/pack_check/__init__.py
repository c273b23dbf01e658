"""Validate a knowledge pack (knowledge/FORMAT.md) and explain every problem with file and line.

The checker never raises on a broken pack: each file is read defensively and every
finding becomes a `Problem`, so `csbot knowledge check` can print a list, not a traceback.
One module per pack file: settings (pack.toml), document (document.md, resources/),
programs (programs/*.json), scenarios (eval.yaml); pack runs them all.
"""
from core.shop.pack_check.pack import check_pack, resolve_pack_dir
from core.shop.pack_check.problems import Problem
from core.shop.pack_check.scenarios import DUTIES

__all__ = ["DUTIES", "Problem", "check_pack", "resolve_pack_dir"]
