"""Who did it: an answer to "how many drones did Ukraine launch" must say that Ukraine launched them.

Retrieval matches words, not roles, so "Russia launched 426 drones at Ukraine"
covers "How many drones did Ukraine launch at Moscow?" as well as the right
question. When a question's subject is an actor (a country, organisation or
person), a candidate sentence answers it only if the dependency parse makes
that actor (or an alias of it: Kremlin, Moscow and Putin are Russia) the agent
of the question's verb, or of a close synonym: its subject, the "by" of a
passive, the head a relative clause hangs on. Being the object or target
("at Ukraine", "on Kyiv") does not count, and neither does a sentence that
never uses the verb: the engine then moves on to the next candidate. Within
an accepted sentence, a date or number in the actor's own clause wins over
one elsewhere. Questions whose subject is not an actor are not checked.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache

from summarizer.facts.actors import (
    AGENT_NOUNS,
    ActorTable,
    clean_name,
    describes_a_thing,
)
from summarizer.text.datelines import blank_dateline
from summarizer.text.nlp import english, governing_verb

# "How many drones did | Ukraine launch at Moscow": the rest after the auxiliary holds the subject and verb.
_AUX = re.compile(r"^(?:(?:how (?:many|much)\b.*?|how long|(?:by |until )?when|where|why)\s+"
                  r"(?:did|does|do|will|would|can|could|has|have|had|should|shall|is|are|was|were)"
                  # "What did Israel reject?" ("What was Meta's fine?" has no doer)
                  r"|what(?: [a-z]+)?\s+(?:did|does|do|will|would|can|could|has|have|had|should|shall))\s+"
                  r"(?P<rest>.+)$", re.I)
_PASSIVE = re.compile(r"^(?:how (?:many|much)\b.*?|how long|(?:by |until )?when|where|why)\s+(?:is|are|was|were|has been|"
                      r"have been|had been|will be|would be)\s+.+?\s+\w+(?:ed|en|wn|ld|lt|nt|ught)\b(?:\s+(?:by|for|in|at|"
                      r"on|with|from|over)\b.*)?\s*[?!.]*$", re.I)
_BE_TO = re.compile(r"\s(?:supposed|due|scheduled|expected|set|slated|going|planning|likely|about|meant)\s+to\s", re.I)
# Verbs that count as the question's verb: a source rarely repeats the question's exact word.
_SYNONYMS = [
    {"launch", "fire"},
    {"send", "deliver", "supply", "ship", "provide", "give", "transfer"},
    {"fund", "finance", "pay", "buy", "purchase", "provide"},
    {"pledge", "promise", "commit", "offer", "allocate", "earmark", "provide"},
    {"propose", "suggest", "offer", "float"},
    {"visit", "travel", "go", "fly", "come", "arrive"},
    {"meet", "talk", "hold", "gather", "convene", "host"},
    {"discuss", "debate", "consider", "examine", "talk"},
    {"demand", "insist", "want", "ask", "urge", "call", "seek", "request"},
    # "how much does Greece owe": "Greece must make a 1.6 billion euro payment" (a light verb and its noun)
    {"owe", "pay", "repay", "payment", "repayment"},
    # "where did the US hit back": "U.S. forces launched cruise missile strikes"
    {"hit", "strike", "attack", "bomb", "launch", "retaliate"},
    {"expect", "await", "hope", "want", "anticipate"},
    {"reject", "refuse", "dismiss", "oppose", "rule"},
    {"add", "put", "include", "list", "blacklist", "target", "sanction"},
    {"release", "free", "exchange", "swap", "return", "hand", "repatriate"},
    {"adopt", "approve", "agree", "pass"},
    {"announce", "unveil", "declare", "give", "set", "issue"},
    {"start", "begin", "launch"},
    {"write", "post", "tweet"},  # "what did Sybiha write on X": not what she told reporters
    {"impose", "levy", "apply", "slap"},
    {"lead", "head", "chair", "run"},
    {"host", "stage", "organise", "organize"},
    {"win", "beat", "defeat"},
]
# "What did X say": any verb that reports speech or writing.
SAYING = frozenset("say tell write add warn state post declare announce insist stress note claim argue reply "
                   "respond ask call urge demand accuse deny reject welcome propose offer caution predict "
                   "promise pledge vow repeat explain confirm suggest tweet comment describe exclaim".split())
_PRONOUNS = frozenset("he she it they we i".split())
_PHRASE_DEPS = {"compound", "poss", "amod", "appos", "flat", "nmod", "conj", "det", "case", "prep", "pobj", "cc",
                "punct"}


@dataclass(frozen=True)
class Role:
    """The actor(s) a question asks about and the verb it asks what they did."""

    actors: tuple[str, ...]  # as written in the question: "Ukraine", "India", "the AI Office"
    verb: str                # lemma: "launch"
    saying: bool = False     # "what did X say": any reporting verb will do
    negated: bool = False    # "why did X not sign": then only a negated verb answers
    named: bool = False      # the act may be named by its noun ("Daley's visit"): asked when or where it is


_PARSED: OrderedDict = OrderedDict()
_KEPT = 512
# Where texts to parse are looked up first while a question is answered (see `stored_parses`).
_STORED: ContextVar[Callable[[list[str]], Mapping] | None] = ContextVar("stored_parses", default=None)


@contextmanager
def stored_parses(lookup: Callable[[list[str]], Mapping]) -> Iterator[None]:
    """While inside, a text to parse is first asked of `lookup(texts) -> {text: doc}`: the parses made at
    ingest, which are what the model gives for the same text (the stored attributes are all a reader uses)."""
    token = _STORED.set(lookup)
    try:
        yield
    finally:
        _STORED.reset(token)


def parse(text: str):
    """The text parsed once, entities included: each candidate is checked for its actor and then for its span."""
    parse_many([text])
    _PARSED.move_to_end(text)
    return _PARSED[text]


def syntax(text: str):
    """The text's tags, lemmas and dependencies, and its entities only if they were asked for before.

    Most candidates are ruled out on their verbs alone, and the entity recognizer (a network of its
    own, fed by no other component) costs more than the tagger and parser together: it runs on a
    parse only when that parse's entities are read (`named`), and gives what the full pipeline gives.
    """
    parse_many([text], entities=False)
    _PARSED.move_to_end(text)
    return _PARSED[text]


def named(doc):
    """The parse with its entities: the recognizer runs on it in place (once) if it has not yet."""
    if not doc.has_annotation("ENT_IOB"):
        english().get_pipe("ner")(doc)
    return doc


def parse_many(texts, *, entities: bool = True) -> None:
    """Parse the texts not parsed yet in one batch: the model runs several times faster on a batch
    than sentence by sentence, and a question reads up to twenty candidates. `entities=False`: only
    what `syntax` needs."""
    texts = list(dict.fromkeys(t for t in texts if t))
    todo = [t for t in texts if t not in _PARSED]
    lookup = _STORED.get()
    if lookup is not None and todo:
        stored = lookup(todo)
        _PARSED.update((t, stored[t]) for t in todo if t in stored)
        todo = [t for t in todo if t not in _PARSED]
    nlp = english()
    # `disable` holds for this call only: the pipeline is shared with threads parsing documents.
    # Read as ingest read it: a dateline blanked out (the offsets are the sentence's).
    for text, doc in zip(todo, nlp.pipe([blank_dateline(t) for t in todo], disable=[] if entities else ["ner"])):
        _PARSED[text] = doc
    if entities:
        _name_many([_PARSED[t] for t in texts])
    for text in texts:  # just asked for: kept over older parses, read by the caller next
        _PARSED.move_to_end(text)
    while len(_PARSED) > _KEPT:
        _PARSED.popitem(last=False)


def _name_many(docs) -> None:
    """`named` for several parses, in one batch."""
    for _ in english().get_pipe("ner").pipe([d for d in docs if not d.has_annotation("ENT_IOB")]):
        pass  # each doc is annotated in place


def parse_for(role: Role, texts) -> None:
    """Parse candidates for `acts_in` in one batch, with entities for those using the role's verb (the rest
    are ruled out on their verbs)."""
    lemmas = role_lemmas(role)
    texts = [t for t in texts if t and may_say(lemmas, t)]  # the others are ruled out without a parse
    parse_many(texts, entities=False)
    _name_many([_PARSED[t] for t in texts if _role_verbs(role, _PARSED[t])])


_ASPECT = frozenset("start begin stop continue resume keep finish cease".split())  # verbs of an act's phase


def question_role(question: str, *, speaker: str | None = None) -> Role | None:
    """The question's actor subject and verb, or None when its subject is not an actor.

    Questions parse badly ("did Ukraine launch" comes out as a noun phrase), so the
    subject and verb are read from a declarative form, trying each place for the verb:
    "Ukraine will launch at Moscow".
    """
    if speaker:
        doc = parse(speaker)
        actors = _actor_names(doc, doc[:]) or ([clean_name(speaker)] if speaker[:1].isupper() else [])
        common = re.fullmatch(r"(?:the|its|their)\s+(?:[a-z][\w'’-]*\s+)*?(?P<head>[a-z][\w-]*)", speaker.strip(),
                              re.I)
        if not actors and common and common.group("head").lower() not in ("it", "they", "one", "ones"):
            actors = [common.group("head")]  # "the union", "the dockworkers": whoever the story calls that
        if not actors:
            return None
        if re.search(re.escape(speaker) + r"\s+(?:write|wrote|post|tweet)", question, re.I):
            return Role(tuple(actors), "write")
        # "What does Eurofer want?": what it asks for, not whatever it said.
        wanted = re.search(re.escape(speaker) + r"\s+(want|demand|propose|offer|seek|ask)", question, re.I)
        if wanted:
            return Role(tuple(actors), wanted.group(1).lower())
        return Role(tuple(actors), "say", saying=True)
    m = _AUX.match(question.strip().rstrip("?!. "))
    if not m or _PASSIVE.match(question.strip()):
        return None  # "How much was Apple fined?": Apple is who it was done to, not who did it
    rest = m.group("rest")
    # After a form of "be" the verb is a participle in -ing ("Where is the embassy operating from": never
    # "embassy"; "will be hiding" reads "hiding" as "hide"; the passive is ruled out above), or the verb after
    # "due to", "supposed to", "expected to"...: "When is Daley due to visit Kenya" asks when Daley will visit.
    progressive = re.search(r"\b(?:is|are|was|were|'s|'re)\s*$", question.strip()[:m.start("rest")], re.I)
    if progressive and _BE_TO.search(rest):
        rest, progressive = _BE_TO.sub(" ", rest, count=1), None
    words = rest.split()
    modal = ["will", "be"] if progressive else ["will"]
    places = [k for k in range(1, len(words))
              if words[k][:1].islower() and not (progressive and not words[k].lower().endswith("ing"))]
    for n, k in enumerate(places):
        if n == 1:  # the first place was not it: the others are parsed in one batch, several times faster
            parse_many([" ".join(words[:j] + modal + words[j:]) for j in places[1:]], entities=False)
        doc = syntax(" ".join(words[:k] + modal + words[k:]))  # a modal keeps the verb a verb
        verb = next((t for t in doc if t.idx == len(" ".join(words[:k] + modal)) + 1), None)
        if verb is None or verb.pos_ != "VERB" or verb.lemma_ in ("be", "have", "do"):
            continue
        subjects = [c for c in verb.children if c.dep_ == "nsubj" and c.i < verb.i]
        if not subjects or any(c.dep_ == "dobj" and c.pos_ == "VERB" for c in verb.children):
            continue  # no subject, or a noun taken for the verb: "the Canada-EU [will] truce expire"
        actors = _actor_names(named(doc), subjects[0])
        # "When was Kenya to start paying the claims": the act asked about is paying, not starting.
        done = next((c for c in verb.children if c.dep_ == "xcomp" and c.pos_ == "VERB"), None) \
            if verb.lemma_ in _ASPECT else None
        return Role(tuple(actors), (done or verb).lemma_.lower(), negated=_negated(verb)) if actors else None
    return None


def _actor_names(doc, subject) -> list[str]:
    """The actors a subject phrase names: itself if it is one, or those its agent noun stands for."""
    table = ActorTable()
    head = subject.root if hasattr(subject, "root") else subject
    span = range(head.left_edge.i, head.right_edge.i + 1)
    named = [m for m in table.mentions(doc) if m.start in span and (m.actor or m.person)]
    ents = [e for e in doc.ents if e.start in span and e.label_ in ("PERSON", "ORG", "GPE", "NORP")]
    if any(m.start <= head.i < m.end for m in named) or any(e.start <= head.i < e.end for e in ents):
        group = {head.i, *(c.i for c in head.conjuncts)}
        out = [m.text for m in named if any(m.start <= i < m.end for i in group)]
        out += [e.text for e in ents if any(e.start <= i < e.end for i in group) and
                not any(m.start <= e.start < m.end for m in named)]
    elif head.lemma_.lower() in AGENT_NOUNS:
        out = [m.text for m in named] or [e.text for e in ents]
    else:
        return []
    return list(dict.fromkeys(clean_name(n) for n in out))


def who_verb(question: str) -> str | None:
    """The action a "who" question asks about ("Who won the derby?": win), or None ("Who is Kallas?")."""
    m = re.match(r"^who\s+(?P<rest>.+)$", question.strip().rstrip("?!. "), re.I)
    if not m:
        return None
    doc = syntax("Someone " + m.group("rest"))
    verb = next((t for t in doc if t.pos_ in ("VERB", "AUX") and t.i > 0), None)
    if verb is None or verb.lemma_.lower() in ("be", "have", "do", "say") or verb.i > 2:
        return None
    return verb.lemma_.lower()


def verb_synonyms(verb: str) -> set[str]:
    """The verb and the verbs that count as it: "want" -> demand, insist, urge, seek..."""
    return {verb}.union(*(group for group in _SYNONYMS if verb in group))


def reports_action(verb: str, sentence: str) -> bool:
    """Whether the sentence uses the verb, or a close synonym, as a verb: "postponed" does not say who won."""
    if not may_say(verb_synonyms(verb), sentence):
        return False
    return any(t.pos_ in ("VERB", "AUX") and _same_verb(verb, t.lemma_.lower(), False) for t in syntax(sentence))


def may_say(lemmas, sentence: str) -> bool:
    """Whether a parse of the sentence could give some word one of these lemmas; False only when none can.

    A candidate is read for the asked verb: one holding none of the forms the lemmatizer turns into it
    ("said", "told", "saying" for "say") is not parsed to learn that.
    """
    low = sentence.lower()
    for lemma in lemmas:
        forms = _forms(lemma)
        if forms is None or any(f in low for f in forms):
            return True
    return False


def role_lemmas(role: Role) -> frozenset[str]:
    """The lemmas a verb of the role's has: a reporting verb for "what did X say", else the verb's synonyms
    (a light verb, "file an appeal", needs its object's lemma among them too)."""
    return SAYING if role.saying else frozenset(verb_synonyms(role.verb))


@lru_cache(maxsize=None)
def _forms(lemma: str) -> frozenset[str] | None:
    """Every lower-cased text spaCy's English pipeline can give this lemma (None: it may give it to any text).

    A token's lemma is its text lower-cased, one of the lemmatizer's suffix rules applied to it
    (forms "ed" -> "", "ing" -> "e"), one of its exceptions ("told" -> "tell"), or what the attribute
    ruler sets for a text it names; a token's text is part of the sentence's, so a sentence holding
    none of these texts has no word with that lemma.
    """
    exceptions, rules, ruler, open_lemmas = _lemma_sources()
    if lemma in open_lemmas:
        return None
    forms = {lemma} | {lemma[:len(lemma) - len(new)] + old for old, new in rules if lemma.endswith(new)}
    return frozenset(f for f in forms | exceptions.get(lemma, set()) | ruler.get(lemma, set()) if f)


@lru_cache(maxsize=1)
def _lemma_sources() -> tuple[dict[str, set[str]], set[tuple[str, str]], dict[str, set[str]], set[str]]:
    """The lemmatizer's exceptions (lemma -> texts) and suffix rules, the attribute ruler's lemmas (lemma ->
    texts), and the lemmas it sets on texts it does not name."""
    nlp = english()
    tables = nlp.get_pipe("lemmatizer").lookups
    exceptions: dict[str, set[str]] = {}
    for by_form in tables.get_table("lemma_exc").values():
        for form, lemmas in by_form.items():
            for lemma in lemmas:
                exceptions.setdefault(lemma.lower(), set()).add(form.lower())
    rules = {(old, new) for pos_rules in tables.get_table("lemma_rules").values() for old, new in pos_rules}
    ruler: dict[str, set[str]] = {}
    open_lemmas: set[str] = set()
    for entry in nlp.get_pipe("attribute_ruler").patterns:
        lemma = entry["attrs"].get("LEMMA")
        if lemma is None:
            continue
        for pattern in entry["patterns"]:
            spec = pattern[entry.get("index", 0)]
            named = [spec[k] for k in ("LOWER", "ORTH", "TEXT") if k in spec]
            texts = [t for v in named for t in ([v] if isinstance(v, str) else v.get("IN", [None]))]
            if not named or any(not isinstance(t, str) for t in texts):
                open_lemmas.add(lemma.lower())
            else:
                ruler.setdefault(lemma.lower(), set()).update(t.lower() for t in texts)
    return exceptions, rules, ruler, open_lemmas


def _same_verb(question_verb: str, lemma: str, saying: bool) -> bool:
    if saying:
        return lemma in SAYING
    return lemma == question_verb or any(question_verb in s and lemma in s for s in _SYNONYMS)


# "file a challenge", "lodge an appeal": a verb whose object names the act is that act.
_LIGHT = frozenset("file lodge launch mount bring make submit take".split())


def _light_verb(verb, role: Role) -> bool:
    return not role.saying and verb.lemma_.lower() in _LIGHT and any(
        c.dep_ == "dobj" and _same_verb(role.verb, c.lemma_.lower(), False) for c in verb.children)


def acts_in(role: Role, sentence: str, before: str = "") -> bool:
    """Whether the sentence makes every actor of the role the agent of the role's verb (or a synonym)."""
    return may_say(role_lemmas(role), sentence) and bool(acting_verbs(role, syntax(sentence), before))


def done_by_anyone(role: Role, sentence: str) -> bool:
    """Whether the sentence uses the role's verb (or a synonym) as a verb at all, whoever does it."""
    return may_say(role_lemmas(role), sentence) and any(
        v.pos_ in ("VERB", "AUX") and _same_verb(role.verb, v.lemma_.lower(), role.saying) for v in syntax(sentence))


def acting_verbs(role: Role, doc, before: str = "") -> list:
    """The sentence's verbs that say the role's actors did the role's thing.

    A pronoun agent ("it launched", "he said") stands for the actor when that actor is
    the agent of some verb in this sentence or in the one `before` it, never when it is
    only named as a target ("It launched 426 drones at Kyiv" is not Kyiv launching).
    """
    table = ActorTable()  # a fresh one: the table caches every doc it has seen
    verbs = _role_verbs(role, doc)
    if not verbs:
        return []
    doc = named(doc)  # who does it is read from the entities too
    agents = [v for v in verbs if all(_is_agent(table, actor, doc, _agents(v)) for actor in role.actors)]
    if agents:
        return agents
    pronouns = [v for v in verbs if any(_stands_for_someone(a) for a in _agents(v))]
    if not pronouns:
        return []
    # "Netanyahu's office said it expected ...", "China demanded ..., warning it would ask": the pronoun is the
    # subject of the clause it is reported or hangs from, when that subject is named.
    named_by = {v.i: _governing_subject(v) for v in pronouns}
    if any(named_by.values()):
        return [v for v in pronouns if named_by[v.i] is not None
                and all(_is_agent(table, actor, doc, [named_by[v.i]]) for actor in role.actors)]
    every = [a for v in doc for a in _agents(v)]
    earlier = parse(before) if before else None
    if all(_is_agent(table, actor, doc, every) or earlier is not None and
           _is_agent(table, actor, earlier, [a for v in earlier for a in _agents(v)]) for actor in role.actors):
        return pronouns
    return []


# "her government", "his administration": the body a person just named leads speaks for the same side.
_LED_BODIES = frozenset("government administration cabinet ministry country nation".split())
_POSSESSIVES = frozenset("her his their its our".split())


def _stands_for_someone(agent) -> bool:
    """A pronoun ("he", "it"), or a body owned by one: "Sheinbaum said her government had agreed to send
    troops" says Mexico agreed, as "she had agreed" would."""
    return agent.lower_ in _PRONOUNS or agent.lemma_.lower() in _LED_BODIES and any(
        c.dep_ == "poss" and c.lower_ in _POSSESSIVES for c in agent.children)


def _role_verbs(role: Role, doc) -> list:
    """The sentence's verbs that say the role's thing, whoever does it (the parse's syntax alone)."""
    return [v for v in doc if v.pos_ in ("VERB", "AUX")
            and (_same_verb(role.verb, v.lemma_.lower(), role.saying) or _light_verb(v, role))
            and _negated(v) == role.negated and not _open(v)  # "will not sign", "whether they will sign"
            and not (role.saying and _background(v)) and (role.saying or _calls_for(v, role.verb))
            # the act named by its noun: "the slated visit of Commerce Secretary Daley", "Daley's visit"
            or role.named and v.pos_ == "NOUN" and v.lemma_.lower() == role.verb]


def _governing_subject(verb):
    """The named subject of the clause a pronoun's verb is reported in or hangs from, or None."""
    tok = verb
    while tok.dep_ in ("ccomp", "advcl", "conj", "xcomp") and tok.head.i != tok.i:
        tok = governing_verb(tok)
        subjects = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subjects:
            return None if subjects[0].lower_ in _PRONOUNS else subjects[0]
    return None


_PROPOSING = frozenset("propose suggest demand want urge call ask seek insist offer request".split())


def proposed_span(sentence: str, span: tuple[int, int]) -> bool:
    """Whether a date or a figure is part of what someone proposes or asks for, not one set.

    "Kyiv had proposed that the leaders meet by the end of August": proposed. "Kyiv proposed on
    Monday a summit": Monday is when the proposal was made, a fact. "The coalition wants the
    rate raised above 35 percent": wanted, not the rate.
    """
    doc = syntax(sentence)
    found = doc.char_span(*span, alignment_mode="expand")
    if found is None:
        return False
    token = found.root.head
    first = True
    while True:
        if token.pos_ in ("VERB", "AUX") and token.lemma_.lower() in _PROPOSING:
            # "proposes a meeting by the end of August": a limit it asks for; "proposed on Monday": when it asked
            return not first or bool(re.search(r"\b(?:by|before|until|within)\s+$", sentence[:span[0]]))
        if token.head.i == token.i:
            return False
        if token.pos_ in ("VERB", "AUX"):
            first = False
        token = token.head


def _negated(verb) -> bool:
    return any(c.dep_ == "neg" or c.lower_ == "never" for c in verb.children)


def _background(verb) -> bool:
    """"Peskov played down a summit, which Kyiv has been demanding": the sentence reports Peskov, not Kyiv.

    A relative clause whose object is the noun it hangs on says what that noun is; what
    the clause's subject said is not the sentence's news ("Zelensky, who said he was
    ready to meet", a clause with its own reported content, still counts). Neither is a
    participle describing a noun: "the decisions announced by the United States".
    """
    if verb.dep_ == "acl" and verb.tag_ == "VBN":
        return True
    return verb.dep_ == "relcl" and any(c.dep_ == "dobj" and c.lower_ in ("which", "that", "whom")
                                        for c in verb.children)


def _calls_for(verb, question_verb: str) -> bool:
    """"Kyiv called for a ceasefire" demands one; "what he called a strong signal" names something."""
    return verb.lemma_.lower() != "call" or question_verb == "call" or any(
        c.lower_ in ("for", "on", "upon") for c in verb.children)


def _open(verb) -> bool:
    """"to signal whether they will sign": a clause that asks, not one that says it happened."""
    return any(c.dep_ == "mark" and c.lower_ in ("whether", "if") for c in verb.children)


def in_acting_clause(role: Role, sentence: str, spans: list[tuple[int, int]], before: str = "", *,
                     only: bool = False) -> list[tuple[int, int]]:
    """The spans (character offsets) that belong to the actor's own clause, or all when none does (`only`: none).

    "The EU adopted its 18th package on Friday, and EU foreign ministers are expected to
    start discussing a 19th package in early September": for "when will EU foreign
    ministers discuss", early September, not Friday.
    """
    if not may_say(role_lemmas(role), sentence):  # the actor acts nowhere in it
        return [] if only else spans
    doc = syntax(sentence)
    clauses = set()
    for verb in acting_verbs(role, doc, before):
        clauses.add(verb.i)
        while verb.dep_ == "xcomp" and verb.head.i != verb.i:  # "expected to start discussing"
            verb = verb.head
            clauses.add(verb.i)
    own = [s for s in spans if (span := doc.char_span(*s, alignment_mode="expand")) is not None
           and _within(span.root, clauses)]
    return own if only else own or spans


def _within(token, clauses: set[int]) -> bool:
    """Whether the token's clause is one of these, or what one of them reports ("Germany said it would fund two")."""
    while token.head.i != token.i:  # spaCy makes a new Token object on each access: compare indices
        if token.i in clauses:  # an act's verb, or its noun: "the visit of Ortega to Lima in October"
            return True
        if token.pos_ in ("VERB", "AUX") and token.dep_ not in ("aux", "auxpass"):
            if token.dep_ != "ccomp":
                return False
        token = token.head
    return token.i in clauses


def _agents(verb, *, raised: bool = False) -> list:
    """Who does what the verb says: its subject, a passive's "by" phrase, or what it is said of.

    `raised`: asked for a verb's infinitive, whose doer is the passive subject too
    ("ministers are expected to discuss": the ministers discuss).
    """
    if verb.pos_ == "NOUN":  # "Daley's visit", "the visit of Daley", "the visit by Daley"
        return [c for c in verb.children if c.dep_ == "poss"] + \
            [p for c in verb.children if c.dep_ in ("prep", "agent") and c.lower_ in ("of", "by")
             for p in c.children if p.dep_ == "pobj"]
    subject = ("nsubj", "csubj", "nsubjpass") if raised else ("nsubj", "csubj")
    out = [c for c in verb.children if c.dep_ in subject]
    if not out and (given := _given_time(verb)):
        return given
    out += [p for c in verb.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
    if any(a.lower_ in ("which", "who", "that") for a in out) and verb.dep_ == "relcl":
        out = [verb.head]  # "the alliance, which represents 60 companies"
    if not out and not any(c.dep_ == "nsubjpass" for c in verb.children):
        if verb.dep_ in ("xcomp", "conj", "advcl") and verb.head.i != verb.i:
            # "offered to hand over", "launched ... and fired", "..., launching"
            return _agents(verb.head, raised=verb.dep_ == "xcomp")
        if verb.dep_ == "relcl" or (verb.dep_ == "acl" and verb.tag_ == "VBG"):
            out = [verb.head]  # "the alliance, representing 60 companies"; not "drones launched at Kyiv"
    return [t for a in out for t in (a, *a.conjuncts)]


_GIVE = frozenset("give grant allow offer".split())


def _given_time(verb) -> list:
    """Who was given the time to do it: "Israel was given a 48-hour deadline ... to respond", "gave Russia 50 days
    to agree" (not who announced the deadline)."""
    if not any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        return []
    tok = verb.head
    while tok.dep_ in ("acl", "xcomp", "relcl") and tok.pos_ == "VERB" and tok.head.i != tok.i:
        tok = tok.head  # "a deadline [announced on Monday] to respond"
    if tok.pos_ in ("NOUN", "NUM") and tok.dep_ in ("dobj", "nsubjpass"):
        tok = tok.head
    if tok.lemma_ not in _GIVE:
        return []
    return [c for c in tok.children if c.dep_ in ("nsubjpass", "dative")]


def _is_agent(table: ActorTable, actor: str, doc, agents: list) -> bool:
    """Whether one of the agents' noun phrases names the actor, by alias ("the Kremlin" is Russia) or by name."""
    phrase = {t.i for a in agents for t in _phrase(a)}
    canonical = table.resolve(actor)
    if canonical is not None:
        return any(m.start in phrase and table.resolve(m.text) == canonical
                   and not describes_a_thing(doc, m.start, m.end)
                   for m in table.mentions(doc))
    head = clean_name(actor).split()  # an actor the table does not know: its last word ("Sybiha", "Alliance")
    return bool(head) and head[-1].lower() in {doc[i].lower_ for i in phrase}


_SERVES = frozenset("work serve speak".split())  # "an official who works for the ministry"


def _phrase(token) -> list:
    """The noun phrase of an agent, without clauses hanging on it: "the head of the Russian delegation";
    but with the clause that says whom a speaker works for ("the official, who works with Egypt's ...")."""
    out, todo = [], [token]
    while todo:
        t = todo.pop()
        out.append(t)
        todo += [c for c in t.children if c.dep_ in _PHRASE_DEPS and (c.dep_ != "prep" or c.lower_ == "of")]
        if t.lemma_.lower() in AGENT_NOUNS:
            todo += [p for c in t.children if c.dep_ == "relcl" and c.lemma_ in _SERVES
                     for prep in c.children if prep.dep_ == "prep" and prep.lower_ in ("for", "with", "at", "in")
                     for p in prep.children if p.dep_ == "pobj"]
    return out
