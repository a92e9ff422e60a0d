"""Who is speaking: actor mentions, alias resolution and per-story affiliations.

An actor is a country, bloc or organisation that can hold a position. People are
not actors: they speak for one ("Kremlin spokesman Dmitry Peskov" speaks for
Russia). The default table covers common geopolitics and trade actors; a topic's
config adds its own; each story teaches more (titled people, "the association"
for the association named just before), and what one article teaches holds in
every other article of the story, where the same people appear without titles.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from summarizer.facts.demonyms import DEMONYMS

if TYPE_CHECKING:  # spaCy is imported where docs are parsed; a briefing built from stored facts never loads it
    from spacy.tokens import Doc, Span, Token

DEFAULT_ALIASES: dict[str, list[str]] = {
    "Russia": ["Russia", "Russian Federation", "the Russian Federation", "the Kremlin", "Kremlin", "Moscow",
               "Putin", "Vladimir Putin", "Peskov", "Dmitry Peskov", "Lavrov", "Sergei Lavrov", "Russian",
               "Russians"],
    "Ukraine": ["Ukraine", "Kyiv", "Kiev", "Zelensky", "Zelenskyy", "Volodymyr Zelensky", "Volodymyr Zelenskyy",
                "Ukrainian", "Ukrainians"],
    "United States": ["United States", "the United States", "US", "U.S.", "USA", "America", "American",
                      "Americans", "Washington", "the White House", "White House", "Trump", "Donald Trump",
                      "the State Department", "Rubio", "Marco Rubio", "USTR"],
    "European Union": ["European Union", "the European Union", "EU", "the EU", "Brussels",
                       "the European Commission", "European Commission", "the Commission", "Commission",
                       "the AI Office", "AI Office", "European", "von der Leyen", "Ursula von der Leyen"],
    "Turkey": ["Turkey", "Türkiye", "Turkiye", "Ankara", "Erdogan", "Erdoğan", "Recep Tayyip Erdogan",
               "Recep Tayyip Erdoğan", "Turkish"],
    "China": ["China", "Beijing", "Chinese", "Xi Jinping", "MOFCOM"],
    "United Kingdom": ["United Kingdom", "the United Kingdom", "Britain", "UK", "U.K.", "London", "British",
                       "Downing Street"],
    "Germany": ["Germany", "Berlin", "German"],
    "France": ["France", "Paris", "French", "the Elysee", "the Élysée", "Macron", "Emmanuel Macron"],
    "India": ["India", "New Delhi", "Indian"],
    "Japan": ["Japan", "Tokyo", "Japanese"],
    "NATO": ["NATO", "Nato", "the Atlantic alliance"],
    "United Nations": ["United Nations", "the United Nations", "UN", "the UN", "U.N."],
    "Canada": ["Canada", "Ottawa", "Canadian", "Canadians"],
    "Mexico": ["Mexico", "Mexican", "Mexicans"],
    "Brazil": ["Brazil", "Brasilia", "Brasília", "Brazilian"],
    "South Korea": ["South Korea", "Seoul", "South Korean"],
    "Australia": ["Australia", "Canberra", "Australian"],
    "Israel": ["Israel", "Israeli", "Israelis", "Netanyahu", "Benjamin Netanyahu"],
    "Qatar": ["Qatar", "Doha", "Qatari"],
    "Egypt": ["Egypt", "Cairo", "Egyptian"],
    "Iran": ["Iran", "Tehran", "Iranian", "Iranians"],
    "Saudi Arabia": ["Saudi Arabia", "Riyadh", "Saudi"],
    "Poland": ["Poland", "Warsaw"],
    "Italy": ["Italy", "Rome", "Italian"],
    "Spain": ["Spain", "Madrid", "Spanish"],
    "Netherlands": ["Netherlands", "the Netherlands", "The Hague", "Dutch"],
}

# Words of a person's title ("Deputy Foreign Minister", "chief legal officer",
# "delegation headed by"): a person preceded by these speaks for the actor named
# among them.
TITLE_WORDS = frozenset("""
spokesman spokeswoman spokesperson minister ministry foreign deputy prime president presidential vice trade
representative commissioner chief negotiator aide director general secretary policy head heads headed
leads led leader officer legal executive envoy ambassador chancellor chair chairman chairwoman chairperson
official adviser advisor senior state defence defense affairs economy finance interior justice delegation
counsellor undersecretary commander spokesperson's of for the by former acting special top lead ceo cfo coo
""".split())
# Words that must be in the title for it to count (not just "the", "of"...).
ROLE_WORDS = TITLE_WORDS - {"of", "for", "the", "by", "former", "acting", "special", "top", "senior", "state",
                            "general", "foreign", "trade", "policy", "legal", "defence", "defense", "affairs",
                            "economy", "finance", "interior", "justice", "vice", "deputy", "lead"}
# People who comment rather than speak for a side.
COMMENTATORS = frozenset("analyst analysts researcher researchers expert experts observer observers economist "
                         "economists professor commentator fellow".split())
# Nouns that stand in for an organisation named nearby ("the association", "the coalition").
GENERIC_ORG_NOUNS = frozenset("alliance association coalition federation union group company council institute "
                              "network campaign confederation chamber lobby organisation organization".split())
# People who act for the actor named with them: "the leaders of India and China", "EU foreign ministers",
# and parts of a government or an organisation that act for it: "the US State Department".
AGENT_NOUNS = frozenset("leader minister official delegation government negotiator president prime chancellor "
                        "spokesman spokeswoman spokesperson envoy diplomat army force troop military navy "
                        "administration cabinet parliament authority side".split())
BODY_NOUNS = frozenset("department ministry office agency service services council committee commission embassy "
                       "mission team camp people public".split())
NOT_PEOPLE = frozenset({"Patriot", "Patriots", "Tomahawk", "Taurus", "Javelin", "Himars", "HIMARS"})
_ARTICLES = ("the ", "The ")
_POSSESSIVE = ("'s", "\u2019s", "'", "\u2019")
ACTOR_LABELS = frozenset({"GPE", "NORP", "ORG", "PERSON"})


@dataclass(frozen=True)
class Mention:
    """An actor (or an unaffiliated person, actor None) named by tokens [start, end) of a parsed doc."""

    start: int
    end: int
    text: str
    actor: str | None
    person: bool = False


def on_the_bench(title: list[str]) -> bool:
    """A judge's title ("U.S. District Judge", "Chief Justice"): a court decides a case, and the country its
    title names ("U.S.") is no side it speaks for; in a suit brought by that government it is the other party.
    A "Justice Minister" or the "Justice Department" speaks for the government."""
    words = [w.lower() for w in title]
    return any(w in ("judge", "magistrate") or w == "justice" and not set(words[i + 1:]) & _JUSTICE_OF_A_GOVERNMENT
               for i, w in enumerate(words))


_JUSTICE_OF_A_GOVERNMENT = frozenset("minister ministry department secretary".split())


@functools.lru_cache(maxsize=65_536)
def clean_name(text: str) -> str:
    """'the Kremlin’s ' -> 'Kremlin': entity spans carry articles and possessives, and a quote's editorial
    brackets ('Governor [Greg] Abbott') are no part of a name. A curly apostrophe inside a name is a straight
    one: outlets write "Longshoremen’s" and "Longshoremen's" for one union. Cached: a story's thousands of
    articles name the same people and outlets again and again."""
    text = " ".join(text.replace("[", "").replace("]", "").split())
    if "\u2019" in text[:-2]:
        text = text[:-2].replace("\u2019", "'") + text[-2:]
    for article in _ARTICLES:
        if text.startswith(article):
            text = text[len(article):]
    for ending in _POSSESSIVE[:2]:
        if text.endswith(ending):
            text = text[: -len(ending)]
    # "Amit P. Mehta" and "Amit Mehta" are one person: a lone middle initial is no part of whom a name names
    text = _MIDDLE_INITIAL.sub(r"\1 \2", text)
    return text.strip(" ,.;:\u2014-")


_MIDDLE_INITIAL = re.compile(r"^([A-Z][a-z][\w'-]*) [A-Z]\. ([A-Z][a-z][\w'-]*)$")


@functools.lru_cache(maxsize=1)
def _default_alias_table() -> dict[str, str]:
    """Every default name, cleaned once: `ask` builds a fresh table per candidate sentence."""
    out: dict[str, str] = {}
    for table in (DEMONYMS, DEFAULT_ALIASES):
        for actor, names in table.items():
            for name in [actor, *names]:
                out[clean_name(name)] = actor
    return out


def default_person(name: str) -> bool:
    """A person the default table makes a country's voice ("Trump", "Peskov")."""
    return name in _DEFAULT_PEOPLE


def default_actors() -> frozenset[str]:
    """The countries, blocs and organisations every table knows without configuration."""
    return frozenset(DEMONYMS) | frozenset(DEFAULT_ALIASES)


class ActorTable:
    """Alias -> canonical actor, plus what one story taught about its people and organisations."""

    def __init__(self, aliases: dict[str, list[str]] | None = None, *, ignore: set[str] | frozenset = frozenset(),
                 headlines: set[str] | frozenset = frozenset(), bodies: str | None = None):
        """`ignore`: outlet names, never actors, nor any part of them ("Wire" of "Harbour Wire").
        `headlines`: a whole headline NER took for a name is none; a name inside one ("Apple" in
        "EU fines Apple €500 million") is still an actor."""
        self._alias: dict[str, str] = {}
        self._person: dict[str, str | None] = {}
        self._generic: dict[str, str] = {}
        self._ignore = {clean_name(name).casefold() for name in ignore if name}
        self._headlines = {clean_name(name).casefold() for name in headlines if name}
        self._bodies = bodies  # the story's text below its headlines, casefolded (None: not known)
        self.canonical = frozenset(DEMONYMS) | frozenset(DEFAULT_ALIASES) | frozenset(aliases or {})
        self._version = 0  # bumped whenever the table learns: cached mentions are then stale
        self._mentions: dict[tuple[int, int], tuple[Doc | Span, list[Mention]]] = {}
        self.learned: list[tuple[str, ...]] = []  # ("org", name), ("generic", noun, name): in the order learned
        self.same_as: dict[str, str] = {}  # an acronym -> the name it stands for in this story ("CUPE")
        self.untitled: set[str] = set()  # full names of people nothing ties to a side, nor calls commentators
        self._alias.update(_default_alias_table())
        for actor, names in (aliases or {}).items():  # config last: it overrides the defaults
            for name in [actor, *names]:
                self._alias[clean_name(name)] = actor
        # The names every table starts with: indexed once for all tables (learning only adds names after them).
        self._base_aliases = tuple(self._alias.items())
        self._index()

    def _index(self) -> None:
        """Note that the names changed; the index is rebuilt when next needed (a story teaches hundreds)."""
        self._version = getattr(self, "_version", 0) + 1
        self._by_first = None

    def _first_words(self) -> _Index:
        if self._by_first is not None:
            return self._by_first
        # First-token index for the longest-match scan over a doc's tokens: the starting names' index (shared),
        # under the names learned since (organisations and people are never starting names: see learn_*).
        self._by_first = _Index(_alias_index(self._base_aliases))
        learned = [*itertools.islice(self._alias.items(), len(self._base_aliases), None),
                   *((n, a) for n, a in self._person.items() if a)]
        touched: dict[str, list] = defaultdict(list)
        for name, actor in learned:
            actor = self._indexed(name, actor)
            for words in _forms(name):
                touched[words[0]].append((words, actor))
        for first, entries in touched.items():
            self._by_first[first] = sorted([*self._by_first.get(first, ()), *entries], key=lambda e: -len(e[0]))
        return self._by_first

    def _reindex(self, name: str) -> None:
        """`name` was learned: update its entries in the index, if it was built (as a rebuild would)."""
        self._version += 1
        if self._by_first is None:
            return
        actor = self._alias.get(name) or self._person.get(name)
        for words in _forms(name):
            entries = [e for e in self._by_first.get(words[0], ()) if e[0] != words]
            if actor:
                at = next((k for k, e in enumerate(entries) if len(e[0]) < len(words)), len(entries))
                entries.insert(at, (words, self._indexed(name, actor)))
            self._by_first[words[0]] = entries

    # -- lookups -----------------------------------------------------------------
    def resolve(self, name: str) -> str | None:
        """The canonical actor for a name as written ('the White House' -> 'United States'), else None."""
        key = clean_name(name)
        if key in self._alias:
            return self._alias[key]
        if self._person.get(key):
            return self._person[key]
        if key.casefold() in self._generic:
            return self._generic[key.casefold()]
        return None

    def is_known_person(self, name: str) -> bool:
        return clean_name(name) in self._person

    def ignored(self, name: str) -> bool:
        key = clean_name(name).casefold()
        cache = self.__dict__.setdefault("_ignored", {})
        if key not in cache:
            cache[key] = key in self._headlines or key in self._ignore or self._inside_an_outlet(key) \
                or self._headline_only(key)
        return cache[key]

    def _headline_only(self, key: str) -> bool:
        """A name NER cut out of a title-case headline ("Texas AG Paxton Threatens Expulsion of Fleeing") that
        no article's text below its headline uses is a piece of a headline, not a name."""
        bodies = getattr(self, "_bodies", None)
        if bodies is None or len(key.split()) <= 1:
            return False
        if "_headline_text" not in self.__dict__:  # one search among all headlines; the bodies' text is long
            self._headline_text = "\x00".join(self._headlines)
        return key in self._headline_text and key not in bodies

    def _inside_an_outlet(self, key: str) -> bool:
        """Part of an outlet's name ("Wire" of "Harbour Wire"), or holding one, for names over four letters:
        one search among all outlet names at once (a store may know hundreds)."""
        if "_outlets" not in self.__dict__:
            self._outlets = "\x00".join(sorted(self._ignore))
            longer = sorted((s for s in self._ignore if len(s) > 4), key=len, reverse=True)
            self._outlet_in = re.compile("|".join(map(re.escape, longer))) if longer else None
        return (len(key) > 4 and key in self._outlets) or bool(self._outlet_in and self._outlet_in.search(key))

    # -- learning ------------------------------------------------------------------
    def learn_person(self, name: str, actor: str | None) -> None:
        """`name` speaks for `actor` (None: a known person who speaks for no one)."""
        name = clean_name(name)
        if name and name not in self._alias:
            self._person[name] = actor
            self._reindex(name)

    def learn_org(self, name: str) -> None:
        """An organisation that is an actor of its own, matched by name from now on."""
        name = clean_name(name)
        if name and name not in self._alias and name not in self._person:
            self._alias[name] = name
            self.learned.append(("org", name))
            self._reindex(name)

    def learn_generic(self, noun: str, actor: str) -> None:
        self._generic[noun.casefold()] = actor
        self.learned.append(("generic", noun.casefold(), actor))
        self._version += 1

    # -- what a mention's actor is written as (see DeferredActorTable) ---------------------
    def _indexed(self, name: str, actor: str) -> str:
        """The actor an alias match of `name` gives."""
        return actor

    def _plain(self, actor: str | None) -> str | None:
        """An actor as a name, to compare with the words it was matched on."""
        return actor

    def people(self) -> dict[str, str | None]:
        return dict(self._person)

    def names_of(self, actor: str) -> tuple[set[str], set[str]]:
        """What the table calls an actor: its names (aliases, and the people speaking for it), and the common nouns
        a story uses for it ("union")."""
        names = {actor} | {n for n, a in self._alias.items() if a == actor} | \
            {n for n, a in self._person.items() if a == actor and n}
        return names, {g for g, a in self._generic.items() if a == actor}

    def sides_of_surname(self, surname: str) -> frozenset[str]:
        """The actors of the known people whose name ends in `surname` ("Martonyi": the side of "Janos
        Martonyi"). Indexed once per state of the table: a story of thousands of articles asks for
        thousands of names, and its table knows thousands of people."""
        cached = self.__dict__.get("_surnames")
        if cached is None or cached[0] != self._version:
            sides: dict[str, set[str]] = defaultdict(set)
            for name, actor in self._person.items():
                if actor and name.split():
                    sides[name.split()[-1]].add(actor)
            cached = self._surnames = (self._version, {last: frozenset(a) for last, a in sides.items()})
        return cached[1].get(surname, frozenset())

    # -- mentions --------------------------------------------------------------------
    def mentions(self, doc: Doc | Span) -> list[Mention]:
        """Actor mentions in a parsed doc or span, left to right; aliases win over raw entities.

        Cached per parsed object: near-duplicate passages share one parse, and callers ask twice.
        """
        key = (id(doc), self._version)
        if key in self._mentions:
            return list(self._mentions[key][1])
        found = self._find_mentions(doc)
        self._mentions[key] = (doc, found)  # holding `doc` keeps its id from being reused
        return list(found)

    def _find_mentions(self, doc: Doc | Span) -> list[Mention]:
        tokens = list(doc)
        found: list[Mention] = []
        taken: set[int] = set()
        entities = _entities(doc)
        firsts, generics = self._alias_firsts(), self._generic_nouns()
        i = 0
        while i < len(tokens):
            # Most tokens start no name and are no generic noun: two look-ups rule them out.
            word = tokens[i].text
            match = self._match_alias(tokens, i) if any(word in index for index in firsts) else None
            if match:
                n, actor = match
                start, end = tokens[i].i, tokens[i + n - 1].i + 1
                # "Bank of America", "The Moscow Times": a place standing for a state inside an
                # organisation's own name is that organisation ("Upjohn" in "Upjohn Co." is Upjohn still).
                if self._plain(actor) != clean_name(tokens[i].doc[start:end].text) \
                        and _inside_a_name(entities, start, end) \
                        or _a_place_of(tokens[i].doc, start, end) or _hyphenated_on(tokens[i].doc, start, end):
                    i += n
                    continue
                surface = _surface(tokens[i].doc, start, end, self)
                person = actor is not None and self._is_person_alias(surface)
                found.append(Mention(start, end, surface, actor, person))
                taken.update(range(start, end))
                i += n
                continue
            generic = self._match_generic(tokens[i]) if tokens[i].lower_ in generics else None
            if generic:
                found.append(Mention(tokens[i].i, tokens[i].i + 1, "the " + tokens[i].lower_, generic))
                taken.add(tokens[i].i)
            i += 1
        span_start, span_end = tokens[0].i if tokens else 0, tokens[-1].i + 1 if tokens else 0
        for ent in entities:
            if ent.start < span_start or ent.end > span_end or taken.intersection(range(ent.start, ent.end)):
                continue
            located = ent.label_ == "GPE" and _a_place_of(ent.doc, ent.start, ent.end)
            mention = None if located else self._entity_mention(ent)
            if mention:
                found.append(mention)
        return sorted(found, key=lambda m: m.start)

    def _alias_firsts(self) -> tuple[dict, ...]:
        """The first-word indexes of the names `_match_alias` matches: it matches none starting elsewhere."""
        return (self._first_words(),)

    def _generic_nouns(self):
        """The nouns `_match_generic` can match ("the coalition")."""
        return self._generic

    def _match_alias(self, tokens: list[Token], i: int) -> tuple[int, str] | None:
        for words, actor in self._first_words().get(tokens[i].text, ()):
            n = len(words)
            if tuple(t.text for t in tokens[i:i + n]) == words:
                return n, actor  # exact case: "US" is a country, "us" a pronoun
        return None

    def _match_generic(self, token: Token) -> str | None:
        if token.lower_ not in self._generic or token.is_title and token.i > token.sent.start:
            return None
        prev = token.doc[token.i - 1] if token.i > 0 else None
        # "the coalition", "the alliance's", "coalition spokesperson": not "a coalition of ..."
        if prev is not None and prev.lower_ in ("a", "an", "another", "one"):
            return None
        return self._generic[token.lower_]

    def _is_person_alias(self, surface: str) -> bool:
        name = clean_name(surface)
        return name in self._person or (name[:1].isupper() and name in _DEFAULT_PEOPLE)

    def _entity_mention(self, ent: Span) -> Mention | None:
        name = clean_name(ent.text)
        if not name or ent.label_ not in ACTOR_LABELS:
            return None
        if ent.label_ == "PERSON":
            if name in NOT_PEOPLE or name.split()[-1] in NOT_PEOPLE:
                return None
            actor = self._person.get(name)
            if actor is None and name.split()[-1] in self._person:
                actor = self._person[name.split()[-1]]
            return Mention(ent.start, ent.end, name, actor, person=True)
        if ent.label_ == "NORP":
            return None  # unknown demonyms ("Western") name no one in particular
        if self.ignored(name) or len(name) < 2 or ent.label_ == "ORG" and not _proper_name(name):
            return None
        return Mention(ent.start, ent.end, name, name)  # an organisation or country of its own


# References to actors only a whole story can name, in mentions read from one document.
PERSON_REF, ORG_REF, GENERIC_REF = "\x1fP:", "\x1fE:", "\x1fG:"
ABSENT = object()  # a reference the story resolves to no mention at all


class Lexicon:
    """Names learned anywhere (a store, a batch of documents): organisations, and people who speak for a side.

    A document's mentions are read with every name its store knows, so that "Northwind AI" is one
    name even in the article that never tags it as one. Who they speak for is still its story's call.
    """

    def __init__(self, orgs=(), people=()):
        self.orgs: set[str] = set(orgs)
        self.people: set[str] = set(people)
        self._by_first: dict[str, list[tuple[tuple[str, ...], str]]] | None = None

    def add(self, orgs=(), people=()) -> None:
        before = len(self.orgs) + len(self.people)
        self.orgs.update(orgs)
        self.people.update(people)
        if len(self.orgs) + len(self.people) != before:
            self._by_first = None

    def learned_by(self, table: ActorTable) -> tuple[list[str], list[str]]:
        """The organisations and the people with a side that `table` learned."""
        return ([name for kind, name, *_ in table.learned if kind == "org"],
                [name for name, actor in table._person.items() if actor])

    def first_words(self) -> dict[str, list[tuple[tuple[str, ...], str]]]:
        if self._by_first is None:
            self._by_first = defaultdict(list)
            for names, ref in ((sorted(self.people), PERSON_REF), (sorted(self.orgs - self.people), ORG_REF)):
                for name in names:
                    for words in _forms(name):
                        self._by_first[words[0]].append((words, ref + name))
            for entries in self._by_first.values():
                entries.sort(key=lambda e: -len(e[0]))
        return self._by_first


class DeferredActorTable(ActorTable):
    """Mentions of one document whose actor depends on its story, written as references (`resolve_ref`).

    A person's side is learned across the story (a title in another article); a name NER calls
    an organisation is none when it is another article's outlet or headline; "the association"
    names whichever association the story named. Everything else (the default and configured
    aliases) is resolved here. Built from a table that learned from the document itself, and the
    names its store knows (`Lexicon`).
    """

    def __init__(self, learned: ActorTable, lexicon: Lexicon | None = None):
        self.__dict__.update(learned.__dict__)
        self._person = dict(learned._person)
        self._orgs = {name for kind, name, *_ in learned.learned if kind == "org"}
        self._lexicon = lexicon or Lexicon()
        self._mentions = {}
        self._index()

    def _indexed(self, name: str, actor: str) -> str:
        if name in self._person:
            return PERSON_REF + name
        return ORG_REF + name if name in self._orgs else actor

    def _plain(self, actor: str | None) -> str | None:
        return actor[len(ORG_REF):] if actor and actor.startswith(ORG_REF) else actor

    def _alias_firsts(self) -> tuple[dict, ...]:
        return self._first_words(), self._lexicon.first_words()

    def _generic_nouns(self):
        return GENERIC_ORG_NOUNS

    def _match_alias(self, tokens: list[Token], i: int) -> tuple[int, str] | None:
        text = tokens[i].text
        own, known = self._first_words().get(text), self._lexicon.first_words().get(text)
        if not known:
            return super()._match_alias(tokens, i) if own else None
        entries = sorted([*own, *known], key=lambda e: -len(e[0])) if own else known
        for words, actor in entries:
            n = len(words)
            if tuple(t.text for t in tokens[i:i + n]) == words:
                return n, actor
        return None

    def _is_person_alias(self, surface: str) -> bool:
        return super()._is_person_alias(surface) or clean_name(surface) in self._lexicon.people

    def _match_generic(self, token: Token) -> str | None:
        if token.lower_ not in GENERIC_ORG_NOUNS or token.is_title and token.i > token.sent.start:
            return None
        prev = token.doc[token.i - 1] if token.i > 0 else None
        if prev is not None and prev.lower_ in ("a", "an", "another", "one"):
            return None
        return GENERIC_REF + token.lower_

    def _entity_mention(self, ent: Span) -> Mention | None:
        found = super()._entity_mention(ent)
        if found is None:
            return None
        name = clean_name(ent.text)
        return Mention(found.start, found.end, found.text, (PERSON_REF if found.person else ORG_REF) + name,
                       found.person)


def resolve_ref(actor: str | None, table: ActorTable):
    """The actor a mention's reference names in a story's table: a name, None (a person who speaks for no
    one), or ABSENT (no mention: an ignored name, a generic noun the story never tied to anyone).
    Plain actors stand for themselves. Returns (actor, whether it is still a person)."""
    if not actor or not actor.startswith("\x1f"):
        return actor, None
    kind, name = actor[:3], actor[3:]
    if kind == PERSON_REF:
        if name in table._alias:  # an organisation the story knows by this name ("Eurofer" tagged a person)
            return table._alias[name], False
        found = table._person.get(name)
        if found is None and name.split()[-1] in table._person:
            found = table._person[name.split()[-1]]
        return (found if found is not None else untitled_person(name, table)), None
    if kind == ORG_REF:
        if table.ignored(name):
            return ABSENT, None
        state = _state_body(name)
        if state:  # "the Trump Administration", "Kremlin Press Service": a state body's name, not an organisation
            return state, None
        # NER tags a surname an organisation in one article ("Martonyi called ...") when another article of
        # the story titled the same person ("Hungarian Foreign Minister Janos Martonyi"): the person it is.
        person = table._person.get(name)
        if person is None and len(name.split()) == 1:
            full = table.sides_of_surname(name)
            person = next(iter(full)) if len(full) == 1 else None
        person = person or untitled_person(name, table)  # "Varga demanded", after "Lazlo Varga, the great-uncle"
        return (person, None) if person else (name, None)
    return (table._generic[name], None) if name in table._generic else (ABSENT, None)


def untitled_person(name: str, table: ActorTable) -> str | None:
    """The full name of an untitled person the story names ("Lazlo Varga", or "Varga" when one such Varga is
    known): a side of their own; None for anyone else (a commentator, a stray first name)."""
    untitled = getattr(table, "untitled", ())
    if name in untitled:
        return name
    index = table.__dict__.get("_untitled_by_surname")
    if index is None or index[0] != len(untitled):  # people are only ever added: a new size, a new index
        by_surname: dict[str, list[str]] = defaultdict(list)
        for n in untitled:
            by_surname[n.split()[-1]].append(n)
        index = table._untitled_by_surname = (len(untitled), by_surname)
    full = index[1].get(name, ())
    return full[0] if len(full) == 1 else None


def _state_body(name: str) -> str | None:
    """The default actor a name made of one of its aliases and state-body words stands for ("Trump
    Administration" -> United States), else None ("Bank of America", "Harvard Medical School")."""
    words = name.split()
    aliases = _default_alias_table()
    for n in range(len(words), 0, -1):
        for i in range(len(words) - n + 1):
            actor = aliases.get(clean_name(" ".join(words[i:i + n])))  # "U.S." is stored as "U.S"
            if actor and (words[:i] + words[i + n:]) and \
                    all(w.lower() in _GOVERNMENT_WORDS for w in words[:i] + words[i + n:]):
                return actor
    return None


# Words that make a name a government's body ("Trump Administration", "Kremlin Press Service"); "Air" of
# "Air Canada" names a company.
_GOVERNMENT_WORDS = frozenset("""administration government cabinet ministry department office press service
services embassy authorities officials delegation presidency consulate foreign affairs national security
council""".split())


_DEFAULT_PEOPLE = frozenset({"Putin", "Vladimir Putin", "Peskov", "Dmitry Peskov", "Lavrov", "Sergei Lavrov",
                             "Zelensky", "Zelenskyy", "Volodymyr Zelensky", "Volodymyr Zelenskyy", "Trump",
                             "Donald Trump", "Rubio", "Marco Rubio", "Erdogan", "Erdoğan", "Recep Tayyip Erdogan",
                             "Recep Tayyip Erdoğan", "Xi Jinping", "Macron", "Emmanuel Macron", "von der Leyen",
                             "Ursula von der Leyen", "Netanyahu", "Benjamin Netanyahu"})


class _Index:
    """First word -> (words, actor) entries, longest first: a table's own entries over a shared index.

    Every table starts from the same default and configured names; copying their index for each
    table (two per document read) cost more than reading the document's mentions."""

    def __init__(self, base: dict[str, tuple]):
        self._base = base
        self._own: dict[str, list] = {}

    def get(self, first: str, default=None):
        found = self._own.get(first)
        return found if found is not None else self._base.get(first, default)

    def __contains__(self, first: str) -> bool:
        return first in self._own or first in self._base

    def __setitem__(self, first: str, entries: list) -> None:
        self._own[first] = entries


@functools.lru_cache(maxsize=8)
def _alias_index(aliases: tuple[tuple[str, str], ...]) -> dict[str, tuple[tuple[tuple[str, ...], str], ...]]:
    """First word -> (words, actor) of every alias, longest first: what `_first_words` starts from."""
    index: dict[str, list] = defaultdict(list)
    for name, actor in aliases:
        for words in _forms(name):
            index[words[0]].append((words, actor))
    return {first: tuple(sorted(entries, key=lambda e: -len(e[0]))) for first, entries in index.items()}


@functools.lru_cache(maxsize=100_000)
def _forms(name: str) -> tuple[tuple[str, ...], ...]:
    """The token sequences an alias is matched as: its words, and "U.S." for a cleaned "U.S"."""
    words = tuple(_split_words(name))
    if not words:
        return ()
    if re.fullmatch(r"(?:[A-Z]\.)+[A-Z]", words[-1]):
        return words, (*words[:-1], words[-1] + ".")
    if "'" in words or "'s" in words:  # names are kept with a straight apostrophe; outlets print a curly one too
        return words, tuple({"'": "\u2019", "'s": "\u2019s"}.get(w, w) for w in words)
    return (words,)


def _split_words(name: str) -> list[str]:
    """Split an alias the way spaCy's English tokenizer splits the same words ('U.S.' stays whole; the apostrophe
    of "Employers' Association" is a token of its own)."""
    name = name.replace("\u2019s", " \u2019s").replace("'s", " 's")
    return _PLURAL_POSSESSIVE.sub(r"\1 \2", name).split()


_PLURAL_POSSESSIVE = re.compile(r"(\w[sS])(['\u2019])(?=\s|$)")


def _surface(doc: Doc, start: int, end: int, table: ActorTable) -> str:
    text = doc[start:end].text
    prev = doc[start - 1] if start > 0 else None
    # Keep the article where the alias table spells it with one ("the Kremlin").
    if prev is not None and prev.lower_ == "the" and ("the " + text) in _ARTICLED:
        return "the " + text
    return text


_ARTICLED = frozenset(n for names in DEFAULT_ALIASES.values() for n in names if n.startswith("the "))


def _entities(doc: Doc | Span) -> list[Span]:
    """Entities with spaCy's known slips fixed: a trailing possessive or a leading article inside the span.

    Worked out once per parsed doc (kept in its user data): every mention lookup in it asks again.
    """
    whole = doc if not hasattr(doc, "doc") or doc.doc is doc else doc.doc
    found = whole.user_data.get("briefbot_entities")
    if found is None:
        found = whole.user_data["briefbot_entities"] = _fixed_entities(whole)
    return found


def _fixed_entities(doc: Doc) -> list[Span]:
    from spacy.tokens import Span

    out = []
    for ent in doc.ents:
        start, end = ent.start, ent.end
        while end > start and ent.doc[end - 1].text in _POSSESSIVE:
            end -= 1
        while start < end and ent.doc[start].lower_ in ("the", "a", "an"):
            start += 1
        # "Citizens for [Accountable AI]": NER drops the head of names built with "for"/"of".
        while ent.label_ == "ORG" and start >= ent.sent.start + 2 and ent.doc[start - 1].lower_ in ("for", "of") \
                and ent.doc[start - 2].is_title and ent.doc[start - 2].ent_type_ == "":
            start -= 2
        # "[Trade] Minister Dominic LeBlanc": a word of a title that NER took for an organisation.
        if ent.label_ == "ORG" and all(t.lower_ in TITLE_WORDS for t in ent.doc[start:end]):
            continue
        # "[Air Canada Executive] Vice President Mark Nasr": the title a person holds in the organisation begins
        # inside its span; the name ends before it.
        while ent.label_ == "ORG" and end - start > 1 and ent.doc[end - 1].lower_ in _PERSON_TITLES \
                and end < len(ent.doc) and (ent.doc[end].lower_ in TITLE_WORDS or ent.doc[end].ent_type_ == "PERSON"):
            end -= 1
        label = ent.label_
        if label in ("ORG", "GPE") and end < len(doc) and doc[end].lower_ in PARTY_MEMBERS \
                and doc[end].ent_type_ in ("NORP", "") and (end + 1 == len(doc) or doc[end + 1].ent_iob_ != "I"):
            # "Texas House Democrats said": the party's members in the chamber, not the chamber; "Texas
            # Republicans" are a party, not the state
            end, label = end + 1, "ORG"
        # "federal [Labour] Minister Patty Hajdu", "[Jobs] Minister": a cabinet portfolio, not an organisation
        if label == "ORG" and end - start <= 2 and end < len(doc) and doc[end].lower_ in _CABINET_TITLES \
                and all(t.is_title for t in doc[start:end]):
            continue
        if start < end:
            out.append(Span(ent.doc, start, end, label=label))
    return out


_CABINET_TITLES = frozenset({"minister", "secretary"})
# Members of a party, written after the body or place they sit in ("House Democrats", "Ohio Republicans").
PARTY_MEMBERS = frozenset("""democrats republicans conservatives liberals tories socialists greens communists
labourites""".split())


# Words of a person's title that end no organisation's name ("Air Canada Executive Vice President").
_PERSON_TITLES = frozenset("""executive president vice chief officer spokesman spokeswoman spokesperson chairman
chairwoman chair director aide negotiator envoy deputy head""".split())
# Words of a state body's name: "the U.S. Treasury Department", "the Kremlin press service" speak for
# the state; any other word makes the name an organisation of its own ("Bank of America", "U.S. Steel").
_STATE_BODY_WORDS = TITLE_WORDS | AGENT_NOUNS | BODY_NOUNS | frozenset("""
treasury congress senate house department embassy consulate forces armed air navy army military customs coast
guard border patrol command federal national security intelligence commerce energy agriculture labor health
homeland press and parliament duma kremlin authorities officials administration central
""".split())


def _inside_a_name(entities: list[Span], start: int, end: int) -> bool:
    """Whether tokens [start, end), an alias, are one part of a longer organisation's proper name."""
    for ent in entities:
        if ent.label_ == "ORG" and ent.start <= start and end <= ent.end and ent.end - ent.start > end - start:
            rest = [t for t in ent if not start <= t.i < end and t.text not in _POSSESSIVE and not t.is_punct]
            return _proper_name(ent.text) and any(t.lower_ not in _STATE_BODY_WORDS for t in rest)
    return False


def _a_place_of(doc: Doc, start: int, end: int) -> bool:
    """A place that only locates or names something else: "a Moscow-based analyst", "Meridian National
    Corp., Toledo, Ohio, said", "First of America" (a bank, even where NER misses the name)."""
    return _based_in(doc, end) or _company_seat(doc, start, end) or _of_a_name(doc, start)


def _company_seat(doc: Doc, start: int, end: int) -> bool:
    """'Meridian National Corp., Toledo, Ohio, said': the city (and state) after a company's name."""
    i = start
    while i >= 2 and doc[i - 1].text == "," and doc[i - 2].ent_type_ == "GPE":  # back from "Ohio" to "Toledo"
        i -= 2
        while i > 0 and doc[i].ent_iob_ == "I":
            i -= 1
    after = doc[end:end + 3]
    return (i >= 2 and doc[i - 1].text == "," and doc[i - 2].text.rstrip(".") in _COMPANY_ENDINGS
            and len(after) >= 2 and after[0].text == "," and after[1].lower_ not in ("and", "or"))


_COMPANY_ENDINGS = frozenset("Corp Inc Co Ltd PLC plc LLC AG SA NV Group Bancorp Holdings".split())


def _of_a_name(doc: Doc, start: int) -> bool:
    """'First of America', 'Bank of Russia': a capitalised word and 'of' before the place make a name,
    unless the word is a state body's ('Ministry of Defence', 'President of Russia')."""
    if start < 2 or doc[start - 1].text != "of":
        return False
    word = doc[start - 2]
    return word.is_title and word.lower_ not in _STATE_BODY_WORDS | _STATE_NAME_WORDS


_STATE_NAME_WORDS = frozenset("united states republic federation kingdom people peoples state union".split())


def _based_in(doc: Doc, end: int) -> bool:
    """Whether the place ending at token `end` only says where something is based: "a Moscow-based analyst",
    "Kalamazoo, Mich.-based First of America", "Toledo, Ohio-based Meridian"."""
    after = [t.text.lower() for t in doc[end:end + 4]]
    if after[:1] == [","] and len(after) > 1:  # the state follows: ", Mich.-based" or ", Ohio - based"
        after = after[1:] if after[1].endswith("-based") else after[2:]
    return bool(after) and (after[0].endswith("-based") or after[:2] == ["-", "based"])


def _proper_name(name: str) -> bool:
    """'Digital Industry Alliance', 'Citizens for Accountable AI' are names; 'European steel association' is not."""
    words = name.split()
    return bool(words) and all(w[:1].isupper() or not w[:1].isalpha() or w in ("for", "of", "and", "the", "de", "von")
                               for w in words)


_ACTING_NOUNS = AGENT_NOUNS | ROLE_WORDS | BODY_NOUNS
# Organisations a country's name only locates: "Germany's car industry association", "China's biggest carmaker".
_OWN_BODIES = frozenset("""association federation union company firm group chamber lobby organisation organization
confederation network campaign industry carmaker automaker maker producer exporter manufacturer business employer
bank airline""".split())


def own_body(noun) -> bool:
    """Whether a noun (with its compounds: "car industry association VDA") names an organisation of its own."""
    return any(t.lemma_.lower() in _OWN_BODIES for t in (noun, *(c for c in noun.children if c.dep_ == "compound")))


def describes_a_thing(doc: Doc, start: int, end: int) -> bool:
    """"Eurofer, the European steel association", "a US ultimatum", "Istanbul round": a name that only
    qualifies a common noun that is not someone acting for it ("EU foreign ministers" act for the EU).

    A possessive still counts: "Russia's offensive" is Russia's doing.
    """
    inside = range(start, end)
    token = next((doc[i] for i in inside if doc[i].head.i not in inside or doc[i].head.i == i), None)
    # "Germany's car industry association VDA": a body of its own that the country only locates.
    if token is not None and token.dep_ == "poss" and own_body(token.head):
        return True
    while token is not None and token.dep_ in ("amod", "compound", "nmod", "appos") and token.head.i != token.i:
        head = token.head
        if head.pos_ == "NOUN" and head.lemma_.lower() in _ACTING_NOUNS:
            return False
        if head.pos_ == "NOUN" and token.dep_ != "appos":
            return True
        token = head  # on through an apposition or a longer name: "@everyone Istanbul round"
    return False


def _hyphenated_on(doc: Doc, start: int, end: int) -> bool:
    """A name glued by a hyphen to the word before or after it is part of a compound, not the actor:
    "Cuban-Americans" are no statement of the United States, "Russian-speaking" no word of Russia."""
    before = start >= 2 and doc[start - 1].text == "-" and not doc[start - 2].whitespace_ and \
        not doc[start - 1].whitespace_
    after = end + 1 < len(doc) and doc[end].text == "-" and not doc[end - 1].whitespace_ and not doc[end].whitespace_
    return before or after
