"""What a question asks for: its type, its content terms and which of them must be found.

The type decides what an answer must contain (a date, a number, a place, a
quote); the terms decide where to look and, weighted by how rare they are in
the store, whether what was found is about the question at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.lang.en.stop_words import STOP_WORDS

_WORD = re.compile(r"[A-Za-z0-9\u00C0-\u024F][\w\u00C0-\u024F'’]*")
# Words that frame a question rather than say what it is about: an answer need not repeat them.
FRAME = {
    "who", "whom", "whose", "what", "when", "where", "why", "how", "which", "many", "much", "did", "does", "do",
    "say", "says", "said", "tell", "told", "think", "view", "views", "position", "stance", "opinion", "latest",
    "news", "new", "happen", "happens", "happened", "happening", "mean", "means", "exactly", "currently", "current",
    "actually", "really", "know", "known", "details", "detail", "thing", "things", "take", "place", "held",
    "expected", "supposed", "going", "get", "got", "time", "date", "day", "long", "far", "come", "comes",
    "react", "reaction", "respond", "response", "reply", "comment", "stand", "stands", "update", "status",
    "will", "would", "could", "should", "can", "shall", "make", "made", "plan", "plans", "planned", "want",
    "wants", "wanted", "happen", "does", "people", "number", "total", "amount", "big", "large", "kind", "size",
    "high", "steep",
    "involved", "role", "main", "part", "report", "reported", "reports", "story", "article", "source", "sources",
    # "this month", "so far", "right now": when the question is asked, not what it is about
    "today", "tonight", "yesterday", "tomorrow", "now", "month", "week", "far",
}
_DEADLINE = re.compile(r"\b(?:deadline|ultimatum|expir\w*|due|run(?:s)? out|end(?:s)?|lapse\w*|meet(?:ing)?|"
                       r"resum\w*|take effect|apply|applies|start\w*|begin\w*|publish\w*|clock|truce|summit)\b", re.I)
# The verb in lower case: "What does the United States want?" is not "the United" stating.
# "What is Russia saying", "What's the union demanding": after is/was, only the -ing form ("What is the deadline
# for firms to respond" is no quote).
_SAY = re.compile(r"^what(?: (?:did|does|has|have|do|had) (?P<who>.+?) (?-i:say|said|tell|told|think|claim|announce|"
                  r"argue|state|reply|respond|warn|ask|demand|want|propose|offer|write|wrote|post)\w*"
                  r"|(?: is| was| are| were|['’]s|['’]re) (?P<who2>.+?) (?-i:say|tell|think|claim|announc|argu|stat|"
                  r"reply|respond|warn|ask|demand|want|propos|offer|writ|post)\w*ing)\b(?P<rest>.*)$", re.I)
_VIEW = re.compile(r"^what(?:'s|’s| is| was) (?P<who>.+?)(?:'s|’s) (?:view|position|stance|opinion|line|take|"
                   r"answer|response|reaction|demand)\b(?P<rest>.*)$", re.I)
_AHEAD = re.compile(r"^when (?:will|would|shall)\b|\b(?:next|upcoming|coming|another|new)\b|'ll\b", re.I)
_BOUND = re.compile(r"^(?:and\s+)?when\s+(?:must|(?:do|does|did)\s+.+?\s+(?:have|need)\s+to|(?:is|are|was|were)\s+.+?"
                    r"\s+(?:required|obliged|due)\s+to)\b", re.I)
_UNTIL = re.compile(r"^(?:until|till|by|up to) when\b", re.I)
_YESNO = re.compile(r"^(?:is|are|was|were|did|does|do|has|have|had|will|can|could|would|should)\b", re.I)
_ORDINALS = {"first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"}
_LEAD = re.compile(r"^(?:and|so|but|ok|okay|also|then)\b[,\s]*", re.I)
_DOTTED = re.compile(r"\b([A-Za-z])\.([A-Za-z])\.(?:([A-Za-z])\.)?")  # "U.S." is "US"


@dataclass
class Term:
    word: str            # as written, lower-cased
    stems: list[str]     # index terms (porter) of the word
    key: bool = False    # a name, a number or a rare noun: the answer's document must contain it
    weight: float = 1.0  # IDF, times 0.5 for verbs and adjectives
    df: int = 0
    roots: list = field(default_factory=list)  # per word part: the forms that match it in a passage
    pos: str = ""  # spaCy part of speech in the question, when tagged
    optional: bool = False  # names what the answer is ("what is the deadline"), so a source need not say it
    alts: frozenset = frozenset()  # other words news copy uses for it (synonyms, a number in words)
    share: float = 1.0  # 1/n for each word of an n-word name: the name weighs as one word
    rare: bool = False  # a noun the store seldom uses: what the question is specifically about


@dataclass
class Query:
    text: str
    kind: str            # who | when | duration | where | count | amount | say | why | yesno | what
    terms: list[Term] = field(default_factory=list)
    speaker: str | None = None  # "what did X say": X
    focus: str | None = None    # "how many drones": drones
    deadline: bool = False      # a "when" about something due, expiring or scheduled
    ahead: bool = False         # a "when" about what is still to come: "when will", "the next round"
    until: bool = False         # "until when", "by when": the date something ends, in any tense
    upcoming: bool = False      # "the next strike": the first one not yet past, by today's date
    said: list[str] = field(default_factory=list)  # every word asked, stop words too, follow-ups' topic included
    said_idf: dict[str, float] = field(default_factory=dict)  # ... with its inverse sentence frequency in the store
    said_forms: dict[str, str] = field(default_factory=dict)  # other forms of those words ("owned"), to the word
    measured: tuple[str, ...] = ()  # "What is the fine?", "How large are the penalty payments?": what the figure is of
    measure: str | None = None  # "how deep", "how old": the adjective, which says the unit an answer carries
    head: str | None = None  # "how many crew members": the noun after the focus that may be the counted one

    @property
    def total_weight(self) -> float:
        """What a full answer covers: optional terms only add to a passage's share, capped at all of it."""
        return sum(t.weight for t in self.terms if not t.optional) or 1.0


_MONEY_QUESTION = re.compile(
    r"^what(?:'s| is| was| are| were| will be| would be) (?:the|its|their|his|her|a|an|[\w.-]+['’]s) "
    r"(?:[\w'’-]+ ){0,3}?"
    r"(?P<noun>fine|penalty|penalties|price|cost|bill|budget|sum|ransom|compensation|settlement|damages|tariff|duty"
    r"|duties|levy|bail|payment)s?\b")


# "How high are the duties?", "How big was the fine?": a figure (a sum or a rate).
_HOW_HIGH = re.compile(r"^how (?:high|big|large|steep|heavy|severe) (?:is|are|was|were|will|would|could)\s+"
                       r"(?P<subject>.+?)(?:\s+be)?$")
# "How deep", "how far", "how old": a measure, answered by a figure with its unit.
_HOW_MEASURED = re.compile(r"^how (?P<measure>deep|far|tall|wide|old|fast|close|near|hot|cold)\b")
_AUXILIARIES = frozenset("is are was were be been do does did will would can could should shall may might must has "
                         "have had".split())
_DUE_WORDS = frozenset("deadline deadlines".split())
_ENDING_VERBS = frozenset("expire expires expired lapse lapses lapsed".split())


def question_kind(question: str) -> tuple[str, str | None, str | None]:
    """(kind, speaker, focus) from the wording alone."""
    q = _LEAD.sub("", question.strip()).rstrip("?!. ").strip()
    low = q.lower()
    m = _SAY.match(q)
    if m:
        return "say", (m.group("who") or m.group("who2")).strip(), None
    m = _VIEW.match(q)
    if m:
        return "say", m.group("who").strip(), None
    if re.match(r"^what(?:'s| is| was| will be| would be) the\b.*\b(?:rate|percentage)$", low):
        return "amount", None, "rate"  # "What is the new duty rate?": a figure in percent
    if _MONEY_QUESTION.match(low) or _HOW_HIGH.match(low):
        return "amount", None, "money"  # "What is the fine?": a sum, or failing that the sentence naming it
    m = re.match(r"^how (many|much)\s+(\w[\w-]*)?", low)
    if m:
        # "How much are the owners seeking": the verb is no counted noun
        noun = None if m.group(2) in _AUXILIARIES or m.group(2) in STOP_WORDS else m.group(2)  # "how much per claim"
        return ("count" if m.group(1) == "many" else "amount"), None, noun
    if re.match(r"^how long\b", low):
        return "duration", None, None
    if _HOW_MEASURED.match(low):
        return "amount", None, None  # "How deep is the wreck?": a figure ("13,000 feet", "2 1/2 miles"), not a sentence
    if re.match(r"^(?:when|until when|by when|what (?:time|date|day))\b", low) or \
            re.match(r"^what is the (?:deadline|date)\b", low):
        return "when", None, None
    if low.startswith("where"):
        return "where", None, None
    if re.match(r"^what(?:'s| is| are| was| were) the names? of\b", low):
        return "who", None, None  # "What are the names of the five Iraqis?" asks who they are
    if re.match(r"^(?:who|whom|whose|which (?:country|countries|company|companies|person|official|group|judge|court|"
                r"organi[sz]ation|side|leader|minister))\b", low):
        return "who", None, None
    if low.startswith("why"):
        return "why", None, None
    if _YESNO.match(low):
        return "yesno", None, None
    return "what", None, None


def parse_question(question: str, nlp=None) -> Query:
    """The question's type and terms; `nlp` (spaCy) tags names and parts of speech when given."""
    kind, speaker, focus = question_kind(question)
    query = Query(question, kind, speaker=speaker, focus=focus)
    asked = _LEAD.sub("", question.strip())  # without a follow-up's "and", "so"
    if focus == "money":
        low = asked.rstrip("?!. ").strip().lower()
        m = _MONEY_QUESTION.match(low) or _HOW_HIGH.match(low)
        if m is not None:  # "How much money ...?" names no measured thing: any sum may answer
            named = m.group("noun") if "noun" in m.groupdict() else m.group("subject")
            query.measured = tuple(w for w in re.findall(r"[a-z]+", named) if w not in STOP_WORDS)
    # "How many crew members": the counted noun may be the second word ("Two members of the crew"); not a verb's
    # form ("how many people died") nor a small word ("how many ships were")
    after = re.match(r"how (?:many|much) [\w-]+ ([a-z][\w-]*)", asked.lower())
    if focus and focus not in ("money", "rate") and after and after.group(1) not in STOP_WORDS | _AUXILIARIES \
            and not re.search(r"(?:ed|ing)$", after.group(1)):
        query.head = after.group(1)
    measure = _HOW_MEASURED.match(asked.lower())
    query.measure = measure.group("measure") if measure and kind == "amount" else None
    # "When did Trump announce the deadline?" asks about the past event, not the due date; "When did the
    # deadline expire?" asks for the date it was due.
    query.deadline = kind == "when" and bool(_DEADLINE.search(question)) and (not re.search(
        r"\b(?:did|was|were|had)\b", question, re.I) or bool(re.search(
            r"\b(?:expire|end|run out|lapse)\s*[?.!]*$", question.strip(), re.I)))
    # "By when ...", and "When must they ...": what they are bound to do has a last day, the date that ends it
    # ("as soon as Wednesday or as late as Nov. 12" answers "Nov. 12").
    query.until = kind == "when" and bool(_UNTIL.match(asked) or _BOUND.search(question))
    query.deadline = query.deadline or query.until
    query.ahead = kind == "when" and bool(_AHEAD.search(question)) and not re.search(
        r"\b(?:did|was|were|had)\b", question, re.I)
    # "When will the third round take place" names one event, past or not; "the next strike" is relative to today.
    query.upcoming = query.ahead and bool(re.search(r"\b(?:next|upcoming|coming|another)\b", question, re.I)) \
        and not any(w in _ORDINALS for w in question.lower().split())
    pos: dict[str, str] = {}
    name_size: dict[str, int] = {}
    body = _DOTTED.sub(lambda m: "".join(g for g in m.groups() if g), asked)
    if nlp is not None:
        parsed = nlp(body)
        for tok in parsed:
            pos.setdefault(tok.text.lower().replace("’", "'").split("'")[0], tok.pos_)
        for ent in parsed.ents:
            words = [tok.lower_ for tok in ent if not tok.is_stop and not tok.is_punct]
            for w in words:
                name_size[w] = max(name_size.get(w, 1), len(words))
    seen = set()
    spans: list[tuple[int, int]] = []
    for i, m in enumerate(_WORD.finditer(body)):
        raw = m.group(0).replace("’", "'")
        word = raw.split("'")[0] if raw.lower().endswith("'s") or raw.endswith("'") else raw
        if word.lower().endswith("n't"):  # "wasn't", "didn't": the auxiliary, a stop word
            word = word[:-3]
        low = word.lower()
        # "US" is a country, "us" a stop word: a name written in capitals is kept (unless the whole question is).
        acronym = word.isupper() and len(word) > 1 and not body.isupper()
        if not low or low in seen or (low in STOP_WORDS and low not in _ORDINALS and not acronym) or low in FRAME \
                or len(low) < 2:
            continue
        seen.add(low)
        tag = "VERB" if low in _ENDING_VERBS else pos.get(low, "")  # "When did the deadline expire?": a noun to spaCy
        named = (word[:1].isupper() and i > 0) or tag == "PROPN" or any(c.isdigit() for c in word) or \
            low in _ORDINALS
        t = Term(low, [], key=named)
        t.weight = 0.5 if tag in ("VERB", "ADJ", "ADV", "AUX") and not named else 1.0
        t.pos = tag
        t.share = 1.0 / name_size.get(low, 1)
        if kind == "when" and low in _DUE_WORDS or focus == "rate" and low in ("rate", "percentage") \
                or low == query.measure:  # "how deep": "13,000 feet below" says it without the word
            t.optional, t.weight = True, 0.5  # "by Friday at noon" is a deadline, "to 20.56 percent" a rate, unnamed
        query.terms.append(t)
        spans.append((m.start(), m.end()))
    _share_names(query.terms, spans, body)
    return query


def _share_names(terms: list[Term], spans: list[tuple[int, int]], body: str) -> None:
    """Names of several words ("Dar es Salaam", "Khalfan Khamis Mohamed") weigh as one word, split among its parts.

    A run of named words next to each other, with only spaces or a particle ("es", "bin", "de")
    between them, is one name, whether or not the parser saw it as an entity.
    """
    run: list[int] = []

    def close() -> None:
        if len(run) > 1:
            for j in run:
                terms[j].share = min(terms[j].share, 1.0 / len(run))
        run.clear()

    for j, term in enumerate(terms):
        if term.key and run and re.fullmatch(r"\s+(?:[a-z]{1,3}\s+)?", body[spans[run[-1]][1]:spans[j][0]]):
            run.append(j)
            continue
        close()
        if term.key:
            run.append(j)
    close()
