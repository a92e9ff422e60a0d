"""Learning, per story, who speaks for whom: titled people, and organisations with their generic nouns.

Kept apart from summarizer.facts.actors, which only looks names up: this is the part
that reads a whole story's parsed sentences before any statement is attributed.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import TYPE_CHECKING

from summarizer.facts.actors import (
    _ACTING_NOUNS,
    _POSSESSIVE,
    COMMENTATORS,
    GENERIC_ORG_NOUNS,
    NOT_PEOPLE,
    ROLE_WORDS,
    TITLE_WORDS,
    ActorTable,
    _entities,
    _proper_name,
    clean_name,
    on_the_bench,
)
from summarizer.facts.speech import LOCATIVE_PREPS

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

Votes = dict[str, Counter]  # a name -> the weight of each actor it was seen speaking for (None: no one)


def learn_affiliations(table: ActorTable, docs: list[Doc]) -> Votes:
    """Teach `table` who speaks for whom from titles and appositions anywhere in the story.

    Votes across all sentences: an explicit title ("Kremlin spokesman Dmitry Peskov")
    outweighs a guess from the sentence around a bare title ("Deputy Foreign Minister
    Sergei Ryabkov said, according to Russian news agencies"). Returns the final votes:
    what one document contributes to its story (`learn_from_votes` sums them).
    """
    learn_from_votes(table, people_votes(table, docs))
    for doc in docs:
        _learn_organisations(table, doc)
    votes = people_votes(table, docs)  # again: "Eurofer director general Axel Brandt" needs Eurofer known
    learn_from_votes(table, votes)
    return votes


def people_votes(table: ActorTable, docs: list[Doc]) -> Votes:
    """For every person-like name of the docs, whom its titles and appositions say it speaks for."""
    votes: Votes = defaultdict(Counter)
    for doc in docs:
        for ent in _entities(doc) + _untagged_names(doc):
            name = clean_name(ent.text)
            if ent.label_ not in ("PERSON", "ORG", "NAME") or name in NOT_PEOPLE or name in table._alias and \
                    table._alias[name] != name:
                continue
            actor, weight = _affiliation(table, doc, ent)
            # spaCy tags some names ORG ("Rustem Umerov"), or none ("Police Chief Ana Ruiz"): a title makes
            # them people.
            if ent.label_ == "PERSON" or (weight >= 2.0 or weight == SELF_WEIGHT) and _looks_like_person_name(ent):
                votes[name][actor] += weight
    return votes


def learn_from_votes(table: ActorTable, votes: Votes) -> None:
    """Each name speaks for the actor with most votes; a lone surname for the one its full names agree on."""
    surnames: dict[str, set[str | None]] = defaultdict(set)
    for name, counter in votes.items():
        if len(name.split()) > 1:
            surnames[name.split()[-1]].add(_best_vote(counter))
    for name, counter in votes.items():
        actor = _best_vote(counter)
        if actor is None and len(name.split()) > 1 and set(counter) == {UNTITLED}:
            table.untitled.add(name)
        if actor in (None, name) and len(name.split()) == 1 and len(surnames.get(name, ())) == 1:
            # "Medinsky" after "presidential aide Vladimir Medinsky"; "Governor DeWine", titled on his own,
            # is the "Governor Mike DeWine" of another article, not a second side
            actor = next(iter(surnames[name])) or actor
        table.learn_person(name, actor)
    for surname, actors in surnames.items():
        if len(actors) == 1 and surname not in votes:
            table.learn_person(surname, next(iter(actors)))


def _untagged_names(doc: Doc) -> list[Span]:
    """Two or three capitalised proper nouns NER left untagged ('Rustem Umerov, who heads ...'): maybe a person.

    Worked out once per parsed doc (kept in its user data): votes are counted twice per document."""
    found = doc.user_data.get("briefbot_untagged")
    if found is None:
        found = doc.user_data["briefbot_untagged"] = _find_untagged_names(doc)
    return list(found)


def _find_untagged_names(doc: Doc) -> list[Span]:
    from spacy.tokens import Span

    out, i = [], 0
    while i < len(doc):
        j = i
        while j < len(doc) and j - i < 6 and doc[j].pos_ == "PROPN" and doc[j].is_title and not doc[j].ent_type_:
            j += 1
        start = i
        while start < j and _title_part(doc[start]):  # "Police Chief Ana Ruiz": the name is after the title
            start += 1
        # "Chief [Financial Officer] Brian West": a title whose words NER left untagged is no one's name
        if 2 <= j - start <= 3 and not any(t.lower_ in ROLE_WORDS for t in doc[start:j]):
            out.append(Span(doc, start, j, label="NAME"))
        i = max(j, i + 1)
    return out


# Capitalised words of a title written before a name: an office, a role, what the office is of.
_TITLE_PARTS = frozenset("""police fire county city state district house senate assembly deputy assistant acting
interim former chief""".split())


def _title_part(tok: Token) -> bool:
    low = tok.lower_
    return low in TITLE_WORDS or low in OFFICES or low in _TITLE_PARTS


def _looks_like_person_name(ent: Span) -> bool:
    words = [t for t in ent if not t.is_punct]
    return 2 <= len(words) <= 3 and all(t.is_title and t.pos_ == "PROPN" for t in words)


def _best_vote(counter: Counter) -> str | None:
    placed = [(w, a) for a, w in counter.items() if a is not None and a != UNTITLED and w > 0]
    if not placed:
        return None
    placed.sort(key=lambda x: (-x[0], x[1]))
    return placed[0][1]


def _affiliation(table: ActorTable, doc: Doc, ent: Span) -> tuple[str | None, float]:
    sent = ent.sent
    left = _title_window_left(doc, ent, sent.start)
    if ent.label_ in ("PERSON", "NAME") and (_elected(left) or _chamber_leader(left) or on_the_bench([t.text for t in left])):
        # "President-elect Ruth Harlan" does not speak for the government yet, and "Senate Majority Leader
        # Paul Voss" speaks for his side of the chamber, not for the Senate: each is a side of their own,
        # unless the story ties them to one elsewhere.
        return clean_name(ent.text), SELF_WEIGHT
    actor = _actor_in(table, left, exclude=ent)
    if actor:
        return actor, 2.0
    right = _apposition_right(doc, ent, sent.end)
    actor = _actor_in(table, right, exclude=ent, prefer_known=True)
    if actor:
        return actor, 2.0
    window = list(left) + list(right)
    # "Hanna Kiss, a professor of family law": a commentator, whether or not the apposition holds a title
    if any(t.lower_ in COMMENTATORS for t in window + _apposition_right(doc, ent, sent.end, titled=False)):
        return None, 1.0
    if ent.label_ in ("PERSON", "NAME") and any(_office(t) for t in window):
        # "Governor-elect Maria Lopez", "Assembly Speaker Dan Ortiz": an office no organisation or country in
        # the title claims. The person is a side of their own, unless the story ties them to one elsewhere
        # (any other vote outweighs this one).
        return clean_name(ent.text), SELF_WEIGHT
    if any(t.lower_ in ROLE_WORDS for t in window):
        # A bare title: guess from the one actor the rest of the sentence names outside quotes.
        # An adjective is no party to the sentence: "Former Soviet leader Mikhail Gorbachev says ... the common
        # European security system" names no one Gorbachev speaks for.
        # Nor is a place where it was said: "told reporters in Lisbon" names where, not for whom.
        outside = [m for m in table.mentions(sent) if m.actor and not m.person and not _quoted(doc, m.start)
                   and not all(t.pos_ == "ADJ" or t.dep_ == "amod" for t in doc[m.start:m.end])
                   and not _where_it_was_said(doc[m.end - 1]) and not _places_a_thing(doc[m.end - 1])
                   and not _counterparty(doc[m.end - 1])]
        actors = {m.actor for m in outside if not (ent.start <= m.start < ent.end)}
        if len(actors) == 1:
            return actors.pop(), 0.5
        if ent.label_ in ("PERSON", "NAME") and not any(t.lower_ in _OF_A_COUNTRY for t in window):
            # "Police Chief Ana Ruiz": titled, and no one else to speak for. A foreign minister speaks for a
            # country even where the sentence does not name it.
            return clean_name(ent.text), SELF_WEIGHT
    return UNTITLED, 0.1


# The vote of a name that nothing around it ties to anyone, nor calls a commentator: a person who may speak for
# themself (a relative in a custody fight, a governor the copy names without a title).
UNTITLED = "\x00untitled"


# Offices whose holders take sides of their own in a domestic story (a minister's title names a country).
OFFICES = frozenset("""governor gov. gov mayor senator sen. sen representative rep. rep congressman congresswoman lawmaker
legislator assemblyman assemblywoman assemblymember speaker judge justice prosecutor attorney sheriff councilman
councilwoman councillor councilor alderman superintendent comptroller treasurer candidate nominee lawyer""".split())
_OF_A_COUNTRY = frozenset("""minister ministry foreign ambassador envoy president presidential prime chancellor
secretary undersecretary delegation counsellor commander defence defense interior trade finance economy""".split())
SELF_WEIGHT = 0.3  # below a guess from the sentence (0.5) and any title naming an actor (2.0)


def _office(tok: Token) -> bool:
    return tok.lower_ in OFFICES


def _where_it_was_said(tok: Token) -> bool:
    """A name in a place phrase of a verb ('told reporters in Lisbon', 'speaking at the UN in Geneva')."""
    prep = _place_prep(tok.head if tok.dep_ != "pobj" else tok, ("compound", "flat", "appos"))
    return prep is not None and prep.lower_ in ("in", "at") and prep.head.pos_ in ("VERB", "AUX")


def _places_a_thing(tok: Token) -> bool:
    """A name in a place phrase of a noun that does not act for the place: "a tour company in Blantyre",
    "a hospital near Gaza" say where something is. "Officials in Moscow" do act for it."""
    prep = _place_prep(tok, ("compound", "flat"))
    return prep is not None and prep.lower_ in LOCATIVE_PREPS and prep.head.pos_ in ("NOUN", "PROPN") \
        and prep.head.lemma_.lower() not in _ACTING_NOUNS


# "helped negotiate a contract between employers and the union", "a strike by union workers": whom the titled
# person deals with or acts on, not whom they speak for.
_COUNTERPARTY_PREPS = frozenset({"between", "against", "with", "by"})
_SAYING_NOUNS = frozenset({"statement", "letter", "release", "post", "remarks", "email", "memo", "filing", "notice"})


def _counterparty(tok: Token) -> bool:
    """A name in a 'between'/'against'/'with' phrase, or a 'by' phrase of a noun that is no statement."""
    within = ("compound", "flat", "nmod", "amod", "conj", "appos")
    prep = _place_prep(tok, within)
    while prep is not None and prep.lower_ == "of":  # "by members of the guild"
        prep = _place_prep(prep.head, within)
    if prep is None or prep.lower_ not in _COUNTERPARTY_PREPS:
        return False
    return prep.lower_ != "by" or prep.head.pos_ in ("NOUN", "PROPN") and prep.head.lemma_.lower() not in _SAYING_NOUNS


def _place_prep(head: Token, within: tuple[str, ...]) -> Token | None:
    """The preposition whose object the phrase holding `head` is (climbing the `within` dependencies), or None."""
    while head.dep_ in within and head.head.i != head.i:
        head = head.head
    prep = head.head if head.dep_ == "pobj" else None
    return prep if prep is not None and prep.dep_ == "prep" else None


def _title_window_left(doc: Doc, ent: Span, floor: int) -> list[Token]:
    out: list[Token] = []
    i = ent.start - 1
    while i >= floor and len(out) < 10:
        tok = doc[i]
        # "the state's attorney general, Ruth Kim": a title written before the name, a comma between
        comma = tok.text == "," and (out or i == ent.start - 1 and i > floor and (
            doc[i - 1].lower_ in ROLE_WORDS or _office(doc[i - 1]) or doc[i - 1].lower_ == "general"))
        elect = tok.lower_ in ("elect", "-") and i > floor and (_office(doc[i - 1]) or doc[i - 1].lower_ in ROLE_WORDS
                                                               or doc[i - 1].lower_ in ("-", "elect"))
        # "Deputy Foreign Minister for Legal and International Affairs Kazem Gharibabadi": "and" inside a title
        joined = tok.lower_ == "and" and out and out[0].is_title and i > floor and table_like(doc[i - 1])
        # "Greenpeace plastics campaign lead Graham Forbes": the unit a title names, between body and title
        unit = out and tok.pos_ == "NOUN" and tok.dep_ == "compound" and tok.is_lower and \
            out[0].i <= tok.head.i < ent.end and sum(1 for t in out if t.is_lower and t.pos_ == "NOUN") < 3
        if tok.lower_ in TITLE_WORDS or unit or tok.text in _POSSESSIVE or comma or elect or joined or _office(tok) or \
                tok.ent_type_ in ("GPE", "NORP", "ORG") or tok.lower_ in GENERIC_ORG_NOUNS or \
                tok.lower_ in ("its", "his", "her", "their") or table_like(tok):
            out.insert(0, tok)
            i -= 1
            continue
        break
    while out and out[0].text == ",":
        out.pop(0)
    return out


_CHAMBERS = frozenset("senate house congress parliament assembly legislature bundestag duma knesset".split())
_CHAMBER_ROLES = frozenset("leader speaker whip".split())


def _elected(title: list[Token]) -> bool:
    return any(t.lower_ == "elect" or t.lower_.endswith("-elect") for t in title)


def _chamber_leader(title: list[Token]) -> bool:
    """A title naming a chamber and a party office in it: "Senate Majority Leader", "House Speaker"."""
    words = {t.lower_ for t in title}
    return bool(words & _CHAMBERS) and bool(words & _CHAMBER_ROLES)


def table_like(tok: Token) -> bool:
    """A capitalised word inside a title ('Trade', 'Kremlin'): titles are written in title case."""
    return tok.is_title and tok.pos_ in ("PROPN", "NOUN", "ADJ") and tok.ent_type_ != "PERSON"


def _apposition_right(doc: Doc, ent: Span, ceiling: int, *, titled: bool = True) -> list[Token]:
    if ent.end >= ceiling or doc[ent.end].text != ",":
        return []
    out: list[Token] = []
    for tok in doc[ent.end + 1: min(ceiling, ent.end + 16)]:
        if tok.text in (",", ".", ";", ")", "\u2014") or tok.text in _QUOTE_CHARS:
            break
        out.append(tok)
    return out if not titled or any(t.lower_ in ROLE_WORDS for t in out) else []


def _actor_in(table: ActorTable, tokens: list[Token], *, exclude: Span, prefer_known: bool = False) -> str | None:
    if not tokens or not any(t.lower_ in ROLE_WORDS or t.lower_ in GENERIC_ORG_NOUNS for t in tokens):
        return None
    doc = tokens[0].doc
    span = doc[tokens[0].i: tokens[-1].i + 1]
    mentions = [m for m in table.mentions(span) if m.actor and not (exclude.start <= m.start < exclude.end)]
    if prefer_known:
        known = [m for m in mentions if table.resolve(m.text) or m.text in table._alias]
        mentions = known or mentions
    return mentions[-1].actor if mentions and not prefer_known else (mentions[0].actor if mentions else None)


_QUOTE_CHARS = frozenset('"\u201c\u201d')


def _quoted(doc: Doc, i: int) -> bool:
    """Is token i inside a quotation (an odd number of quote marks before it in its sentence)?"""
    sent = doc[i].sent
    marks = [t for t in doc[sent.start:i] if t.text in _QUOTE_CHARS]
    opens = sum(1 for t in marks if t.text == "\u201c") - sum(1 for t in marks if t.text == "\u201d")
    straight = sum(1 for t in marks if t.text == '"')
    return opens > 0 or straight % 2 == 1


def _learn_organisations(table: ActorTable, doc: Doc) -> None:
    """Organisations named in the story become actors of their own, found again where NER misses them.

    'Eurofer, the European steel association' and 'A coalition of 43 groups, Citizens
    for X': the noun ('association', 'coalition') then names that organisation, as
    does the last word of 'Digital Industry Alliance'.
    """
    for ent in _entities(doc):
        name = clean_name(ent.text)
        if ent.label_ != "ORG" or table.ignored(name) or table.resolve(name) or table.is_known_person(name) \
                or not _proper_name(name):
            continue
        table.learn_org(name)
        last = name.split()[-1].casefold()
        if last in GENERIC_ORG_NOUNS and len(name.split()) > 1:
            table.learn_generic(last, name)
        if ent.start >= 2 and doc[ent.start - 1].text == ",":
            j = ent.start - 2
            while j > max(ent.sent.start, ent.start - 9) and doc[j].text not in (",", ".", ";"):
                if doc[j].lower_ in GENERIC_ORG_NOUNS and doc[j - 1].lower_ in ("a", "an"):
                    table.learn_generic(doc[j].lower_, name)
                    break
                j -= 1
    _learn_named_by_noun(table, doc)
    # "Name, the <...> association," where NER tagged only the description (or nothing).
    for tok in doc:
        if tok.text != "," or tok.i == 0 or tok.i + 1 >= len(doc) or doc[tok.i + 1].lower_ not in ("the", "a", "an"):
            continue
        start = tok.i
        while start > tok.sent.start and doc[start - 1].ent_type_ in ("", "ORG") and (
                doc[start - 1].pos_ == "PROPN" or doc[start - 1].lower_ in ("for", "of") and start - 2 >= tok.sent.start
                and doc[start - 2].is_title):
            start -= 1
        if start == tok.i or start > tok.sent.start and doc[start - 1].pos_ not in ("PUNCT", "CCONJ", "ADP"):
            continue
        name = clean_name(doc[start:tok.i].text)
        if not name or table.ignored(name) or table.resolve(name) and not table.resolve(name) == name:
            continue
        for nxt in doc[tok.i + 2: tok.i + 8]:
            if nxt.text in (",", ".", ";"):
                break
            if nxt.lower_ in GENERIC_ORG_NOUNS:
                table.learn_org(name)
                table.learn_generic(nxt.lower_, name)
                break


def _learn_named_by_noun(table: ActorTable, doc: Doc) -> None:
    """"The FNV Havens union said": proper nouns between "the" and an organisation noun name it.

    NER misses many unfamiliar names (an acronym and a Dutch word); the noun after them
    says they are an organisation, and "the union" speaks for it from then on.
    """
    for tok in doc:
        if tok.text not in GENERIC_ORG_NOUNS:  # lower case: "the European Union" is a name already
            continue
        start = tok.i
        while start > tok.sent.start and tok.i - start < 4 and doc[start - 1].pos_ == "PROPN" and \
                doc[start - 1].text[:1].isupper() and doc[start - 1].ent_type_ not in ("PERSON", "GPE", "NORP"):
            start -= 1
        if start == tok.i or start == tok.sent.start or doc[start - 1].lower_ != "the":
            continue
        name = clean_name(doc[start:tok.i].text)
        if not name or table.ignored(name) or table.resolve(name) or table.is_known_person(name):
            continue
        table.learn_org(name)
        table.learn_generic(tok.text, name)
