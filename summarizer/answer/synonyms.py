"""Words that news copy uses for one another, so that a question in other words still finds its passage.

"How many people died?" is answered by "the blast killed 213"; "Which minister got hurt?"
by "the minister was injured". A small table of common news paraphrases, and numbers
written in words or in figures. A synonym counts a little less than the word itself
(SYNONYM_WEIGHT): it ranks a passage, it never makes one exact.
"""

from __future__ import annotations

import re
from functools import lru_cache

SYNONYM_WEIGHT = 0.8

# Each line is one group of words (and their common forms) that news copy uses for one another.
_GROUPS = """
kill killed killing killings dead death deaths die died dies dying toll fatalities lives
hurt injure injured injuring injuries injury wound wounded wounding
arrest arrested arrests detain detained detention custody apprehend apprehended capture captured seized
sell sold sale divest divested divestment
vote voted votes voting ballot ballots
rating ratings downgrade downgraded
talks negotiations negotiate negotiated negotiating negotiators
money funds funding fund cash dollars dlrs aid assistance
join joined joining joins accession membership admission admit admitted admits entry enter entered members member
ratify ratified ratifies ratification approve approved approval endorse endorsed
attack attacks attacked bombing bombings blast blasts explosion explosions bomb bombs bombed
strike strikes struck airstrike airstrikes raid raids attack attacks attacked
charge charged charges indict indicted indictment accuse accused
plead pleaded pleads plea
resign resigned resignation quit step stepped
expel expelled expulsion deport deported deportation oust ousted
fire fired launch launched
deadline deadlines ultimatum
agreement agreements deal deals accord accords pact treaty
ceasefire truce
government administration authorities
troops soldiers forces
reward bounty
cost costs price spend spending expense expenses
owe owes owed owing due debt debts
condition conditions demand demands terms requirement requirements must
compensation compensate payment payments payout damages
rebuild rebuilt reconstruct reconstruction
ban banned bans prohibit prohibited outlaw
meeting meet met summit
swap swaps swapped exchange exchanges exchanged
visit visited visiting trip tour
protest protests protested protesters demonstration demonstrations rally rallies march
court judge ruling ruled
lawyer lawyers attorney attorneys counsel
leader leaders head chief
trial hearing
"""

_NUMBERS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
            "sixteen seventeen eighteen nineteen twenty").split()
_TENS = {"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
         "hundred": 100}


@lru_cache(maxsize=1)
def _table() -> dict[str, frozenset[str]]:
    table: dict[str, frozenset[str]] = {}
    for line in _GROUPS.strip().splitlines():
        group = frozenset(line.split())
        for word in group:
            table[word] = table.get(word, frozenset()) | group
    for i, word in enumerate(_NUMBERS):
        table[word] = table.get(word, frozenset()) | {str(i)}
        table[str(i)] = table.get(str(i), frozenset()) | {word}
    for word, n in _TENS.items():
        table[word] = frozenset({str(n)})
        table[str(n)] = frozenset({word})
    return table


def synonyms(word: str) -> frozenset[str]:
    """The other words that stand for `word` in news copy (not the word itself); empty when none."""
    low = word.casefold()
    return _table().get(low, frozenset()) - {low}


def search_words(words: list[str]) -> list[str]:
    """The words and their synonyms, for a full-text OR query: one-word synonyms only, each once."""
    out = list(words)
    for w in words:
        out += [s for s in sorted(synonyms(w)) if s not in out and re.fullmatch(r"[a-z0-9]+", s)]
    return out
