"""Positions: who wants what, one per actor, merged across sources, every claim cited verbatim.

Each document's passages were read once, when it was stored (`summarizer.facts.statements`):
statements whose speakers are left as references where the story decides who they
speak for. Here the story's documents pool what they teach about their people and
organisations into one actor table, each document's statements are resolved against
it, and statements are grouped by actor. An actor's `sources` is how many independent
outlets carry its main claim: the statements that repeat the same quotation or make
the same demand, near-duplicate copies counted with their original and a quote
repeated inside one article counted once.
"""

from __future__ import annotations

import functools
import re
from collections import Counter, defaultdict

from summarizer.briefing.disjoint import DisjointSet
from summarizer.facts.actors import (ABSENT, GENERIC_ORG_NOUNS, ActorTable, Lexicon, clean_name, default_actors,
                                     default_person, resolve_ref)
from summarizer.facts.affiliations import learn_from_votes
from summarizer.facts.speech import Context, Statement, replay_passage
from summarizer.facts.statements import Speech, document_speech, learn_document, passages, to_parse
from summarizer.model import Citation, Position
from summarizer.text.words import words_of_text as content_words

MAX_CITATIONS = 3
SAME_QUOTE = 0.5  # content-word Jaccard above which two quotations are the same words
SAME_DEMAND = 0.5
BATCH = 64


def find_positions(documents: list[dict], sentences: list[dict], *, aliases: dict[str, list[str]] | None = None,
                   limit: int = 6, speech: dict[str, Speech] | None = None) -> list[Position]:
    """One Position per actor, best first (most independent sources, then most statements), at most `limit`.

    `sentences`: those of the story (a passage counts when all its sentences are there); `speech`:
    each document's stored statements, read from the sentences (with a parse) when not given.
    """
    by_id = {d["id"]: d for d in documents}
    if speech is None:
        speech = read_speech(documents, sentences, aliases)
    kept = {(s["document_id"], s["idx"]) for s in sentences}
    table = story_table(documents, speech, aliases)
    statements, seen_aliases = replay_statements(documents, speech, table, kept)
    _people_at_home(statements, seen_aliases, aliases, table.untitled)
    _administration_voice(statements, seen_aliases, aliases, documents, table)
    _one_person_many_spellings(statements, seen_aliases, set(aliases or ()) | set(default_actors()))
    by_actor: dict[str, list[Statement]] = defaultdict(list)
    for st in statements:
        by_actor[st.actor].append(st)
    # Ranked on their main claims first: only the positions shown need their citations and stance. People
    # nothing in the story ties to a side come after the sides heard from as many outlets: a central figure
    # speaks often and is shown, a passer-by quoted once is only in the full list.
    ranked = []
    for actor, sts in by_actor.items():
        main = _main_group(sts, by_id)
        # ties go to the actor the story names most: "Saudi Arabia" before the "Iran" one list names with it
        named = sum(seen_aliases[actor].values())
        ranked.append((-_sources(main, by_id), actor in table.untitled and len(sts) < 3, -len(sts), -named, actor, main))
    ranked.sort(key=lambda r: r[:5])
    return [_position(actor, by_actor[actor], main, by_id, seen_aliases[actor])
            for *_, actor, main in _echoes_last(ranked)[:limit]]


def _echoes_last(ranked: list[tuple]) -> list[tuple]:
    """Actors whose main claim is only a sentence an actor ranked above them already stands on ("India, Saudi
    Arabia, Iran, Kuwait and others opposed changing it": four lines of one claim) come after every other
    side, so one list of names does not fill a digest; they stay in the full list."""
    seen: set[tuple[str, int]] = set()
    first, echoes = [], []
    for r in ranked:
        spans = {(st.document_id, st.start) for st in r[-1]}
        (echoes if spans and spans <= seen else first).append(r)
        seen |= spans
    return first + echoes


def _people_at_home(statements: list[Statement], seen_aliases: dict[str, Counter],
                    aliases: dict[str, list[str]] | None, untitled: set[str] = frozenset()) -> None:
    """In a domestic story, the people the default table counts as their country's voice are sides of their own;
    between countries, people nothing ties to a side (`untitled`) are none.

    Only the people the default table names: a spokesperson whose title names the White House stays its voice.
    A president speaks for the country to other countries; where no other country speaks and people and
    organisations of the story's own take sides (a fight over a state's map, a strike), "Trump" is one side
    among governors, courts and parties, not "the United States". A country a topic's configuration names
    keeps its people.
    """
    default = set(default_actors()) - set(aliases or ())
    countries = {st.actor for st in statements if st.actor in default}
    if len(countries) > 1:
        # between countries, a voice nothing ties to a side is an unnamed official's, not a side of its own
        statements[:] = [st for st in statements if st.actor not in untitled]
    others = {st.actor for st in statements if st.actor not in default}
    if len(countries) != 1 or len(others) < 2:  # a story of one country and no one else is still international
        return
    # only the people the default table names ("Trump"): a White House spokesperson still speaks for it
    people = [st for st in statements if st.actor in countries and st.speaker and default_person(st.speaker)]
    full = {}
    for st in sorted(people, key=lambda st: -len(st.speaker)):
        full.setdefault(st.speaker.split()[-1], st.speaker)
    for st in people:
        name = full[st.speaker.split()[-1]]
        seen_aliases[name][st.alias or st.speaker] += 1
        st.actor = name


def _administration_voice(statements: list[Statement], seen_aliases: dict[str, Counter],
                          aliases: dict[str, list[str]] | None, documents: list[dict], table: ActorTable) -> None:
    """In a domestic story, the government's voice (a White House press secretary, "the administration said") is
    the side of the one leader the story names that government after ("the Biden administration").

    `_people_at_home` made the leader a side of their own; his spokesperson's words stayed "the United States", so
    one side stood as two lines saying the same thing. Only when exactly one side's name leads an administration in
    the story's text: coverage of a handover names two ("the outgoing Biden administration", "the incoming Trump
    administration"), and the voice then stays apart, as it does between countries.
    """
    default = set(default_actors()) - set(aliases or ())
    countries = {st.actor for st in statements if st.actor in default}
    people = {st.actor for st in statements if st.actor not in default and table.is_known_person(st.actor)}
    if len(countries) != 1 or not people:
        return
    leaders = set()  # the names right before each "administration" or "White House": found from those words
    for d in documents:
        text = d.get("text", "")
        for m in _ADMINISTRATION.finditer(text):
            before = _LEADER.search(text, max(0, m.start() - 40), m.start())
            if before:
                leaders.add(before.group(1))
    led = {p for p in people if p.split()[-1] in leaders}
    if len(led) != 1:
        return
    leader = led.pop()
    for st in statements:
        if st.actor in countries:
            seen_aliases[leader][st.alias or st.actor] += 1
            st.actor = leader


_ADMINISTRATION = re.compile(r"[Aa]dministration\b|White House\b")
_LEADER = re.compile(r"\b([A-Z][\w-]+)(?:'s|’s)?\s+$")  # "the Biden administration", "Biden's White House"


def _one_person_many_spellings(statements: list[Statement], seen_aliases: dict[str, Counter],
                               known: set[str]) -> None:
    """'Jaqueline Scott Corley' (one outlet's typo), 'Jacqueline Scott Corley' and a bare 'Corley' are one judge:
    outlets misspell a first name and later sentences use the surname alone, and each spelling would otherwise
    stand as a side of its own. Names that differ by more than one letter in one word stay apart ('Maria Varga',
    'Lazlo Varga'), and so does a bare surname two of them share."""
    counts = Counter(st.actor for st in statements)
    names = [a for a in counts if a not in known and _PERSON_NAME.fullmatch(a)]
    canonical: dict[str, str] = {}
    # The spellings that lead, in the order they came, by surname and number of words: only names alike in both
    # can be spelled alike (`_spelled_alike`), and a story of thousands of names is not compared pair by pair.
    leads: dict[tuple[str, int], list[str]] = defaultdict(list)
    for name in sorted(names, key=lambda a: (-counts[a], -len(a), a)):  # the most quoted spelling leads
        words = name.split()
        alike = leads[words[-1], len(words)]
        lead = next((c for c in alike if _spelled_alike(name, c)), None)
        if lead is None:
            alike.append(name)
        canonical[name] = lead or name
    by_surname: dict[str, set[str]] = defaultdict(set)
    for name, lead in canonical.items():
        if " " in name:
            by_surname[name.split()[-1]].add(lead)
    for name in counts:
        leads = by_surname.get(name, ()) if " " not in name and name not in known else ()
        if len(leads) == 1:
            canonical[name] = next(iter(leads))
    for st in statements:
        lead = canonical.get(st.actor, st.actor)
        if lead != st.actor:
            seen_aliases[lead].update(seen_aliases.pop(st.actor, Counter()))
            st.actor = lead


_PERSON_NAME = re.compile(r"[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3}")


def _spelled_alike(a: str, b: str) -> bool:
    """Two full names with one surname whose other words are the same but for one letter in one word."""
    wa, wb = a.split(), b.split()
    if len(wa) < 2 or len(wa) != len(wb) or wa[-1] != wb[-1]:
        return False
    differ = [(x, y) for x, y in zip(wa, wb) if x != y]
    return len(differ) <= 1 and all(min(len(x), len(y)) >= 4 and _one_edit(x, y) for x, y in differ)


def _one_edit(x: str, y: str) -> bool:
    """Whether one letter added, dropped or changed turns `x` into `y`."""
    if abs(len(x) - len(y)) > 1:
        return False
    i = next((k for k, (p, q) in enumerate(zip(x, y)) if p != q), min(len(x), len(y)))
    return x[i + 1:] == y[i + 1:] or x[i:] == y[i + 1:] or x[i + 1:] == y[i:]


def replay_statements(documents: list[dict], speech: dict[str, Speech], table: ActorTable,
                      kept: set[tuple[str, int]] | None = None) -> tuple[list[Statement], dict[str, Counter]]:
    """Every statement of these documents' stored speech, resolved against the story's `table`, and the
    words each actor was named by. `kept`: the (document, sentence) pairs in the window; a passage counts
    when all its sentences are there (all, without it)."""
    by_id = {d["id"]: d for d in documents}
    people = _people_pattern(table)
    resolved: dict = {}

    def resolve(ref):
        if ref not in resolved:
            actor, person = resolve_ref(ref, table)
            resolved[ref] = (table.same_as.get(actor, actor) if isinstance(actor, str) else actor), person
        return resolved[ref]

    statements: list[Statement] = []
    seen_aliases: dict[str, Counter] = defaultdict(Counter)
    named: dict[str, str | None] = {}  # the first person a passage names (near-duplicates repeat passages)
    for doc_id in _document_order(documents):
        ctx = Context()
        text = by_id[doc_id]["text"]
        for first, last, start, end, record in speech[doc_id].passages if doc_id in speech else ():
            inside = [i for i in range(first, last + 1) if kept is None or (doc_id, i) in kept]
            if not inside:
                continue
            if record is None or len(inside) <= last - first:
                _note_person(ctx, text[start:end], people, table, named)
                continue
            for ref, surface in record["mentions"]:
                actor = resolve(ref)[0]
                if actor and actor is not ABSENT:
                    seen_aliases[actor][surface] += 1
            statements += replay_passage(record, resolve, table.canonical, ctx, document_id=doc_id, start=start,
                                         end=end, first_idx=first, last_idx=last)
    return statements, seen_aliases


def read_speech(documents: list[dict], sentences: list[dict], aliases: dict[str, list[str]] | None = None
                ) -> dict[str, Speech]:
    """Each document's statements read from the given sentences: the passages worth it parsed in one batch."""
    from summarizer.text.nlp import english

    by_doc: dict[str, list[dict]] = defaultdict(list)
    for s in sentences:
        by_doc[s["document_id"]].append(s)
    found = {d["id"]: passages(by_doc[d["id"]], d["text"]) for d in documents if d["id"] in by_doc}
    texts = list(dict.fromkeys(t for ps in found.values() for t in to_parse(ps)))
    parsed = dict(zip(texts, english().pipe(texts, batch_size=BATCH))) if texts else {}
    by_id = {d["id"]: d for d in documents}
    learned = {doc_id: learn_document(by_id[doc_id], ps, parsed, aliases) for doc_id, ps in found.items()}
    lexicon = Lexicon()
    for x in learned.values():
        lexicon.add(*lexicon.learned_by(x.table))
    return {doc_id: document_speech(by_id[doc_id], ps, parsed, learned[doc_id], lexicon)
            for doc_id, ps in found.items()}


def story_table(documents: list[dict], speech: dict[str, Speech], aliases: dict[str, list[str]] | None = None
                ) -> ActorTable:
    """The actors of one story: the aliases, plus who speaks for whom as all its documents taught it.

    Outlet names and headlines of every document of the story are no actors.
    """
    table = ActorTable(aliases, ignore={d["source"] for d in documents if d.get("source")},
                       headlines={d["title"] for d in documents if d.get("title")},
                       bodies=_StoryBodies(documents))
    votes: dict[str, Counter] = defaultdict(Counter)
    as_person, as_org = Counter(), Counter()  # how many documents read each name as a person, as an organisation
    for d in documents:
        for name, counter in (speech[d["id"]].votes.items() if d["id"] in speech else ()):
            votes[name].update(counter)
            as_person[name] += 1
        as_org.update({name for kind, name, *_ in (speech[d["id"]].learned if d["id"] in speech else ())
                       if kind == "org"})
    # "Air Canada" tagged a person in one article (and so speaking for the union in its title) is the airline
    # the others name: a name more documents read as an organisation than as a person is one.
    # nor is a name NER cut out of a headline a person ("Judge [Backs Harvard] in Suit"): "Harvard" was his surname
    for name in [n for n in votes if as_org[n] > as_person[n] or table.ignored(n)]:
        del votes[name]
    learn_from_votes(table, votes)
    generics: dict[str, Counter] = defaultdict(Counter)  # "union" -> the organisations documents called so
    for d in documents:
        for kind, name, *org in (speech[d["id"]].learned if d["id"] in speech else ()):
            if kind == "org" and not (table.ignored(name) or table.resolve(name) or table.is_known_person(name)):
                table.learn_org(name)
            elif kind == "generic" and table._alias.get(org[0]) == org[0]:
                table.learn_generic(name, org[0])
                generics[name][org[0]] += 1
    learn_from_votes(table, votes)  # again: the organisations may name people ("Eurofer director general Brandt")
    text = "\n".join(d["text"] for d in documents)
    _titled_in_apposition(table, votes, text)
    for d in documents:
        for short, full in spelled_out(d["text"]):
            if table.same_as.get(full, full) != short:
                table.same_as[short] = full
    for short, full in initials_of(name for kind, name, *_ in table.learned if kind == "org"):
        if short not in table.same_as and table.same_as.get(full, full) != short:
            table.same_as[short] = full
    # "CUPE National", "Cupe Local 4092": a union's national office and its locals are the union
    orgs = {name.casefold(): name for kind, name, *_ in table.learned if kind == "org"}
    for kind, name, *_ in table.learned:
        m = _BRANCH.fullmatch(name) if kind == "org" else None
        if m and m.group(1).casefold() in orgs:
            whole = orgs[m.group(1).casefold()]
            table.same_as[name] = table.same_as.get(whole, whole)
    _generic_for_the_most_named(table, generics, text)
    return table


class _StoryBodies:
    """The story's text below its headlines, casefolded, as `ActorTable` asks it: does a name that a headline holds
    stand anywhere in it (`name in bodies`)?

    Looked for first in the bodies of the articles under the headlines holding it, where it mostly is (an
    article's kilobytes, not a story's megabytes: 0.8 s of a 3,000-article story's table), then in the whole
    text. The same answer either way: each body is part of the whole, and casefolding goes character by
    character (no context, unlike `lower`), so the whole casefolded is the bodies casefolded and joined."""

    def __init__(self, documents: list[dict]):
        bodies = [_below_headline(d).casefold() for d in documents]
        self.text = "\n".join(bodies)
        self.under: dict[str, list[str]] = {}  # a casefolded headline -> the bodies under it
        for d, body in zip(documents, bodies):
            if d.get("title"):
                self.under.setdefault(d["title"].casefold(), []).append(body)

    def __contains__(self, name: str) -> bool:
        for title, bodies in self.under.items():
            if name in title and any(name in body for body in bodies):
                return True
        return name in self.text


def _titled_in_apposition(table: ActorTable, votes: dict[str, Counter], text: str) -> None:
    """'said Vivek Sankaran, Albertsons CEO', 'Tom Moriarty, general counsel with Albertsons': a title after the
    name that names an organisation the story knows, in a document whose parser did not see that organisation
    (so its vote said the person speaks for no one). Read from the story's text, for people nothing else ties
    to a side."""
    people = table.people()
    alone = [name for name in votes if len(name.split()) > 1 and people.get(name) in (None, name)]
    titles = _ApposedTitles(text, alone)
    for name in alone:
        for m in titles.after(name):
            org = clean_name(m.group("org") or m.group("org2") or "")
            actor = table.resolve(org) if org else None
            if actor and actor not in (name, table.same_as.get(name)) and table._alias.get(actor) == actor:
                table.learn_person(name, actor)
                surname = name.split()[-1]
                if table.people().get(surname) in (None, name):
                    table.learn_person(surname, actor)
                break


_TITLE_NOUNS = (r"(?i:ceo|cfo|coo|chief|president|chairman|chairwoman|chair|spokes(?:man|woman|person)|counsel|director|"
                r"officer|executive|head|manager|secretary)")
_ORG_NAME = r"[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*){0,3}"
# "Albertsons CEO", "Albertsons' chief executive"; "general counsel and chief policy officer with Albertsons"
_APPOSED_TITLE = re.compile(
    rf"(?P<org>{_ORG_NAME})(?:['’]s?)?\s+(?:[a-z]+\s+){{0,2}}?(?:{_TITLE_NOUNS})\b"
    rf"|(?:[a-z]+\s+){{0,6}}?(?:{_TITLE_NOUNS})(?:\s+[a-z]+){{0,4}}?\s+(?:with|at|of|for)\s+(?:the\s+)?(?P<org2>{_ORG_NAME})")


class _ApposedTitles:
    """The titles apposed after the names of a story's text: `after(name)` gives the matches of `_APPOSED_TITLE`
    right after `name` and its comma, where `name` stands as its own word (what
    `re.finditer(rf"\\b{name},\\s+(?:the\\s+)?(?:{_APPOSED_TITLE.pattern})", text)` gives).

    A story of a thousand articles is megabytes of text: a scan of it per name took over a minute with a pattern
    compiled per name, and 16 s of a 3,000-article story with `str.find` (a name the text seldom holds is looked
    for in all of it). Here one scan finds every title after a comma (`_TITLE_AFTER`: a match holds no comma but
    its first character, so matches never overlap and `finditer` meets every comma one starts from), filed by
    the text before the comma at each length of the names to be looked up."""

    def __init__(self, text: str, names: list[str]):
        self.text = text
        lengths = {len(name) for name in names}
        self.before: dict[str, list[re.Match]] = {}
        for m in _TITLE_AFTER.finditer(text):
            at = m.start()
            for length in lengths:
                if length <= at:
                    self.before.setdefault(text[at - length:at], []).append(m)

    def after(self, name: str):
        """`name` starting inside the previous match is skipped, as `finditer` skips it; \\b before the name: a
        word character on one side of it, not on the other."""
        end = 0
        for m in self.before.get(name, ()):
            at = m.start() - len(name)
            if at < end or (at > 0 and _word_char(self.text[at - 1])) == _word_char(name[0]):
                continue
            end = m.end()
            yield m


def _mentions(text: str, phrase: str) -> int:
    """How often `phrase` stands in `text` as words of its own (`(?<!\\w)phrase(?!\\w)`, counted as `findall`
    counts), found with `str.find`: the regular expression had no literal to start from."""
    if not phrase:
        return 0  # no name is empty
    count, at = 0, text.find(phrase)
    while at >= 0:
        end = at + len(phrase)
        alone = not (at and _word_char(text[at - 1])) and not (end < len(text) and _word_char(text[end]))
        count += alone
        at = text.find(phrase, end if alone else at + 1)
    return count


def _word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"  # what \w matches in a str pattern


def _generic_for_the_most_named(table: ActorTable, generics: dict[str, Counter], text: str) -> None:
    """'the union' is the union the story is about: where documents tie one noun to several organisations (the
    striking dockers' association, and a West Coast union named once in a background line), the one the story
    names most often, by its name or its short form; the last one learned otherwise stood for all."""
    # "The union, the Dockers' Association, is to resume work": the reporter says which one the noun means
    for m in _NOUN_NAMED.finditer(text):
        org = table.resolve(clean_name(m.group("name")))
        if org and table._alias.get(org) == org:
            generics[m.group("noun").casefold()][org] += _SAID_WHICH
    for noun, orgs in generics.items():
        if len(orgs) < 2 and table._generic.get(noun) in orgs:
            continue

        def weight(org: str) -> tuple[int, int]:
            forms = [org] + [short for short, full in table.same_as.items() if full == org]
            return orgs[org] >= _SAID_WHICH, sum(_mentions(text, f) for f in forms)
        best = max(orgs, key=weight)
        if table._generic.get(noun) != best:
            table.learn_generic(noun, best)


_TITLE_AFTER = re.compile(rf",\s+(?:the\s+)?(?:{_APPOSED_TITLE.pattern})")
# "\b[Tt]he", written to start with the letter: the regular expression engine then skips to each T or t of a story's
# megabytes of text, where a leading \b is tried at every position (0.7 s against 0.3 s at 3,000 articles)
_NOUN_NAMED = re.compile(rf"[Tt](?<=\b[Tt])he\s+(?P<noun>{'|'.join(sorted(GENERIC_ORG_NOUNS))}),\s+(?:the\s+)?"
                         r"(?P<name>[A-Z][\w.'’&-]*(?:\s+(?:[A-Z][\w.'’&-]*|of|for|and|the))*),"
                         # "the union, Boeing, and the mediators": a list, not the union's name
                         r"(?=\s+(?!(?:and|or|nor|but|as)\b)[a-z])")
_SAID_WHICH = 100  # an apposition naming the organisation outweighs any count of mentions


_BRANCH = re.compile(r"(.+?)\s+(?:National|International|Local\s+\d+)")
_LETTERS = re.compile(r"[A-Z]{2,6}")
_NOT_INITIALLED = frozenset({"of", "the", "and", "for", "&", "de", "du", "des", "la", "le", "in", "on", "to"})


def initials_of(names) -> list[tuple[str, str]]:
    """'ILA' in one article, 'International Longshoremen's Association' in another: (acronym, the name its
    initials spell), one actor, when the story's organisations hold exactly one such name. Outlets that spell
    a name out once and then use its letters do not always bracket them ("the union (ILA)")."""
    names = list(dict.fromkeys(names))
    spelled: dict[str, set[str]] = defaultdict(set)
    for name in names:
        words = [w for w in re.split(r"[\s-]+", name) if w and w.lower() not in _NOT_INITIALLED]
        if len(words) >= 2 and all(w[0].isupper() for w in words):
            spelled["".join(w[0] for w in words)].add(name)
    return [(name, next(iter(spelled[name]))) for name in names
            if _LETTERS.fullmatch(name) and len(spelled.get(name, ())) == 1]


def spelled_out(text: str) -> list[tuple[str, str]]:
    """'the Canadian Union of Public Employees (CUPE)': (acronym, the name it stands for), one actor.

    The name is the shortest run of capitalised words before the brackets whose initials spell the acronym;
    failing that, a run as long as the acronym whose initials spell all of it but its last letter ("United States
    Maritime Alliance (USMX)"): an acronym bracketed right after a name is that name's, and a last letter of the
    organisation's own choosing is the commonest liberty taken with initials."""
    found = []
    if not _BRACKETED.search(text):
        return found  # most articles bracket no acronym: found at once, where `_ACRONYM` tries every position
    for m in _ACRONYM.finditer(text):
        short = m.group(2)
        letters = [c for c in short if c.isupper()]
        words = m.group(1).split()
        initials, near = [], None
        for k in range(len(words) - 1, -1, -1):
            if words[k][:1].isupper():
                initials.insert(0, words[k][0])
            if initials == letters:
                found.append((short, " ".join(words[k:])))
                break
            if len(initials) == len(letters) >= 3 and initials[:-1] == letters[:-1] and words[k][:1].isupper():
                near = near or (short, " ".join(words[k:]))
            if len(initials) >= len(letters):
                if near:
                    found.append(near)
                break
    return found


_ACRONYM = re.compile(r"((?:[A-Z][\w'&.-]*|of|for|and|on|the|de)(?:[ \t]+(?:[A-Z][\w'&.-]*|of|for|and|on|the|de)){1,7})"
                      r"[ \t]+\(([A-Z][A-Za-z]{1,7})\)")
_BRACKETED = re.compile(r"\([A-Z][A-Za-z]{1,7}\)")  # what every match of `_ACRONYM` ends with


def _below_headline(document: dict) -> str:
    """A document's text without its headline (the title, where the text repeats it)."""
    title, text = document.get("title"), document["text"]
    return text.replace(title, "", 1) if title else text


def _document_order(documents: list[dict]) -> list[str]:
    return [d["id"] for d in sorted(documents, key=lambda d: (d.get("published") or "9999", d["id"]))]


def _people_pattern(table: ActorTable) -> dict[str, list[str]] | None:
    """The story's people, by the first word of their names (longest name first, the story's before the
    few well-known ones): a text holding none of those words names none of them."""
    names = sorted((n for n, a in table.people().items() if a), key=len, reverse=True)
    names += sorted(("Putin", "Peskov", "Lavrov", "Zelenskyy", "Zelensky", "Trump", "Erdoğan", "Erdogan"),
                    key=len, reverse=True)
    by_first: dict[str, list[str]] = {}
    for name in names:
        first = _WORD.match(name)
        if first:  # a name that does not start with a letter or digit is never found at a word boundary
            by_first.setdefault(first.group(), []).append(name)
    return by_first or None


_WORD = re.compile(r"\w+")


@functools.lru_cache(maxsize=65_536)
def _whole(name: str) -> re.Pattern:
    return re.compile(r"\b" + re.escape(name) + r"\b")


def _first_person(text: str, people: dict[str, list[str]]) -> str | None:
    """The first of the people named in the text (as one search for all their names, leftmost and longest)."""
    for token in _WORD.finditer(text):
        for name in people.get(token.group(), ()):
            if _whole(name).match(text, token.start()):
                return name
    return None


def _note_person(ctx: Context, text: str, people: dict[str, list[str]] | None, table: ActorTable,
                 named: dict[str, str | None]) -> None:
    """An unparsed sentence still moves 'he' on ('Peskov also brushed off the ultimatum.').
    `named`: the first person of each text already read against these `people`."""
    if text not in named:
        named[text] = _first_person(text, people) if people else None
    name = named[text]
    if name:
        ctx.last_person = (name, table.resolve(name))


def _source_key(document: dict) -> str:
    return document.get("duplicate_of") or document["id"]


def _groups(statements: list[Statement]) -> list[list[Statement]]:
    """Statements that repeat one quotation or make one demand, joined (union-find).

    Near-duplicate articles repeat the same statement many times: identical ones are
    joined at once, and only statements sharing a word are compared, so a day of
    1,000 articles is not a million comparisons.
    """
    sets = DisjointSet(len(statements))
    words = [content_words(s.quote) if s.quote else set() for s in statements]
    demands = [[content_words(d) for d in s.demands + s.offers] for s in statements]
    first_of: dict[tuple, int] = {}
    distinct: list[int] = []
    for i in range(len(statements)):
        quotable = len(words[i]) >= 4
        if quotable or any(demands[i]):  # identical and non-empty: the pairwise test below would join them
            signature = (frozenset(words[i]) if quotable else None, tuple(frozenset(d) for d in demands[i]))
            if signature in first_of:
                sets.union(first_of[signature], i)
                continue
            first_of[signature] = i
        distinct.append(i)
    sharing: dict[tuple[str, str], list[int]] = {}
    for i in distinct:
        keys = {("q", w) for w in words[i]} if len(words[i]) >= 4 else set()
        keys |= {("d", w) for d in demands[i] for w in d}
        for key in keys:
            sharing.setdefault(key, []).append(i)
    for i in distinct:
        partners = {j for key in ({("q", w) for w in words[i]} | {("d", w) for d in demands[i] for w in d})
                    for j in sharing.get(key, ()) if j > i}
        for j in sorted(partners):
            if sets.same(i, j):
                continue
            same_quote = len(words[i]) >= 4 and len(words[j]) >= 4 and _jaccard(words[i], words[j]) >= SAME_QUOTE
            same_demand = any(_jaccard(a, b) >= SAME_DEMAND for a in demands[i] for b in demands[j])
            if same_quote or same_demand:
                sets.union(i, j)
    return [[statements[i] for i in group] for group in sets.groups()]


def _jaccard(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    shared = len(a & b)
    return shared / (len(a) + len(b) - shared)


def _sources(group: list[Statement], by_id: dict[str, dict]) -> int:
    return len({_source_key(by_id[s.document_id]) for s in group})


def _main_group(statements: list[Statement], by_id: dict[str, dict]) -> list[Statement]:
    """The actor's main claim: the statements repeating it from the most sources."""
    return max(_groups(statements), key=lambda g: (_sources(g, by_id), max(s.score for s in g), len(g)))


def _position(actor: str, statements: list[Statement], main: list[Statement], by_id: dict[str, dict],
              aliases: Counter) -> Position:
    cited = _pick_citations(main, statements, by_id)
    citations = [Citation.from_document(by_id[s.document_id], s.start, s.end) for s in cited]
    return Position(actor=actor, stance=_stance(actor, cited), citations=citations,
                    aliases=[a for a, _ in sorted(aliases.items(), key=lambda kv: (-kv[1], kv[0]))][:12],
                    sources=_sources(main, by_id), demands=_dedupe([d for s in cited for d in s.demands + s.refusals]),
                    offers=_dedupe([d for s in cited for d in s.offers]))


def _order(st: Statement, by_id: dict[str, dict]) -> tuple:
    doc = by_id[st.document_id]
    return (doc.get("published") or "9999", st.document_id, st.start)


def _pick_citations(main: list[Statement], statements: list[Statement], by_id: dict[str, dict]) -> list[Statement]:
    """The main claim's best statement, then those that add demands, outlets and direct quotes."""
    first = max(main, key=lambda s: (s.score, bool(s.quote), _neg_order(s, by_id)))
    picked = [first]
    covered = set(_keys(first))
    cited_sources = {_source_key(by_id[first.document_id])}
    pool = [s for s in statements if s is not first]
    while pool and len(picked) < MAX_CITATIONS:
        def gain(s: Statement) -> tuple:
            new = [k for k in _keys(s) if k not in covered]
            same_words = any(_jaccard(content_words(s.quote or s.claim), content_words(p.quote or p.claim))
                             >= SAME_QUOTE for p in picked)
            fresh = _source_key(by_id[s.document_id]) not in cited_sources
            return (not same_words, len(new) * 2 + s.score + (1.5 if fresh else 0), _neg_order(s, by_id))
        best = max(pool, key=gain)
        if not gain(best)[0] and best.score < 3:
            break
        pool.remove(best)
        picked.append(best)
        covered.update(_keys(best))
        cited_sources.add(_source_key(by_id[best.document_id]))
    return picked


def _neg_order(st: Statement, by_id: dict[str, dict]) -> tuple:
    # Ties go to the earliest statement: the original before its republications.
    published, doc_id, start = _order(st, by_id)
    return tuple(-ord(c) for c in published[:10]), -start


def _keys(st: Statement) -> list[frozenset]:
    return [frozenset(content_words(d)) for d in st.demands + st.offers + st.rejects + st.refusals]


def _dedupe(phrases: list[str]) -> list[str]:
    out: list[str] = []
    for p in phrases:
        words = content_words(p)
        if not any(_jaccard(words, content_words(q)) >= SAME_DEMAND for q in out):
            out.append(p)
    return out


def _stance(actor: str, cited: list[Statement]) -> str:
    """'Russia: “<its strongest words>”' plus what its cited statements demand and reject."""
    first = cited[0]
    claim = _trim(first.claim)
    lead = f"{actor}: \u201c{claim}\u201d" if first.quote else f"{actor}: {claim}"
    lead = lead if lead.endswith((".", "\u201d", '."', '!"', '?"')) else lead + "."
    def fresh(items: list[str]) -> list[str]:
        return _dedupe([d for d in items if d.casefold() not in first.claim.casefold()])

    wants = fresh([d for s in cited for d in s.demands])
    offers = fresh([d for s in cited for d in s.offers])
    rejects = fresh([r for s in cited for r in s.rejects])
    refusals = fresh([r for s in cited for r in s.refusals])
    # "Iran must dismantle its enrichment sites": a clause that says what must be done, not a thing to want
    insists = [d for d in wants if _OBLIGATION.search(d)]
    wants = [d for d in wants if d not in insists]
    extra = []
    if wants:
        extra.append("Wants " + "; ".join(wants[:3]) + ".")
    if insists:
        extra.append("Insists " + "; ".join(insists[:2]) + ".")
    if offers:
        extra.append("Offers " + "; ".join(offers[:2]) + ".")
    if rejects:
        extra.append("Rejects " + "; ".join(rejects[:2]) + ".")
    if refusals:
        extra.append("Says it " + "; ".join(f"\u201c{r}\u201d" for r in refusals[:2]) + ".")
    return " ".join([lead] + extra)


_OBLIGATION = re.compile(r"\b(?:must|should)\b")


def _trim(text: str, limit: int = 220) -> str:
    text = " ".join(text.split()).strip(" ,;:")
    if len(text) <= limit:
        return text.rstrip(",") + ("" if text.endswith((".", "!", "?", '."', '!"', '?"')) else ".")
    cut = text.rfind(" ", 0, limit)
    return text[:cut].rstrip(" ,;:") + " \u2026"
