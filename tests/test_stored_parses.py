"""A question parses as little as it can at question time, and gets the same answer.

The passages worth a parse (those that may report speech) are parsed once at ingest and
stored per document: a question reads its candidates' parses from there. A candidate holding
no word the lemmatizer could turn into the asked verb is ruled out without a parse.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict

import pytest

from bot.ingest import Ingester
from bot.store import Store
from summarizer.answer import answer_question, roles
from summarizer.text.datelines import blank_dateline
from summarizer.text.nlp import english
from summarizer.text.parses import PARSE_ATTRS, parses_from_bytes, parses_to_bytes

NOW = dt.datetime(2025, 3, 4, 9, tzinfo=dt.timezone.utc)
DEMAND = ("The Solidarnosc dockers' union demanded on Monday that the port operator raise wages by 9 percent "
          "before the end of March.")
PORT = f"""Gdansk dockers threaten strike over pay

GDANSK, March 3 (Baltic Wire) - {DEMAND} "We have waited two years for this," union leader Piotr Nowak told
reporters outside the container terminal.

The operator, DCT Gdansk, said it would reply by Friday. Cranes at the terminal stood idle for an hour on Monday
afternoon while the dockers met. Union members gathered at the terminal gate before dawn on Monday.
"""
FERRY = """Baltic ferry traffic resumes after storm

GDYNIA, March 3 (Baltic Wire) - Ferries between Gdynia and Karlskrona sailed again on Monday after a two-day
storm. The harbour master said crews had checked every berth before the first departure.
"""
QUESTION = "What did the union demand?"


@pytest.fixture
def port_store(tmp_path):
    (tmp_path / "drop").mkdir()
    for name, text in (("port.txt", PORT), ("ferry.txt", FERRY)):
        (tmp_path / "drop" / name).write_text(text, encoding="utf-8")
    store = Store(tmp_path / "s.db")
    list(Ingester(store, now=lambda: NOW).ingest_paths([tmp_path / "drop"]))
    yield store
    store.close()


def _sentence(store: Store, words: str) -> str:
    """The stored sentence holding these words, as the parser reads it (a dateline blanked out)."""
    return blank_dateline(_stored_sentence(store, words))


def _stored_sentence(store: Store, words: str) -> str:
    return next(r["text"] for r in store.db["sentences"].rows if words in r["text"])


@pytest.fixture
def piped(monkeypatch):
    """The texts spaCy's pipeline is run on, from a question's start (no parse kept from an earlier test)."""
    nlp = english()
    seen: list[str] = []
    pipe = nlp.pipe

    def recording(texts, *args, **kwargs):
        texts = list(texts)
        seen.extend(texts)
        return pipe(texts, *args, **kwargs)

    monkeypatch.setattr(nlp, "pipe", recording)
    monkeypatch.setattr(roles, "_PARSED", OrderedDict())
    return seen


def _fresh(monkeypatch, seen: list[str]) -> None:
    monkeypatch.setattr(roles, "_PARSED", OrderedDict())
    seen.clear()


def _outcome(answer) -> tuple:
    return (answer.answer, answer.answerable, [(c.document_id, c.start, c.end) for c in answer.citations],
            [(c.document_id, c.start, c.end) for c in answer.related])


def test_a_candidate_parsed_at_ingest_is_read_from_its_stored_parse_with_the_same_answer(port_store, piped,
                                                                                         monkeypatch):
    assert port_store.parses_of([d["id"] for d in port_store.db["documents"].rows])  # ingest stored them
    demand = _sentence(port_store, "raise wages by 9 percent")
    stored = answer_question(port_store, QUESTION, today=NOW.date())
    assert stored.answerable and "9 percent" in stored.answer
    assert demand not in piped
    with port_store.db.conn:
        port_store.db.execute("delete from parses")
    _fresh(monkeypatch, piped)
    parsed = answer_question(port_store, QUESTION, today=NOW.date())
    assert demand in piped  # without the stored parse the sentence is parsed, and answers the same
    assert _outcome(parsed) == _outcome(stored)


def test_a_parse_stored_by_another_model_is_not_read(port_store, piped):
    with port_store.db.conn:
        port_store.db.execute("update parses set model = 'en_core_web_md-3.7.1'")
    answer = answer_question(port_store, QUESTION, today=NOW.date())
    assert _sentence(port_store, "raise wages by 9 percent") in piped
    assert answer.answerable and "9 percent" in answer.answer


def test_the_passages_asked_for_are_built_as_the_whole_stored_parse_gives_them(port_store):
    def annotations(doc):
        return ([(t.text, t.whitespace_, t.lemma_, t.pos_, t.tag_, t.dep_, t.head.i, t.ent_iob_, t.ent_type_,
                  t.is_sent_start, t.is_stop) for t in doc], [(e.start, e.end, e.label_) for e in doc.ents])

    rows = port_store.parses_of([d["id"] for d in port_store.db["documents"].rows])
    for row in rows.values():
        whole = parses_from_bytes(row["data"])
        asked = set(list(whole)[::2])
        some = parses_from_bytes(row["data"], only=asked | {"A sentence no document holds."})
        assert set(some) == asked
        assert all(annotations(some[t]) == annotations(whole[t]) for t in asked)
    assert sum(len(parses_from_bytes(r["data"])) for r in rows.values()) >= 3


def test_a_candidate_without_the_asked_verb_in_any_form_is_not_parsed(port_store, piped):
    gathered = _sentence(port_store, "Union members gathered")
    answer = answer_question(port_store, QUESTION, today=NOW.date())
    assert answer.answerable and "9 percent" in answer.answer
    assert gathered not in piped and not roles.acts_in(roles.Role(("union",), "demand"), gathered)


@pytest.mark.parametrize("lemmas", [sorted(roles.SAYING), ["demand", "insist", "want", "ask", "urge", "call", "seek"],
                                    ["win", "beat", "defeat"], ["visit", "travel", "go", "fly", "come", "arrive"],
                                    ["release", "free", "exchange", "swap", "return", "hand", "repatriate"]])
def test_a_sentence_ruled_out_for_a_verb_has_no_word_the_parser_gives_that_lemma(lemmas):
    # Every word spaCy gives one of the lemmas (irregular forms, -ing, -ies, contractions) is found by the
    # test that spares the parse, on sentences written to hold them in every shape.
    sentences = [
        "She told reporters he had said nothing; they were saying more, and wrote, tweeted and posted it.",
        "Kyiv demanded, insisted and was wanting more; Moscow asks, urged and calls while seeking talks.",
        "Madrid won, beat Porto and was defeated twice; they win and we beat them.",
        "He went, flew and came back; she visits, travels, goes and arrives, gonna go, gotta come.",
        "Russia freed 84, swapped, returned and handed over bodies; releases and repatriation went on.",
        "The union's leader isn't sure, can't say, won't comment and didn't reply; it'd be denied.",
        "Prices rose 3% as the ministry explained, described and suggested cuts, cautioning traders.",
        "The envoy is arriving Monday; she replies, describing how he denies it and is proposing talks.",
        "Nothing here holds a verb asked about at all, only harbour cranes in fog.",
    ]
    nlp = english()
    for text in sentences:
        for lemma in {t.lemma_.lower() for t in nlp(text)} & set(lemmas):
            assert roles.may_say([lemma], text), (text, lemma)
    assert not roles.may_say(["win", "beat", "defeat"], sentences[-1])


def test_a_parse_asked_for_again_is_kept_when_new_ones_fill_the_cache(monkeypatch):
    # The oldest parse asked for again with new ones: the new ones must not push it out before it is read.
    monkeypatch.setattr(roles, "_PARSED", OrderedDict())
    monkeypatch.setattr(roles, "_KEPT", 3)
    role = roles.Role(("Lithuania",), "demand")
    old = "Lithuania demanded that the port cut its fees."
    roles.parse_for(role, [old, "Lithuania demanded lower tolls.", "Latvia demanded a new berth."])
    roles.parse_for(role, [old, "Estonia demanded an answer.", "Poland demanded a vote."])
    assert old in roles._PARSED and roles.acts_in(role, old)


def _docbin_bytes(docs) -> bytes:
    from spacy.tokens import DocBin

    bin_ = DocBin(attrs=PARSE_ATTRS, store_user_data=False)
    for doc in docs:
        bin_.add(doc)
    return bin_.to_bytes()


def test_a_stored_parse_is_docbins_bytes_whether_its_passages_parts_were_kept_or_not():
    """`parses_to_bytes` writes what spaCy's DocBin writes, to the byte, with each passage's part kept from
    an earlier document's parse (near-duplicates) or made afresh; a part is taken again only for its own doc."""
    texts = [blank_dateline(PORT.split("\n\n")[1]), DEMAND, "The operator, DCT Gdansk, said it would reply by Friday.",
             "\"We  have waited,\" said Nowak .", "Ferries sailed again on Monday after a two-day storm."]
    docs = list(english().pipe(texts))
    parts: dict = {}
    for picked in ([0, 1, 2], [1, 3, 4, 2], [4], [0, 1, 2, 3, 4], []):
        chosen = [docs[i] for i in picked]
        assert parses_to_bytes(chosen, parts) == _docbin_bytes(chosen)
        assert parses_to_bytes(chosen) == _docbin_bytes(chosen)
    again = english()(texts[1])  # the same text parsed again: another doc, whose own part is used
    again[0].tag_ = "NNS"
    assert parses_to_bytes([again], parts) == _docbin_bytes([again]) != parses_to_bytes([docs[1]], parts)
