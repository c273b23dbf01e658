"""Which words a regex needs: the gate that keeps the screens fast.

A screen holds a few thousand alternatives; running every family on every
message costs far more than the 100 microseconds a message may take. From the
parsed pattern we read a set of *anchors*: word keys such that any match must
contain a token with one of them. A family is then only searched when one of
its anchors occurs in the message.

A key is the first PREFIX letters of a word ("trans" gates "transgender"), or
a whole short word ending in "$" ("car$" gates "car", not "card"). Options that
rely on very common words are avoided when the pattern offers better ones.
"""
from __future__ import annotations

import re
from re import _constants as _c, _parser

PREFIX = 6
_WORD_CHAR = re.compile(r"[^\W_]")
_REPEATS = (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT)

COMMON_WORDS = frozenset(
    # English
    "a an the my your his her their our i you me we it its s t d m ll re ve of to in on for and or is are be do this that"
    " at by as so not no all any some can could would should will how what why when where who which get got have has had"
    " was were been being with from there here need want make made up out off over into about after before just only also"
    " then than very too more most much many money card account pay payment use used work time day one two new still yet"
    " if but him them they he she did does done go going like know see back again way help please thanks thank"
    # German
    " ich du er sie es wir ihr ist sind war und oder der das den dem des ein eine einen nicht mit von zu im auf fur wie"
    " wer wo kann konnen habe hat mein meine bitte"
    # Italian
    " io tu lui lei noi voi e il lo la le gli un una di da del della con per che come non mi ti si ho ha mio mia posso"
    " sono perche dove quando".split()
)


def anchors(pattern: str) -> frozenset[str] | None:
    """Keys such that every match of `pattern` has a token with one of them, or None."""
    # a pattern that does not start with \\b or ^ may match inside a word: no anchors then
    return _sequence(list(_parser.parse(pattern).data), at_start=False, end_boundary=False)


def token_keys(token: str) -> list[str]:
    """The keys a message token answers to."""
    if len(token) >= PREFIX:
        return [token[:i] for i in range(1, PREFIX + 1)]
    return [token + "$"] + [token[:i] for i in range(1, len(token) + 1)]


def cost(keys: frozenset[str]) -> int:
    return sum(1000 if _bare(key) in COMMON_WORDS or len(_bare(key)) < 2 else 1 for key in keys)


def _bare(key: str) -> str:
    return key.rstrip("$")


def _is_boundary(item, end_boundary: bool) -> bool:
    if item is None:
        return end_boundary
    op, av = item
    if op is _c.LITERAL:
        return not _WORD_CHAR.match(chr(av))
    return op is _c.AT and av in (_c.AT_BOUNDARY, _c.AT_END, _c.AT_END_STRING)


def _sequence(items, *, at_start: bool, end_boundary: bool) -> frozenset[str] | None:
    options: list[frozenset[str]] = []
    run: list[str] = []
    run_at_start = boundary = at_start

    def flush(next_item) -> None:
        if run and run_at_start:
            word = "".join(run)
            if len(word) >= PREFIX:
                options.append(frozenset({word[:PREFIX]}))
            elif _is_boundary(next_item, end_boundary):
                options.append(frozenset({word + "$"}))
            else:
                options.append(frozenset({word}))
        run.clear()

    for index, (op, av) in enumerate(items):
        following = items[index + 1] if index + 1 < len(items) else None
        if op is _c.LITERAL and _WORD_CHAR.match(chr(av)):
            if not run:
                run_at_start = boundary
            run.append(chr(av).lower())
            boundary = False
            continue
        group = op in (_c.SUBPATTERN, _c.BRANCH)
        if group and run and run_at_start and len(run) < PREFIX:
            # the parser factors shared prefixes ("myself|meself" -> "m" + "yself|eself"):
            # glue the run to each way the group can start
            leads = _leads([(op, av)])
            if leads is not None:
                options.append(frozenset(("".join(run) + lead)[:PREFIX] for lead in leads))
                run.clear()
                boundary = _ends_open(op, av)
                continue
        flush((op, av))
        sub_end = _is_boundary(following, end_boundary)
        if op is _c.LITERAL:
            boundary = True  # a space or punctuation: the next letter starts a token
        elif op is _c.AT:
            boundary = boundary or av in (_c.AT_BOUNDARY, _c.AT_BEGINNING, _c.AT_BEGINNING_STRING)
        elif op in (_c.ASSERT, _c.ASSERT_NOT):
            continue
        elif op is _c.SUBPATTERN:
            found = _sequence(list(av[-1].data), at_start=boundary, end_boundary=sub_end)
            if found is not None:
                options.append(found)
            boundary = _ends_open(op, av)
        elif op is _c.BRANCH:
            found = _branches(av[1], boundary, sub_end)
            if found is not None:
                options.append(found)
            boundary = _ends_open(op, av)
        elif op in _REPEATS:
            low, _high, sub = av
            if low >= 1:
                found = _sequence(list(sub.data), at_start=boundary, end_boundary=False)
                if found is not None:
                    options.append(found)
            boundary = (boundary or low >= 1) and _ends_open(_c.SUBPATTERN, (None, 0, 0, sub))
        else:
            boundary = False  # a character class or wildcard: we are inside a token
    flush(None)
    return min(options, key=cost) if options else None


def _branches(alternatives, at_start: bool, end_boundary: bool) -> frozenset[str] | None:
    keys: set[str] = set()
    for alt in alternatives:
        found = _sequence(list(alt.data), at_start=at_start, end_boundary=end_boundary)
        if found is None:
            return None
        keys |= found
    return frozenset(keys)


def _leads(items) -> set[str] | None:
    """The letters a sequence starts with (up to PREFIX), for each way it can start."""
    if not items:
        return {""}
    op, av = items[0]
    if op is _c.LITERAL and _WORD_CHAR.match(chr(av)):
        rest = _leads(items[1:])
        return None if rest is None else {(chr(av).lower() + tail)[:PREFIX] for tail in rest}
    if op is _c.LITERAL:
        return {""}
    if op is _c.SUBPATTERN:
        return _leads(list(av[-1].data) + list(items[1:]))
    if op is _c.BRANCH:
        found: set[str] = set()
        for alt in av[1]:
            lead = _leads(list(alt.data) + list(items[1:]))
            if lead is None:
                return None
            found |= lead
        return found
    return None


def _ends_open(op, av) -> bool:
    """Whether a group ends in a space or punctuation, so a token starts after it."""
    if op is _c.SUBPATTERN:
        items = list(av[-1].data)
        return bool(items) and _ends_open(*items[-1])
    if op is _c.BRANCH:
        return all(alt.data and _ends_open(*list(alt.data)[-1]) for alt in av[1])
    if op is _c.LITERAL:
        return not _WORD_CHAR.match(chr(av))
    return False
