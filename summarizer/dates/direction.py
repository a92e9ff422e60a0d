"""Past or future? Tense cues around a time expression.

"Monday" in "talks that began on Monday" and in "will meet on Monday" are
different days; a bare weekday, month or quarter is resolved in the direction
the nearest tense cue in its sentence points to. Regexes over a small window
instead of a parser: it keeps the resolver fast and is right for most newswire
sentences (measured on TimeBank; see benchmarks/bench_dates.py).
"""
from __future__ import annotations

import re

_FUTURE = frozenset("""
will 'll shall won't wo upcoming next coming scheduled schedule schedules
expected expects expect expecting due deadline until till would going intends intend
aims aim hopes hope slated tomorrow soon later may might could should must can cannot
can't begins starts opens resumes ends expires convenes payable resume expire convene
""".split())
_PAST = frozenset("""
said was were had did ago last earlier previously yesterday told began came went took made since
gave saw left held won lost sold bought paid rose fell met sent brought kept broke
chose drove fled found fought grew hit hung knew led let put quit ran read rang sank sat
shot shut slid spoke spent spun stood stole struck swore swept threw thought understood
woke wore wrote became built caught dealt drew fed felt flew forgot froze got hid
heard hurt laid lent meant overtook paid rode rose sought shook slept stuck sung taught tore
withdrew
""".split())
PAST_VERBS = _PAST  # shared with spans ("soon became")
# A past plan ("had been due to", "was due"): past in tense, its day on either side of the article's; the
# resolvers that name one day take the nearest (`summarizer.dates.calendar`), the others read it as past.
PLAN = "plan"
# Words ending in -ed that are not past-tense verbs, or that point forward.
_ED_NOT_PAST = frozenset("""
need speed feed seed bed red shed hundred indeed united based proposed
scheduled planned expected deemed unexpected limited alleged so-called
""".split())
# "set", "supposed": future only as "set to expire", "is supposed to end".
# "plans" and "planned" are as often nouns and adjectives ("vacation plans", "planned cuts").
_FUTURE_BEFORE_TO = frozenset("set supposed plan plans planned planning".split())
# "extended to Nov. 20", "postponed until March": the new date lies ahead.
_MOVED = frozenset("extended extend extends postponed postpone delayed delay moved pushed deferred adjourned "
                   "rescheduled".split())
# "postponed from Tuesday to Thursday", "revised the date of its ruling to March 8", "postponed the vote until
# Friday": the date something moved to lies ahead ("extended ... from Oct. 22 to Nov. 22": an abbreviation's full
# stop before a day's number ends no sentence).
MOVED_TO = re.compile(r"\b(?:revised|changed|moved|pushed(?:\s+back)?|postponed|delayed|deferred|extended|rescheduled|"
                      r"put\s+off|brought\s+forward)\b(?:[^.;]|\.(?=\s*\d)){0,60}?\b(?:to|until|till)\s+(?:the\s+)?$", re.I)
# Attribution after the expression ("..., the company said") reports, it does not date the event.
_ATTRIBUTION = frozenset("said says told added reported according".split())
_TOKEN = re.compile(r"[A-Za-z][A-Za-z']*")
# A full stop after an abbreviation ("Jan. 3", "Mr. Bush", "Inc. said") does not end the sentence.
_ABBREV = frozenset("""jan feb mar apr jun jul aug sep sept oct nov dec mr mrs ms dr st co corp inc ltd no jr sr
gen gov sen rep lt col capt sgt maj bros""".split())
_SENT_END = re.compile(r"[.!?;]\s|\n\s*\n|``|''|\"")
_LAST_WORD = re.compile(r"(\w+)\.$")
_NEW_CLAUSE = re.compile(r"[,;]\s*(?:and|but|while|whereas)\s+(?!then\b)|^\s*that\s", re.I)
_ADVERBIAL = re.compile(r"\s(?:after|before|because|once|although|though|unless)\s", re.I)
_RELATIVE_OPEN = re.compile(r",\s*(?:(?:which|who|whose|whom|where|when)\b|[a-z]+ed\s)[^,]*$", re.I)
_AHEAD_PREPOSITIONS = frozenset("by through effective".split())
# "a still unspecified date", "the revised plan": an -ed word after these is an adjective.
_BEFORE_ADJECTIVE = frozenset("a an the this that its their his her our your still already newly".split())
_AUX_BEFORE_PARTICIPLE = frozenset({"be", "been", "being", "is", "are", "to", "'s"})
_MAX_TOKENS = 12
# "decided to admit them in early March": an infinitive looks ahead of the verb that governs it.
# Words after "to" that are not verbs (a destination, "to date") or are not bare infinitives.
_NOT_INFINITIVE = frozenset("""
the a an his her their its our my your this that these those him them us me it one two three
date court power school office work prison jail death trial town church war sea market home
be have
""".split())
# ...and the verbs (or nouns) of commitment that make it look ahead: "agreed to buy", "an agreement to acquire".
_COMMITS = frozenset("""
decided decide decides agreed agree agrees agreement voted vote votes promised promise promises pledged
pledge pledges vowed vow vows threatened threaten threatens offered ordered
urged urge urges asked invited approved approve approves authorized deal plan plans
""".split())

_GOVERNED = frozenset("on in at during".split())  # "announced on", "signed in", "met at"
_COMMITS_PAST = frozenset(w for w in _COMMITS if w.endswith("ed"))
# What a vote or a decision does by being taken: "voted to approve", "agreed to accept".
_VERDICTS = frozenset("approve accept ratify reject adopt endorse authorize authorise back pass confirm uphold "
                      "overturn".split())
# A plan word before its noun ("scheduled negotiations", "the expected vote") says nothing of the tense.
_ATTRIBUTIVE = frozenset("scheduled expected".split())
_AFTER_PLAN = frozenset("to for on in at by until till around between from next this".split())
_NAMES_A_DEADLINE = re.compile(r"(?:['’]s)?\s+(?:deadline|cut-?off|ultimatum)\b", re.I)
_WEEKDAY = re.compile(r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b", re.I)


def _sentence_window(text: str, start: int, end: int, reach: int = 240) -> tuple[str, str]:
    """Text from the sentence start to the expression, and from it to the sentence end.

    Quotes also cut: a quoted sentence has its own tense.
    """
    lo = max(0, start - reach)
    left = text[lo:start]
    cuts = [c for c in _SENT_END.finditer(left) if _ends_sentence(left, c)]
    if cuts:
        left = left[cuts[-1].end():]
    right = text[end:end + reach]
    cut = next((c for c in _SENT_END.finditer(right) if _ends_sentence(right, c)), None)
    if cut:
        right = right[:cut.start()]
    # ", and ministers are expected to...": a coordinated clause has its own tense; so has an adverbial one
    # ("suspended the strike on Thursday after agreeing to hold off until January": Thursday is past).
    clause = _NEW_CLAUSE.search(right) or _ADVERBIAL.search(right)
    if clause:
        right = right[:clause.start()]
    # "The strike, which began on Monday, will continue", "The truce, agreed in May, expires on Friday":
    # the relative or participle clause ends at the comma, and what follows is the main clause's tense.
    if _RELATIVE_OPEN.search(left) and right.lstrip().startswith(","):
        right = ""
    return left, right


def _ends_sentence(text: str, cut: re.Match) -> bool:
    if cut.group()[0] != ".":
        return True
    word = _LAST_WORD.search(text, max(0, cut.start() - 8), cut.start() + 1)
    return not (word and (word.group(1).lower() in _ABBREV or len(word.group(1)) == 1))


# Verbs whose past is their present: past in a news report, unless a modal or "to" governs them.
_SAME_IN_PAST = frozenset("put hit let quit read shut hurt set cut cost spread split shed burst".split())
_GOVERNS_BARE_VERB = frozenset("will 'll would shall should can could may might must do does did not n't".split())


def _same_in_past(tokens: list[str], i: int) -> str | None:
    """'past' for "the board set aside", None for "will put forward" or "to set up" (the modal is the cue)."""
    prev = tokens[i - 1].lower() if i else ""
    return None if prev in _GOVERNS_BARE_VERB or prev in _AUX_BEFORE_PARTICIPLE else "past"


def _cue(tokens: list[str], i: int, weekday: bool = False) -> str | None:
    tok = tokens[i].lower()
    nxt = tokens[i + 1].lower() if i + 1 < len(tokens) else ""
    if tok in _ATTRIBUTIVE and tokens[i + 1:i + 2] and tokens[i + 1][0].islower() and nxt not in _AFTER_PLAN and (
            not i or tokens[i - 1].lower() not in _AUX_BEFORE_PARTICIPLE | {"was", "were", "had", "has", "have"}):
        return None  # "cancel scheduled negotiations in early June": an adjective, the verb before it is the cue
    if tok in _FUTURE_BEFORE_TO and nxt not in ("to", "for"):
        return _same_in_past(tokens, i) if tok in _SAME_IN_PAST else None  # "set aside", not "set to expire"
    if tok == "next" and nxt == "to":
        return None  # "the blasts next to the embassies": a place, not the future
    if tok in _FUTURE or tok in _FUTURE_BEFORE_TO or (tok in _MOVED and nxt in ("to", "until", "till")):
        # "had been due to expire Friday", "had been scheduled", "the payment was due in May": a plan told in
        # the past, dropped or moved. Its day may lie on either side of the article's: "had been due to take
        # effect on Monday" in a Saturday report of a change made before it came is the coming Monday.
        if "had" in (t.lower() for t in tokens[max(0, i - 4):i]):  # "had been due to expire"
            return PLAN
        if tok == "due" and i and tokens[i - 1].lower() in ("was", "were"):
            return PLAN
        return "future"
    if tok in ("is", "are") and i + 1 < len(tokens) and tokens[i + 1].lower() == "to":
        return "future"
    if (i > 1 and tokens[i - 1].lower() == "to" and tokens[i - 2].lower() in _COMMITS
            and tokens[i][0].islower() and tok not in _NOT_INFINITIVE and not tok.endswith(("ing", "ed", "s"))):
        # "voted to approve the contract on Monday": the approval is the vote, and a weekday in a report dates
        # the act reported (the verb before "to" tells its tense). "agreed to meet again on Monday", "decided
        # to admit them in early March" look ahead.
        return None if weekday and tokens[i - 2].lower() in _COMMITS_PAST and tok in _VERDICTS else "future"
    if tok in ("was", "were") and (nxt in _FUTURE or nxt in _FUTURE_BEFORE_TO or nxt == "about"):
        return None  # "were planning to", "was expected to": let the plan speak, not the auxiliary
    if tok in _SAME_IN_PAST and tok not in _FUTURE_BEFORE_TO:
        return _same_in_past(tokens, i)
    if tok in _PAST:
        # "when the case is heard", "will be held": an irregular participle after "be" is no past event.
        if i and tokens[i - 1].lower() in _AUX_BEFORE_PARTICIPLE and tok not in ("was", "were", "had", "did"):
            return None
        return "past"
    if len(tok) > 4 and tok.endswith("ed") and tok not in _ED_NOT_PAST and tokens[i][0].islower():
        prev = tokens[i - 1].lower() if i else ""
        # "will be signed", "to be completed": a participle, not a past event.
        if prev in _AUX_BEFORE_PARTICIPLE or prev in _BEFORE_ADJECTIVE or tok.startswith("un"):
            return None
        return "past"
    return None


def direction(text: str, start: int, end: int) -> str | None:
    """'past', 'future', PLAN or None (no cue) for the expression text[start:end]."""
    weekday = bool(_WEEKDAY.search(text, start, end))
    left, right = _sentence_window(text, start, end)
    ltoks = _TOKEN.findall(left)
    if weekday and (named := _NAMES_A_DEADLINE.match(right)):
        # "gave the administration the midnight Wednesday deadline": "deadline" is part of the day's name, no
        # tense. Set in a past report, the day is the nearest one ("gave ... the Wednesday deadline" on Thursday
        # is yesterday; "met on Monday, ahead of the Friday deadline" on Thursday is tomorrow).
        found = _direction_of(left, ltoks, _TOKEN.findall(right[named.end():]), right[named.end():], weekday)
        return PLAN if found == "past" else found or "future"
    return _direction_of(left, ltoks, _TOKEN.findall(right), right, weekday)


def _direction_of(left: str, ltoks: list[str], rtoks: list[str], right: str, weekday: bool) -> str | None:
    if len(ltoks) >= 3 and right.lstrip().startswith(","):
        rtoks = [t for t in rtoks if t.lower() not in _ATTRIBUTION]
    # "in a statement later Friday", "earlier today": the word places the moment within the day,
    # it says nothing of the tense; the verb around it does.
    if ltoks and re.search(r"\b(?:later|earlier)\s+$", left, re.I):
        ltoks = ltoks[:-1]
    before = [t.lower() for t in ltoks[-7:-1]]
    if MOVED_TO.search(left):
        return "future"
    # "by August", "through January", "effective June 1": a limit or a start ahead; but not
    # "had filed by Wednesday" (done before it) or "this year through August" (a span so far).
    if ltoks and ltoks[-1].lower() in _AHEAD_PREPOSITIONS and "had" not in before and not (
            before and before[-1] in ("year", "quarter", "months", "weeks", "date")):
        return "future"
    # "the tariffs announced on Saturday will be paused": the verb the expression's preposition hangs on
    # dates it, before any cue further on ("will").
    if len(ltoks) >= 2 and ltoks[-1].lower() in _GOVERNED and (cue := _cue(ltoks, len(ltoks) - 2, weekday)):
        return cue
    # Look outwards, one step on each side per round; the left side first
    # because in news the verb usually precedes its time ("said Monday").
    for dist in range(_MAX_TOKENS):
        li = len(ltoks) - 1 - dist
        if li >= 0:
            cue = _cue(ltoks, li, weekday)
            if cue:
                return cue
        if dist < len(rtoks):
            cue = _cue(rtoks, dist, weekday)
            if cue:
                return cue
    return None
