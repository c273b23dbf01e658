"""The output screen: the last check on a reply before a customer sees it.

Blocks, without a model: a reply whose self-evaluation is `unsafe` or missing
(the CSR bot's rule), a reply that leaks the protocol, internal document
sections or internal resources (a long shared word sequence, a protected file
name, backstage command syntax), and a reply that states or implies a product
is safe for a health condition (the engine replaces it with the health
escalation, which quotes the label verbatim and never judges).
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from core.safety.lexicon.text import fold, words

SHARED_WORDS = 8  # this many consecutive words shared with a protected text is a leak
# A filler word slipped in every few words breaks long runs but leaves short ones: this many
# distinct, non-overlapping runs of SHORT_RUN protected words in one reply are a leak too.
SHORT_RUN = 4
SHORT_RUNS = 3

_COMMAND = re.compile(
    r"\bcat\s+[\w./-]+\.(?:txt|md|json|py|toml|yaml)\b"
    r"|\bpython3?\s+[\w./-]+\.py\b"
    r"|\becho\s+\$"
    r"|(?:^|\n)\s*\$\s+(?:cat|python3?|echo|ls)\b"
    r"|\s--help\b|\.py\s+--[a-z]"
    r"|\bevaluation\s*:\s*(?:safe|unsafe)\b"
)
# Every alternative of _COMMAND holds one of these: a reply without any skips the pattern, which
# has no common start and is otherwise tried at every position.
_COMMAND_SIGNS = ("cat", "python", "echo", "$", "--help", ".py", "evaluation")
_SENTENCE = re.compile(r"[.!?;\n]+")
_CONDITION = re.compile(
    r"\b(?:allerg\w*|intoleran\w*|celiac\w*|coeliac\w*|gluten\w*|lactose|nuts?|peanuts?|sesame|shellfish|pregnan\w*|breastfeed\w*|diabet\w*|medication|medicine|medical condition|condition|kidney|heart|blood pressure"
    r"|allergi\w*|intolleran\w*|celiach\w*|celiac[oi]|glutine|lattosio|arachidi|frutta a guscio|incinta|gravidanza|allatt\w*|farmac[oi]|malattia|patologia"
    r"|unvertraglich\w*|zoliakie|glutenfrei|laktose\w*|erdnuss\w*|nusse|schwanger\w*|stillzeit|medikament\w*|krankheit)\b"
)
_CLAIM = re.compile(
    r"\b(?:safe|safely|suitable|fine|ok|okay|no problem|no problems|harmless|no risk|risk free|won t (?:harm|hurt)|will not (?:harm|hurt)|can (?:eat|have|enjoy|consume|take|drink)|free (?:from|of)|(?:gluten|lactose|nut|peanut|dairy|allergen|egg|soy|milk|sugar) free"
    r"|doesn t contain|does not contain|contains no|no (?:gluten|lactose|nuts|traces)|recommended|perfect for|great for|good for"
    r"|adatt[oaie]|sicur[oaie]|senza (?:problemi|rischi)|nessun (?:problema|rischio)|puo (?:mangiare|mangiarlo|mangiarla|prendere)|puoi (?:mangiare|mangiarlo|mangiarla)|non contiene|va bene|indicat[oaie]"
    r"|geeignet|unbedenklich|sicher|kein problem|bedenkenlos|enthalt kein\w*|vertraglich)\b"
)
# A condition's word starts a word: a reply none of whose words begins with one of these three
# letters names none, and skips _CONDITION (an alternation of some sixty words, tried at every word).
_CONDITION_HEADS = frozenset(
    re.match(r"[a-z]+?(?=[a-z]?[?*]|[^a-z]|$)", alternative).group(0)[:3]
    for alternative in _CONDITION.pattern[len(r"\b(?:") : -len(r")\b")].split("|")
)
assert all(len(head) == 3 for head in _CONDITION_HEADS)
_DEFERRAL = re.compile(
    r"\b(?:cannot|can t|unable to|not able to|not in a position to|won t be able to|non (?:posso|possiamo|siamo in grado di)|kann (?:ich )?nicht|konnen (?:wir )?nicht)\b(?: \w+){0,3} "
    r"(?:say|tell|confirm|advise|guarantee|assess|judge|decide|dire|confermare|garantire|valutare|sagen|bestatigen|garantieren|beurteilen)\b"
)


@dataclass(frozen=True, slots=True)
class OutputVerdict:
    kind: str  # "ok" | "leak" | "health_claim" | "unsafe" | "unevaluated"
    reasons: tuple[str, ...] = ()


class OutputScreen:
    def __init__(self, protected_texts: Iterable[str], protected_names: Iterable[str]) -> None:
        self._shingles: set[str] = set()
        self._short: set[str] = set()
        self._vocabulary: set[str] = set()
        for text in protected_texts:
            tokens = words(fold(text)).split()
            self._vocabulary.update(tokens)
            for i in range(len(tokens) - SHARED_WORDS + 1):
                self._shingles.add(" ".join(tokens[i : i + SHARED_WORDS]))
            for i in range(len(tokens) - SHORT_RUN + 1):
                self._short.add(" ".join(tokens[i : i + SHORT_RUN]))
        spellings: set[str] = set()
        for name in protected_names:
            name = fold(name.strip())
            if not name:
                continue
            spellings.add(name)
            stem = name.rsplit(".", 1)[0]
            if stem != name and re.search(r"[_-]", stem):
                spellings.add(stem)  # "refund_procedure" is as telling as "refund_procedure.txt"
        # the pattern matches one of them: a reply without any skips it ("cooking_guide.txt" holds
        # "cooking_guide": the shorter alone is looked for, half as many substring tests)
        self._spellings = tuple(s for s in spellings if not any(t != s and t in s for t in spellings))
        self._names = (
            re.compile(r"(?<![\w])(?:" + "|".join(sorted(map(re.escape, spellings), key=len, reverse=True)) + r")(?![\w])")
            if spellings
            else None
        )

    def check(self, reply: str, evaluation: str | None) -> OutputVerdict:
        verdict = (evaluation or "").strip().casefold()
        if verdict == "unsafe":
            return OutputVerdict("unsafe", ("evaluation:unsafe",))
        if verdict != "safe":
            return OutputVerdict("unevaluated", ("evaluation:missing",))
        plain = fold(reply)
        tokens = words(plain)  # read once for both checks
        leaks = self._leaks(plain, tokens)
        if leaks:
            return OutputVerdict("leak", tuple(leaks))
        if claim := self._health_claim(plain, tokens):
            return OutputVerdict("health_claim", (claim,))
        return OutputVerdict("ok")

    def _leaks(self, plain: str, tokens: str | None = None) -> list[str]:
        found = []
        if self._shingles and self._shares_text((words(plain) if tokens is None else tokens).split()):
            found.append("leak:shared_text")
        if self._names is not None and any(s in plain for s in self._spellings) and self._names.search(plain):
            found.append("leak:file_name")
        if any(sign in plain for sign in _COMMAND_SIGNS) and _COMMAND.search(plain):
            found.append("leak:command")
        return found

    def _shares_text(self, tokens: list[str]) -> bool:
        """A long run of protected words, also once words foreign to the protected texts
        (fillers) are dropped, or several shorter runs (fillers that are common words)."""
        kept = [t for t in tokens if t in self._vocabulary]
        # Only `kept` is read for long runs: a run of the reply's own words that the protected
        # texts share has only words of their vocabulary, so it stands in `kept` unbroken too.
        if any(" ".join(kept[i : i + SHARED_WORDS]) in self._shingles for i in range(len(kept) - SHARED_WORDS + 1)):
            return True
        runs, seen = 0, set()
        for start, end in _stretches([t in self._vocabulary for t in tokens]):
            i = start  # a short run lies inside one stretch of protected words
            while i <= end - SHORT_RUN:
                run = " ".join(tokens[i : i + SHORT_RUN])
                if run in self._short and run not in seen:
                    seen.add(run)
                    runs += 1
                    if runs >= SHORT_RUNS:
                        return True
                    i += SHORT_RUN  # non-overlapping: one long quote counts once per four words
                else:
                    i += 1
        return False

    @staticmethod
    def _health_claim(plain: str, tokens: str | None = None) -> str | None:
        tokens = words(plain) if tokens is None else tokens
        if not any(word[:3] in _CONDITION_HEADS for word in tokens.split()) or not _CONDITION.search(tokens):
            return None  # no condition named anywhere: no sentence to read
        for sentence in _SENTENCE.split(plain):
            sentence = words(sentence)
            condition = _CONDITION.search(sentence)
            if condition and _CLAIM.search(sentence) and not _DEFERRAL.search(sentence):
                return f"health_claim:{condition.group(0)}"
        return None


def _stretches(inside: list[bool]) -> list[tuple[int, int]]:
    """The [start, end) spans of consecutive True values at least SHORT_RUN long."""
    spans, start = [], None
    for i, flag in enumerate([*inside, False]):
        if flag and start is None:
            start = i
        elif not flag and start is not None:
            if i - start >= SHORT_RUN:
                spans.append((start, i))
            start = None
    return spans
