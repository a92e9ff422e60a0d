"""Who said what in one parsed passage: speakers of quotes, reported speech and stance verbs, and demands.

A passage is one sentence, or several when a quotation runs across a sentence
break. Works on spaCy docs whose character offsets are relative to the passage.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from typing import TYPE_CHECKING

from summarizer.facts.actors import (
    _ACTING_NOUNS,
    ABSENT,
    COMMENTATORS,
    ActorTable,
    Mention,
    describes_a_thing,
    on_the_bench,
    own_body,
    resolve_ref,
)
from summarizer.text.nlp import governing_verb
from summarizer.text.sentences import continued_quote

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

# Verbs that report speech: their subject is the speaker of what they govern.
SPEECH_VERBS = frozenset("""say tell state add insist demand warn reject propose urge call accuse deny welcome announce
write repeat confirm stress argue claim reiterate note vow pledge promise threaten hail declare suggest""".split())
# Verbs that carry a stance when an actor is their subject, quote or not.
STANCE_VERBS = frozenset("""reject demand insist propose urge want refuse offer accept oppose support threaten warn seek
press push pledge promise vow ask lobby deny welcome hail signal expect need accuse announce call
condemn deplore denounce decry criticize criticise praise applaud endorse back blame order""".split())
REPORT_OR_STANCE = SPEECH_VERBS | STANCE_VERBS
# "call", "press", "push", "ask" carry a stance only with "for" ("called for a truce").
NEEDS_FOR = frozenset({"call", "press", "push", "ask"})
WANT_VERBS = frozenset("demand propose want seek offer need call press push insist ask urge expect announce "
                       "set order".split())
REJECT_VERBS = frozenset("reject refuse oppose".split())
# "demanded that ...", "insisted that ...": the clause is what they want ("announced that ..." is news, not a demand).
_DEMANDS_THAT = frozenset("demand insist propose urge ask request".split())
# Verbs that only report what was said: their clause is the stance ("said that ..."); any other keeps its verb.
_REPORTING_ONLY = frozenset("say tell state add write repeat confirm stress argue claim reiterate note declare "
                            "announce report explain".split())
# Negated, these verbs state a condition: "we will not accept", "would not lift".
REFUSABLE = frozenset("accept sign lift change allow agree recognise recognize withdraw give tolerate drop "
                      "support negotiate".split())
ANAPHORIC_HEADS = frozenset("official spokesperson spokesman spokeswoman minister ministry office delegation "
                            "government side president negotiator company firm".split())
LOCATIVE_PREPS = frozenset("in at from near across outside inside around".split())
MIN_QUOTE_WORDS = 5
# A quotation mark right after an article, a possessive or a preposition opens a name or a phrase of the reporter's
# sentence, not a statement.
_EMBEDDED = re.compile(r"\b(?:a|an|the|its|his|her|their|our|of|for|to|with|by|from|called|dubbed|named)\s*"
                       r"[\"“‘']?\s*$", re.I)
_QUOTE_MARKS = frozenset('"\u201c\u201d')
QUOTE_RE = re.compile(r"\u201c[^\u201c\u201d]*(?:\u201d|$)|\"[^\"]*(?:\"|$)")
_DEMAND_LIST = re.compile(r"\b(?:priorities|demands|conditions)\b[^:.]{0,80}:\s*(.+)", re.I)
_STRONG = re.compile(r"\b(?:must|only|will not|won't|cannot|can't|never|no |ready|unacceptable|not accept|"
                     r"demand|insist|refuse|reject)", re.I)


@dataclass
class Statement:
    """One actor's statement in one passage; offsets are into the document text."""

    actor: str
    document_id: str
    start: int
    end: int
    claim: str
    quote: str = ""
    demands: list[str] = field(default_factory=list)
    offers: list[str] = field(default_factory=list)  # "has offered 3.5 percent": not what it wants
    rejects: list[str] = field(default_factory=list)  # what it rejects, as named by the reporter
    refusals: list[str] = field(default_factory=list)  # its own words: "will not accept ..."
    alias: str = ""
    speaker: str = ""  # the person, when a person spoke
    score: float = 0.0


@dataclass
class Context:
    """What the previous passages of the same document said: who 'he' and 'the official' are."""

    last_person: tuple[str, str | None] | None = None
    last_actor: str | None = None
    last_quote: tuple[str, str, int] | None = None  # (actor, speaker, last sentence idx)
    adopted: dict[str, str] = field(default_factory=dict)  # a titled person's name (and surname) -> the side taken


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the quoted words (marks excluded); an unclosed quote runs to the end.

    A sentence that starts inside a quote opened in the sentence before ('They will not
    accept it," the negotiator said.') has its first mark closing: the words before it are
    the quote, not the attribution after it.
    """
    spans = []
    lead = continued_quote(text)
    if lead:
        spans.append(lead)
    for m in QUOTE_RE.finditer(text, lead[1] + 1 if lead else 0):
        start, end = m.start() + 1, m.end()
        if end > start and text[end - 1] in "\u201d\"":
            end -= 1
        if end - start >= 2:
            spans.append((start, end))
    return spans


# -- reading a parsed passage: what it says, with speakers left as references --------------------------
# A passage is read once, when its document is stored (`extract_passage`). Who a speaker speaks for can
# depend on the whole story (a title in another article), so mentions keep the references of
# `DeferredActorTable`, and `replay_passage` turns the record into statements once the story's table is
# known. With a plain ActorTable the references are the actors themselves.
Bundle = list  # [[field, phrase], ...]: demands, offers, rejects and refusals, in the order they were found


class _Recorder:
    """Stands in for a Statement while a passage is read: keeps the phrases `_append` would add, in order."""

    def __init__(self) -> None:
        self.log: Bundle = []
        for name in ("demands", "offers", "rejects", "refusals"):
            setattr(self, name, _Field(self.log, name))


class _Field(list):
    def __init__(self, log: Bundle, name: str):
        super().__init__()
        self._log, self._name = log, name

    def append(self, phrase: str) -> None:
        super().append(phrase)
        self._log.append([self._name, phrase])


def _bundle(add) -> Bundle:
    rec = _Recorder()
    add(rec)
    return rec.log


def _apply(st: Statement, bundle: Bundle) -> None:
    for name, phrase in bundle:
        _append(getattr(st, name), phrase)


def extract_passage(doc: Doc, table: ActorTable) -> dict:
    """What one parsed passage says, as JSON-ready data for `replay_passage`."""
    text = doc.text  # spaCy rebuilds it from the tokens on every access
    quotes = quote_spans(text)
    quoted = _tokens_in(doc, quotes)
    mentions = table.mentions(doc)
    # Scare quotes ("very serious") are the reporter's words around a paraphrase, not a statement.
    # A fragment ('any deal that "allows Canada to keep subsidising"') means nothing alone: its sentence says it.
    # So is a name in quotation marks inside the reporter's phrase: 'launch a "Canada-U.S. Joint Strike Force to ..."'.
    quote_text = " ".join(text[s:e].strip() for s, e in quotes if len(text[s:e].split()) >= MIN_QUOTE_WORDS
                          and not text[s:e].lstrip()[:1].islower() and not _EMBEDDED.search(text, 0, s))
    colon = _colon_speaker(doc, quotes, mentions)
    verbs = []
    for verb in doc:
        if verb.i in quoted or verb.lemma_ not in REPORT_OR_STANCE or verb.pos_ not in ("VERB", "AUX"):
            continue
        if verb.lemma_ in NEEDS_FOR and not _calls_for(verb) and not _calls_it(verb):
            continue
        if _no_report(verb):
            continue
        subject = _subject(verb)
        aside = subject is not None and subject.tag_ in ("WP", "WDT") and subject.head.dep_ == "relcl"
        if aside:
            subject = subject.head.head  # "Gov. Kathy Hochul, who has condemned the map": she speaks
        if subject is None or subject.i in quoted:
            continue
        speaker = _speaker_inputs(subject, mentions)
        if speaker is None:
            continue
        if speaker.get("he") and colon and quotes and subject.idx >= quotes[-1][1]:
            # 'Harbour Lines' Anna Berg is against the appeal: "...," she says': she is Anna Berg
            speaker = {**speaker, "colon": colon}
        clauses = []
        for clause in (c for c in verb.children if c.dep_ == "ccomp"):
            clauses += _clause_demands(clause, quoted, mentions)
        said = {"say": verb.lemma_ in SPEECH_VERBS,
                "speech": verb.lemma_ in SPEECH_VERBS and bool(quote_text) and _governs_quote(verb, quoted),
                "claim": _claim(verb, quoted), "adds": _bundle(lambda st: _add_demands(st, verb, quoted)),
                "clauses": clauses, "aside": aside}
        verbs.append({"speaker": speaker, **said})
        # "Norway, Iceland and the Faroe Islands rejected the split": each side named in the subject says it
        verbs += [{"speaker": other, **said} for other in _conjunct_speakers(subject, mentions)]
    if not verbs and colon and quote_text:
        # 'Meeting chair Tomas Ferreira tried to sound a positive note: "We have moved forward ..."': the
        # person the colon hands over to says the quotation, whatever the verb before it
        verbs.append({"speaker": colon, "say": True, "speech": True, "claim": "", "adds": [], "clauses": [],
                      "aside": False})
    # what a relative clause says of a side ("VDA, which has long opposed the tariffs, urged ...") comes after
    # what the sentence says it did: the first verb gives a statement its claim
    verbs.sort(key=lambda v: v["aside"])
    listed = _DEMAND_LIST.search(text)
    people = [m for m in mentions if m.person]
    return {
        "quote": quote_text,
        # A quotation that may continue the previous passage's, without a new attribution.
        "continues": bool(quote_text and text.lstrip()[:1] in "\u201c\"" and
                          sum(e - s for s, e in quotes) > 0.8 * len(text.strip()) - 4),
        "verbs": verbs,
        "list": [listed.group(0), _list_owners(doc, listed.start(), mentions)] if listed else None,
        "quote_adds": _bundle(lambda st: _quote_demands(st, doc, quoted)),
        "list_adds": _bundle(lambda st: _list_demands(st, text)),
        "person": [people[0].actor, people[0].text] if people else None,
        "mentions": [[m.actor, m.text] for m in mentions if m.actor],
    }


def replay_passage(record: dict, resolve, canonical: frozenset[str], ctx: Context, *, document_id: str,
                   start: int, end: int, first_idx: int, last_idx: int) -> list[Statement]:
    """The statements of a passage read by `extract_passage`, updating `ctx` for the next passage.

    `resolve(reference)` -> (actor or None or ABSENT, person flag or None), see `actors.resolve_ref`.
    """
    by_actor: dict[str, Statement] = {}
    for verb in record["verbs"]:
        actor, alias, speaker = _replay_speaker(verb["speaker"], resolve, canonical, ctx, record["quote"])
        if actor is None:
            continue
        if speaker:
            ctx.last_person = (speaker, actor)  # "..., Trump said when he announced the ultimatum"
        st = by_actor.get(actor)
        if st is None:
            st = by_actor[actor] = Statement(actor, document_id, start, end, claim="", alias=alias, speaker=speaker)
        if verb["speech"] or (record["quote"] and verb["say"] and not st.quote and len(by_actor) == 1):
            st.quote = record["quote"]
        if not st.claim:
            st.claim = verb["claim"]
        _apply(st, verb["adds"])
        for refs, adds in verb["clauses"]:
            if refs is not None:
                inside = [a for a in (resolve(r)[0] for r in refs) if a and a is not ABSENT]
                if inside and inside[0] != st.actor:
                    continue  # someone else's demand, reported in the same clause
            _apply(st, adds)

    if not by_actor and record["continues"] and ctx.last_quote and ctx.last_quote[2] == first_idx - 1:
        # A quotation continued in the next paragraph or sentence, without a new attribution.
        actor, speaker, _ = ctx.last_quote
        by_actor[actor] = Statement(actor, document_id, start, end, claim="", quote=record["quote"], speaker=speaker)

    if record["list"] and not by_actor:
        claim, refs = record["list"]
        owners = [a for a in (resolve(r)[0] for r in refs) if a and a is not ABSENT]
        if owners:
            by_actor[owners[-1]] = Statement(owners[-1], document_id, start, end, claim=claim)
    out = []
    for st in by_actor.values():
        if st.quote:
            st.claim = st.quote
            _apply(st, record["quote_adds"])
            ctx.last_quote = (st.actor, st.speaker, last_idx)
        _apply(st, record["list_adds"])
        if not st.claim:
            continue
        st.score = _score(st)
        out.append(st)
        ctx.last_actor = st.actor
        if st.speaker:
            ctx.last_person = (st.speaker, st.actor)
    if not out and record["person"]:
        actor, person = resolve(record["person"][0])
        if person is not False:  # "Air Canada", tagged a person, is the airline the story knows: no "she"
            ctx.last_person = (record["person"][1], None if actor is ABSENT else actor)
    return out


def statements_in(doc: Doc, table: ActorTable, ctx: Context, *, document_id: str, offset: int,
                  first_idx: int, last_idx: int) -> list[Statement]:
    """Statements of the passage `doc` (document offset `offset`) with `table`'s actors, updating `ctx`."""
    return replay_passage(extract_passage(doc, table), lambda ref: resolve_ref(ref, table), table.canonical, ctx,
                          document_id=document_id, start=offset, end=offset + len(doc.text), first_idx=first_idx,
                          last_idx=last_idx)


def _list_owners(doc: Doc, char: int, mentions: list[Mention]) -> list:
    """'Ukraine's priorities ...: ...' belong to Ukraine: the actors named just before the list word (the last)."""
    return [m.actor for m in mentions if m.actor and not m.person and doc[m.start].idx < char
            and doc[m.end - 1].idx + len(doc[m.end - 1].text) >= char - 4]


def _no_report(verb: Token) -> bool:
    """A verb of saying that reports nothing said: the object of a relative clause ("the ballot language the
    legislature wrote", "the statement it issued") or an infinitive ("giving lawmakers a week to write new
    language"), unless it carries what was said ("to say that ...")."""
    if verb.lemma_ not in SPEECH_VERBS - STANCE_VERBS or any(c.dep_ in ("ccomp", "xcomp") for c in verb.children):
        return False
    # a relative clause, or a participle ("Kennedy, writing for the dissent, said ..."), without an object
    if verb.dep_ == "relcl" or verb.dep_ in ("acl", "advcl") and verb.tag_ == "VBG":
        return not any(c.dep_ in ("dobj", "dative") for c in verb.children)
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def _calls_it(verb: Token) -> bool:
    """'called the allegations "baseless"', 'called the offer an insult': what a side makes of a thing, a stance
    of its own (not a demand); 'called him Bob' names someone."""
    return verb.lemma_ == "call" and any(c.dep_ == "dobj" and c.pos_ != "PRON" for c in verb.children) and any(
        c.dep_ == "oprd" and c.pos_ in ("ADJ", "NOUN") for c in verb.children)


def _calls_for(verb: Token) -> bool:
    """'called for a ceasefire', 'called on the commission to reject it', 'asked the court to block the sale': a
    demand; 'called the offer fair' or 'asked about the talks' is not."""
    return any(c.lower_ == "for" for c in verb.children) or (
        any(c.lower_ == "on" or c.dep_ == "dobj" for c in verb.children)
        and any(c.dep_ == "xcomp" for c in verb.children))


def _subject(verb: Token) -> Token | None:
    """The verb's subject, inherited through coordination ('said ... and warned') and participles ('saying')."""
    tok = verb
    for _ in range(3):
        for child in tok.children:
            if child.dep_ in ("nsubj", "nsubjpass") and tok.lemma_ != "be":
                return child if not (child.dep_ == "nsubjpass" and tok.i == verb.i) else None
        if tok.dep_ in ("conj", "advcl", "xcomp") and tok.head.i != tok.i:
            tok = governing_verb(tok)
            continue
        return None
    return None


def _conjunct_speakers(subject: Token, mentions: list[Mention]) -> list[dict]:
    """The speakers of a coordinated subject after its head ("Norway, [Iceland] and [the Faroe Islands]"), each read
    from its own words only; a conjunct naming no actor ("and others") is left out."""
    joins = {t.lower_ for t in subject.subtree if t.dep_ == "cc"}
    if joins != {"and"}:  # "Uhuru, or Freedom, a Swahili newspaper": one paper by two names, not two speakers
        return []
    out = []
    for conj in subject.conjuncts:
        if conj.i < subject.i or conj.pos_ == "PRON":
            continue
        nested = {t.i for c in conj.children if c.dep_ == "conj" for t in c.subtree}
        own = [t.i for t in conj.subtree if t.i not in nested and t.dep_ not in ("cc", "punct")]
        inputs = _speaker_inputs(conj, mentions, span=range(min(own), max(own) + 1))
        if inputs is not None and inputs.get("mentions"):
            out.append(inputs)
    return out


def _speaker_inputs(subject: Token, mentions: list[Mention], span: range | None = None) -> dict | None:
    """What deciding who the subject of a speech or stance verb speaks for needs (None: no one, whatever the story).
    `span`: the tokens the subject's name is read from (its whole subtree by default)."""
    if subject.lower_ in ("he", "she"):
        return {"he": True}
    if subject.pos_ == "PRON":
        return None  # "it", "they", "we": too often wrong to guess
    head = subject
    if head.lemma_ in COMMENTATORS or any(c.dep_ == "appos" and c.lemma_ in COMMENTATORS for c in head.children):
        return None  # "Hanna Kiss, a professor of family law, said": a commentator, whatever NER calls the name
    # "Gov. Kathy Hochul, who has condemned ...": the antecedent, without its relative clause, is who speaks
    # So is it without a finite verb the parser hung on it: "A coalition of shippers on Tuesday called on Biden to
    # ..., and said he should" ("called", tagged past tense, read as a modifier of "coalition"): Biden is whom
    # the coalition called on, not who speaks. A participle ("a lawyer representing Albertsons") stays.
    clause = next((c.left_edge.i for c in subject.children if c.i > subject.i and (
        c.dep_ == "relcl" or c.dep_ == "acl" and c.tag_ == "VBD")), None)
    span = span or range(subject.left_edge.i, clause if clause is not None else subject.right_edge.i + 1)
    inside = [m for m in mentions if m.start in span and not _locative(m, subject) and not _seat_of(m, subject.doc)]
    return {
        "mentions": [[m.actor, m.text, m.person, m.start <= head.i < m.end,
                      describes_a_thing(subject.doc, m.start, m.end), _adjective(m, subject)] for m in inside],
        "diplomat": head.lemma_ == "diplomat", "own_body": own_body(head),
        "bench": on_the_bench([t.text for t in subject.subtree if t.i < head.i]),
        # "Chief Financial Officer Brian West": an officer whose title names no company speaks for it as a
        # spokesperson does
        "spokes": any(t.lower_ in _SPOKES for t in subject.subtree) or _officer(subject),
        # "the president": its noun, to tell it from the one the quotation names ("... with President X ...")
        "anaphoric": head.lemma_ in ANAPHORIC_HEADS and any(c.lower_ == "the" for c in head.children)
        and head.lemma_,
        "state": head.lemma_ in _STATE_HEADS,
    }


def _colon_speaker(doc: Doc, quotes: list[tuple[int, int]], mentions: list[Mention]) -> dict | None:
    """Speaker inputs for the person whose words a colon introduces ('X was blunt: "..."'), or None.

    The last person named before the colon, in a passage that opens with the reporter's words and hands over
    to a quotation there; the other names before it are read as around a speech verb's subject."""
    if not quotes:
        return None
    lead = doc.text[:quotes[0][0]].rstrip(" \u201c\"")
    if not lead.endswith(":") or ":" in lead[:-1]:
        return None
    end = len(lead) - 1
    before = [m for m in mentions if m.actor and doc[m.end - 1].idx + len(doc[m.end - 1]) <= end]
    people = [m for m in before if m.person]
    if not people:
        return None
    last = people[-1]
    return {"mentions": [[m.actor, m.text, m.person, m is last, False, False] for m in before],
            "diplomat": False, "own_body": False, "bench": False, "spokes": False, "anaphoric": False,
            "state": False}


def _replay_speaker(inputs: dict, resolve, canonical: frozenset[str], ctx: Context, quote: str = ""
                    ) -> tuple[str | None, str, str]:
    """(actor, alias as written, person name) for the subject of a speech or stance verb."""
    if inputs.get("colon"):  # the person the colon named, when the story knows who they are
        named = _replay_speaker(inputs["colon"], resolve, canonical, ctx, quote)
        if named[0]:
            return named
    if inputs.get("he"):
        if ctx.last_person and ctx.last_person[1]:
            return ctx.last_person[1], ctx.last_person[0], ctx.last_person[0]
        return None, "", ""
    inside = []  # (actor, text, person, holds the head, describes a thing, adjective)
    for ref, text, person, head, thing, adjective in inputs["mentions"]:
        actor, is_person = resolve(ref)
        if actor is not ABSENT:
            inside.append((actor, text, person if is_person is None else is_person, head, thing, adjective))
    if inputs["diplomat"] and not any(m[0] and not m[5] for m in inside):
        return None, "", ""  # "one European diplomat": an anonymous voice, not a side's position
    known = [m for m in inside if m[0] in canonical]
    for actor, text, person, head, _, _ in inside:
        if head:
            if actor not in canonical and known and not inputs["own_body"] and not inputs.get("bench"):
                # "Russia's Foreign Ministry", not "Germany's car industry association VDA"
                return known[0][0], known[0][1], ""
            if actor is None:
                return None, "", ""
            if person and inputs.get("spokes") and actor == text and ctx.last_actor and ctx.last_actor != actor:
                # "Congo's foreign ministry rejected the demands. '...,' spokeswoman Tina Salama said": a
                # spokesperson whom nothing in the story ties to a side speaks for the side just heard from
                ctx.adopted[actor] = ctx.last_actor
                return ctx.last_actor, text, text
            if person and actor in ctx.adopted:  # "West told ...", after "CFO Brian West said"
                return ctx.adopted[actor], text, text
            return actor, text, text if person else ""
    # "Istanbul round confirmed for Wednesday": a name describing the subject is not who speaks
    placed = [m for m in inside if m[0] and not m[4]]
    if placed:
        person = next((m[1] for m in inside if m[2]), "")
        m = next((m for m in placed if not m[2]), placed[0])
        return m[0], m[1], person
    if inputs["anaphoric"] and ctx.last_actor and (not inputs.get("state") or ctx.last_actor in canonical):
        # "the government" takes up a state named before, never a union or a company ("The federal government
        # said ..." after the union's president spoke)
        noun = inputs["anaphoric"]
        if isinstance(noun, str) and re.search(rf"(?i:\b{re.escape(noun)})\s+[A-Z][\w'’-]+", quote):
            # "'... with President Sheinbaum ...,' the president said": the president the quotation names is
            # not the one speaking, and the side last heard from may be that one's
            return None, "", ""
        return ctx.last_actor, "", ""
    return None, "", ""


_OFFICER_TITLES = frozenset("ceo cfo coo cto".split())


def _officer(subject: Token) -> bool:
    """'Chief Financial Officer Brian West', 'CEO Jane Roe': a company officer's title before the name."""
    title = {t.lower_ for t in subject.subtree if t.i < subject.i}
    return bool(title & _OFFICER_TITLES) or "chief" in title and bool(title & {"officer", "executive"})


def _seat_of(m: Mention, doc: Doc) -> bool:
    """'U.S. Rep. Julie Johnson', 'a Russian lawmaker': the country a legislator sits for names the seat, not
    the side; members of a legislature do not speak for their government."""
    return not m.person and m.end < len(doc) and doc[m.end].lower_ in _LEGISLATORS


_LEGISLATORS = frozenset("""rep. rep sen. sen senator congressman congresswoman congressmen lawmaker lawmakers
legislator legislators assemblyman assemblywoman assemblymember mp mps""".split())


def _locative(m: Mention, subject: Token) -> bool:
    """A name in a phrase that only places the subject: 'market participants in Moscow', 'visitors to Nairobi'
    and 'residents of Gaza' do not speak for the place. 'The government of Kenya' does: its head acts for
    what it is 'of' (and 'a lawyer for X' speaks for X, whoever the lawyer is)."""
    tok = subject.doc[m.start]
    while tok.i != subject.i and tok.head.i != tok.i:
        if tok.dep_ == "prep" and tok.lower_ == "from" and tok.head.lemma_.lower() in _MESSAGES:
            return False  # "a statement from the foreign ministry said": the ministry speaks
        if tok.dep_ == "prep" and tok.lower_ in _PLACING_PREPS:
            return True
        if tok.dep_ == "prep" and tok.lower_ == "of":
            return not _acts_for(tok.head)
        tok = tok.head
    return False


_STATE_HEADS = frozenset({"government", "ministry"})
_SPOKES = frozenset("spokesman spokeswoman spokesperson spokesmen spokeswomen".split())
_PLACING_PREPS = LOCATIVE_PREPS | {"to", "into", "within", "throughout", "toward", "towards"}
# What someone sends out: "a statement from X", "a letter from X" is X speaking.
_MESSAGES = frozenset("""statement letter communique communiqué note message announcement release memo email e-mail
notice filing response reply""".split())
# Who acts for what they are "of"; "the people of Kenya" or an anonymous diplomat do not speak for it.
_ACTS_FOR = _ACTING_NOUNS - {"diplomat", "people", "public"}


def _acts_for(head: Token) -> bool:
    return head.lemma_.lower() in _ACTS_FOR or head.lower_ in _ACTS_FOR


def _adjective(m: Mention, subject: Token) -> bool:
    return subject.doc[m.start].pos_ == "ADJ" or subject.doc[m.start].ent_type_ == "NORP"


def _governs_quote(verb: Token, quoted: set[int]) -> bool:
    """A speech verb next to a quotation, or whose clause is the quotation."""
    if any(t.i in quoted for t in verb.subtree):
        return True
    window = range(max(0, verb.i - 6), min(len(verb.doc), verb.i + 6))
    return any(i in quoted for i in window)


def _claim(verb: Token, quoted: set[int]) -> str:
    """The reported clause ('that a summit could only ...') or the verb phrase ('rejected Kyiv's demand ...')."""
    doc = verb.doc
    inside = _in_fragments(doc)
    for child in verb.children:
        # a clause the reporter words, though its verb opens a quoted fragment: 'said the majority had
        # "substituted its own judgment ..."'
        if child.dep_ == "ccomp" and (child.i not in quoted or child.i in inside):
            tokens = [t for t in child.subtree if t.dep_ != "mark" or t.head.i != child.i]
            end = next((t.i for t in doc[child.i:child.right_edge.i + 1] if t.text in _QUOTE_MARKS
                        and t.i not in inside), child.right_edge.i + 1)
            if verb.lemma_ not in _REPORTING_ONLY and verb.i < tokens[0].i:
                # "demanded that the EU drop its duties": without its verb the clause says the opposite of a demand
                start = min([verb.i] + [c.i for c in verb.children if c.dep_ in ("aux", "neg") and c.i < verb.i])
                return _text(doc, start, end)
            return _text(doc, _past_the_day(doc, tokens[0].i, end), end)
    if verb.dep_ == "conj" and verb.head.i < verb.i and verb.lemma_ in _REPORTING_ONLY:
        # "They will return to the table, the ILA and USMX said in a joint statement": the parser read "said" as a
        # second verb of the sentence's own clause; that clause, up to the comma, is what they said.
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subject is not None and doc[subject.left_edge.i - 1].text == "," and verb.head.left_edge.i == 0 \
                and not any(t.i in quoted for t in doc[:subject.left_edge.i]):
            return _text(doc, 0, subject.left_edge.i - 1)
    objects = [c for c in verb.children if c.dep_ in ("dobj", "prep", "xcomp", "prt", "dative", "oprd") and c.i > verb.i]
    if not objects and verb.dep_ == "relcl" and verb.lemma_ in REJECT_VERBS:
        return f"{verb.text} {_object_phrase(verb.head)}"
    if not objects:
        return ""
    start = min([verb.i] + [c.i for c in verb.children if c.dep_ in ("aux", "neg") and c.i < verb.i])
    end = max(_cut(o, o.right_edge.i + 1) for o in objects)
    # 'called the allegations "baseless and without merit."': the quoted words end with their closing mark
    if sum(t.text in _QUOTE_MARKS for t in doc[start:end]) % 2 == 1:
        close = next((t.i for t in doc[end:end + 2] if t.text in _QUOTE_MARKS), None)
        if close is not None and all(t.is_punct for t in doc[end:close]):
            end = close + 1
    return _text(doc, start, end)


_DAY_WORDS = frozenset("monday tuesday wednesday thursday friday saturday sunday today yesterday tonight".split())


def _past_the_day(doc: Doc, start: int, end: int) -> int:
    """'said Monday its members would strike': the day belongs to the saying, not to what was said."""
    i = start
    while i < end - 2 and doc[i].lower_ in ("on", "late", "early", "last", "this"):
        i += 1
    if i < end - 2 and doc[i].lower_ in _DAY_WORDS and doc[i + 1].lower_ not in ("is", "was", "will", "'s", "’s"):
        i += 1
        if doc[i].lower_ in ("night", "morning", "evening", "afternoon") and i < end - 2:
            i += 1
        return i + (doc[i].lower_ == "that" and i < end - 2)
    return start


def _cut(head: Token, end: int) -> int:
    """End a phrase before a relative clause, an aside or a quotation mark (not one quoting its own words)."""
    doc = head.doc
    inside = _in_fragments(doc)
    for tok in doc[head.i + 1:end]:
        if tok.i in inside:
            continue  # 'a deal that "allows Canada to ..."': the quoted words are part of the phrase
        if tok.dep_ == "relcl":
            return max(head.i + 1, tok.left_edge.i)
        if tok.text in (",", ";", ":", "\u2014", "(", "\u201c", "\u201d", '"'):
            return tok.i
    return end


def _tokens_in(doc: Doc, spans: list[tuple[int, int]]) -> set[int]:
    """Indices of the tokens that start inside one of the (sorted, disjoint) character spans: one pass."""
    out, j = set(), 0
    for t in doc:
        while j < len(spans) and spans[j][1] <= t.idx:
            j += 1
        if j == len(spans):
            break
        if spans[j][0] <= t.idx:
            out.add(t.i)
    return out


def _in_fragments(doc: Doc) -> set[int]:
    """Tokens (marks included) of quoted fragments: quotes that start in lower case continue the
    reporter's sentence ('would not accept any deal that "allows Canada to ..."'). Worked out once per doc."""
    if "fragments" in doc.user_data:
        return doc.user_data["fragments"]
    out: set[int] = set()
    doc.user_data["fragments"] = out
    for sent in doc.sents:
        marks = [t.i for t in sent if t.text in _QUOTE_MARKS]
        if marks and continued_quote(sent.text):
            marks = marks[1:]  # the first mark closes a quote begun before this sentence
        for a, b in zip(marks[::2], marks[1::2]):
            if a + 1 < b and doc[a + 1].text[:1].islower():
                out.update(range(a, b + 1))
    return out


def _text(doc: Doc, start: int, end: int) -> str:
    if end <= start:
        return ""
    text = doc[start:end].text.strip(" ,;:\u2014")
    # 'a deal "' of 'expects a deal "very soon"': a quotation mark left open at the end belongs to what follows
    while text[-1:] in ('"', "\u201c") and (text.count('"') % 2 == 1 or text[-1] == "\u201c"):
        text = text[:-1].rstrip(" ,;:\u2014")
    return text


def _object_phrase(tok: Token) -> str:
    """'a full and unconditional ceasefire' from its head noun; keeps a short relative clause ('a code that ...')."""
    doc = tok.doc
    start = tok.left_edge.i
    end = _cut(tok, tok.right_edge.i + 1)
    if end - start <= 2:
        end = min(tok.right_edge.i + 1, _next_punct(doc, tok.i))
    # "a meeting ... by the end of August": a deadline attached to the verb belongs with the demand.
    verb = tok.head if tok.dep_ == "dobj" else tok.head.head if tok.dep_ == "pobj" else None
    if verb is not None:
        for prep in verb.children:
            if prep.dep_ == "prep" and prep.lower_ in ("by", "before", "within", "until") and prep.i == end:
                end = prep.right_edge.i + 1
    return _text(doc, start, end)


def _next_punct(doc: Doc, i: int) -> int:
    for tok in doc[i + 1:]:
        if tok.text in (",", ";", ".", "\u201d", '"', "\u2014"):
            return tok.i
    return len(doc)


def _mandative(clause: Token, verb: Token | None = None) -> bool:
    """'that the EU drop its duties', 'that Elian be allowed to stay', 'that it must go': something to be done,
    not 'that the offer was final', which asserts a fact. After 'demanded' or 'urged' (not 'insisted'), a plural
    subject's bare verb is tagged as a present one: 'demanded that the utilities freeze prices'."""
    auxes = [c for c in clause.children if c.dep_ in ("aux", "auxpass") and c.i < clause.i]
    if any(a.lower_ in ("should", "must") for a in auxes):
        return True
    if not auxes and clause.tag_ == "VBP" and verb is not None and verb.lemma_ in _ONLY_DEMANDS \
            and verb.tag_ in ("VBD", "VBN"):
        return True  # a reported demand keeps the bare verb where a reported fact would move to the past
    return (auxes[0] if auxes else clause).tag_ == "VB"  # the subjunctive's bare verb: "drop", "be allowed"


_ONLY_DEMANDS = frozenset("demand propose urge ask request".split())  # "insisted that they are" asserts


def _without_conditions(head: Token) -> int:
    """Where a phrase ends before its conditions and asides ("to set up a panel [if Brussels does not respond]")."""
    cut = [c.left_edge.i for c in head.children if c.dep_ in ("advcl", "parataxis") and c.i > head.i]
    return min(cut + [head.right_edge.i + 1])


def _demand_objects(verb: Token) -> list[Token]:
    # "call for a ceasefire" demands one; "call a strike" or "called the offer fair" does not.
    direct = verb.lemma_ not in ("call", "press", "push")
    objs = [c for c in verb.children if c.dep_ in ("dobj", "attr") and direct]
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ in ("for", "on"):
            objs += [c for c in prep.children if c.dep_ == "pobj"]
    return objs


def _add_demands(st: Statement, tok: Token, quoted: set[int], *, in_quote: bool = False) -> None:
    # "neither goal should nor needs to be sacrificed": "nor" negates the verb it coordinates
    negated = any(c.dep_ == "neg" or c.lower_ in ("nor", "neither") for c in tok.children) or \
        (tok.i > 0 and tok.doc[tok.i - 1].lower_ == "nor")
    if tok.lemma_ in SPEECH_VERBS and tok.lemma_ not in _DEMANDS_THAT and tok.pos_ in ("VERB", "AUX") \
            and not negated:
        # "reiterated that Iran must agree to a deal", "said the airline should pay for boarding": what a side says
        # must or should be done is what it wants, whatever the verb that reports it
        for clause in (c for c in tok.children if c.dep_ == "ccomp" and c.i not in quoted and _obliged(c)):
            words = [t for t in clause.subtree if not (t.dep_ == "mark" and t.head.i == clause.i)]
            _append(st.demands, _text(tok.doc, words[0].i, _cut(clause, _without_conditions(clause))))
    if tok.lemma_ in WANT_VERBS and tok.pos_ in ("VERB", "AUX") and not negated:  # not "the offer on the table"
        for clause in (c for c in tok.children if c.dep_ == "ccomp" and c.i not in quoted
                       and tok.lemma_ in _DEMANDS_THAT and _mandative(c, tok)
                       and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)):
            # "demanded that the EU drop its duties": what is demanded is the clause, not a noun in it
            words = [t for t in clause.subtree if not (t.dep_ == "mark" and t.head.i == clause.i)]
            _append(st.demands, _text(tok.doc, words[0].i, _cut(clause, _without_conditions(clause))))
        for obj in _demand_objects(tok):
            phrase = _object_phrase(obj)
            action = next((c for c in tok.children if c.dep_ == "xcomp" and c.i > obj.i), None)
            if action is not None and (obj.dep_ == "dobj" or obj.head.lower_ == "on"):
                # "ask the WTO to set up a panel", "call on the commission to reject it": who, and to do what
                phrase = _text(tok.doc, obj.left_edge.i, _cut(action, _without_conditions(action)))
            # "announced the ultimatum" names no demand; "announced a 50-day deadline" does.
            if tok.lemma_ == "offer":
                _append(st.offers, phrase)
            elif tok.lemma_ not in ("announce", "set") or any(c.isdigit() for c in phrase):
                _append(st.demands, phrase)
        if tok.lemma_ in _WANTS_TO and not _demand_objects(tok):
            # "seeks to cap enrichment at 3.67%", "offered to mediate": the infinitive is what is wanted (offered)
            for action in _infinitives(tok):
                _append(st.offers if tok.lemma_ == "offer" else st.demands, _action_phrase(action))
    elif tok.lemma_ == "ready" and tok.pos_ == "ADJ":
        for obj in _demand_objects(tok):
            _append(st.demands, _object_phrase(obj))
        if not (tok.dep_ == "acomp" and tok.head.dep_ == "advcl"):  # not "whenever they are ready to meet"
            for action in _infinitives(tok):  # "we are ready to build trust": what it offers
                _append(st.offers, _action_phrase(action))
    elif negated and tok.lemma_ in (REFUSABLE | REJECT_VERBS) and tok.pos_ == "VERB":
        objs = [c for c in tok.children if c.dep_ == "dobj"]
        if objs and objs[0].lower_ not in ("which", "that", "it"):
            start = min([tok.i] + [c.i for c in tok.children if c.dep_ in ("aux", "neg") and c.i < tok.i])
            _append(st.refusals, _text(tok.doc, start, _cut(objs[0], objs[0].right_edge.i + 1)))
    elif tok.lemma_ in REJECT_VERBS and not (tok.dep_ == "xcomp" and tok.head.lemma_ in WANT_VERBS):
        # ("called on the commission to reject any bid": what it wants others to do, taken with the demand)
        objs = [c for c in tok.children if c.dep_ == "dobj"]
        if objs and objs[0].lower_ in ("which", "that") and tok.dep_ == "relcl":
            objs = [tok.head]  # "a ceasefire, which the Russian side rejected"
        if objs and objs[0].lower_ not in ("it", "this", "them"):
            _append(st.rejects, _object_phrase(objs[0]))


# Verbs whose infinitive is what the side wants: "seeks to cap", not "expects to reach" or "asked to leave".
_WANTS_TO = frozenset("want seek propose need demand offer".split())


def _infinitives(tok: Token) -> list[Token]:
    return [c for c in tok.children if c.dep_ == "xcomp" and c.i > tok.i and c.pos_ in ("VERB", "AUX")
            and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)]


def _action_phrase(action: Token) -> str:
    """'to cap Iran's enrichment at 3.67%', before a condition or an aside."""
    start = min(a.i for a in action.children if a.dep_ == "aux" and a.lower_ == "to")
    return _text(action.doc, start, _cut(action, _without_conditions(action)))


def _obliged(clause: Token) -> bool:
    """'that Iran must agree', 'the airline should pay': a reported obligation ('must have known' guesses)."""
    auxes = [c for c in clause.children if c.dep_ in ("aux", "auxpass") and c.i < clause.i]
    return any(a.lower_ in ("must", "should") for a in auxes) and not any(a.lower_ == "have" for a in auxes)


def _clause_demands(clause: Token, quoted: set[int], mentions: list[Mention]) -> list:
    """Demands inside reported speech ('officials say they will press for ...'), each with the mentions of its
    own subject: the replay drops it when someone else is the subject."""
    out = []
    for tok in clause.subtree:
        if tok.i in quoted or tok.lemma_ not in WANT_VERBS | REJECT_VERBS | REFUSABLE | {"ready"}:
            continue
        subject = _subject(tok)
        refs = None
        if subject is not None and subject.pos_ != "PRON":
            refs = [m.actor for m in mentions if subject.left_edge.i <= m.start <= subject.right_edge.i and m.actor]
        adds = _bundle(lambda st: _add_demands(st, tok, quoted))
        if adds:
            out.append([refs, adds])
    return out


def _quote_demands(st: Statement, doc: Doc, quoted: set[int]) -> None:
    for tok in doc:
        if tok.i in quoted:
            _add_demands(st, tok, quoted, in_quote=True)


def _list_demands(st: Statement, text: str) -> None:
    """'Ukraine's priorities ... remain unchanged: a full and unconditional ceasefire; the release of ...'"""
    m = _DEMAND_LIST.search(text)
    if not m:
        return
    for item in m.group(1).split(";"):
        item = re.sub(r"^\s*(?:and|or)\s+", "", item).strip()
        item = re.split(r",\s*(?:which|who)\b|\.\s*$", item)[0].strip(" .")
        if 2 <= len(item.split()) <= 16:
            _append(st.demands, item)


def _append(items: list[str], phrase: str) -> None:
    phrase = phrase.strip(" ,;:.\u2014")
    if len(phrase.split()) >= 2 and phrase.casefold() not in {p.casefold() for p in items}:
        items.append(phrase)


def _score(st: Statement) -> float:
    score = 3.0 if st.quote else 1.0
    score += min(3.0, 1.5 * (len(st.demands) + len(st.rejects) + len(st.refusals)))
    if _STRONG.search(st.claim):
        score += 1.0
    if len(st.claim.split()) < 6:
        score -= 1.0
    return score
