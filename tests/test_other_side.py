"""A follow-up that asks for "the other side" is read with that side named.

"and what did the other side say?" after an answer quoting one side of a dispute asks for
the other's words; the sources never write "the other side", so it must be named before
searching. The story below is written here in the shape of wire copy: two sides quoted in
every article, a mediator quoted once, an unrelated story in the same store.
"""

from __future__ import annotations

import datetime as dt

from bot.commands import Commands, Session
from summarizer.answer.roles import Role
from summarizer.answer.sides import OTHER_SIDE
from summarizer.answer.speakers import Speakers
from summarizer.facts.speech import Statement
from tests.test_answer import store_of

NOW = dt.datetime(2025, 3, 13, 8, tzinfo=dt.timezone.utc)

WIRE = """Calloway dockers reject pay offer, strike enters second week

CALLOWAY, March 10, 2025 (Harbour Wire) - Dock workers at the port of Calloway voted on Monday to reject a 4 \
percent pay offer, extending a strike that has left some 300 container ships waiting offshore.

"A 4 percent offer after three years of frozen wages is an insult, and our members have said so," Mara Lind, a \
spokeswoman for the Harbour Workers' Union, told reporters outside the union hall. The union wants 9 percent and \
a cap on night shifts.

The Calloway Port Employers' Association said the offer was final. "We have put 4 percent on the table and there \
is no more money," the association's director, Tomas Berg, said in a statement.

State mediator Ines Fold said she would invite both sides to talks on Thursday.

Share this article
"""
POST = """# Port strike: employers say 4% is their last word

*Coastal Post, 11 March 2025*

The Calloway Port Employers' Association on Tuesday repeated that its pay offer of 4 percent would not be raised, \
a day after dockers voted it down.

"Four percent is what the port can afford," said Tomas Berg, the association's director. "Every day of this \
strike costs our members and the region."

The Harbour Workers' Union said it would not return to work for less than 9 percent. Union spokeswoman Mara \
Lind said the employers were "hiding behind the strike's costs".
"""
DAILY = """Mediator calls Calloway port talks for Thursday

By Lena Ortis, Bay Daily
March 12, 2025

The state mediator has called the Harbour Workers' Union and the Calloway Port Employers' Association to talks \
on Thursday, as the strike at Calloway enters its ninth day.

The union said on Wednesday it would attend. "We will go to the talks, but our claim of 9 percent stands," Mara \
Lind said.

The employers' association also agreed to attend. Its director Tomas Berg said the association would listen but \
"the 4 percent offer is the offer".

About 1,400 containers of fresh produce are stuck on the quays, port officials said.
"""
AIRLINE = """Skyline Air adds routes to Lisbon

VALLETTA, March 9, 2025 (Harbour Wire) - Skyline Air will fly daily to Lisbon from May, its chief executive Dana \
Whitlow said on Sunday. "Lisbon is our busiest new market," she said.
"""


def _commands(tmp_path) -> Commands:
    store = store_of(tmp_path, {"wire.txt": WIRE, "post.md": POST, "daily.txt": DAILY, "airline.txt": AIRLINE}, NOW)
    return Commands(store, now=lambda: NOW)


def _shown(answer) -> list[str]:
    return [answer.answer] + [c.quote for c in answer.citations] if answer.answerable else \
        [c.quote for c in answer.related]


def test_the_other_side_is_the_side_the_last_answer_did_not_quote(tmp_path):
    commands, session = _commands(tmp_path), Session()
    first = commands.handle("What did the union say about the pay offer?", session).answer
    assert first.answerable and "Mara Lind" in first.answer
    reply = commands.handle("and what did the other side say?", session)
    then = reply.answer
    assert reply.text == f"read as: {then.question}"  # the console says so: Slack and Discord echo the question
    # Read as the employers' question (Slack and Discord echo it), and shown their words, not the union's
    # or the mediator's: "the other side" is never searched for as such.
    assert "Calloway Port Employers' Association" in then.question and "pay offer" in then.question
    assert then.answerable and all("Berg" in s or "Employers" in s for s in _shown(then)), _shown(then)
    assert session.last_cited == (list(then.citations) if then.answerable else [])
    # ... and the other side of the employers is the union again, whatever the wording.
    back = commands.handle("What did the employers' association say about the offer?", session).answer
    assert back.answerable
    union = commands.handle("what did their opponents say about the offer?", session).answer
    assert "Harbour Workers' Union" in union.question and all("Lind" in s or "union" in s.lower()
                                                              for s in _shown(union))


def test_no_side_is_guessed_when_the_last_answer_quoted_no_one(tmp_path):
    commands, session = _commands(tmp_path), Session()
    first = commands.handle("How many containers are stuck on the quays?", session).answer
    assert first.answerable and "1,400" in first.answer
    then = commands.handle("and what did the other side say?", session).answer
    assert not then.answerable and "by name" in then.answer and not then.related
    fresh = commands.handle("What did the other side say about the offer?", Session()).answer
    assert not fresh.answerable and "by name" in fresh.answer


def test_other_side_wordings_and_plain_questions():
    for q in ("and what did the other side say?", "what did the other party say about it?",
              "and their opponents?", "What did its rivals say?", "what about the opposing camp?"):
        assert OTHER_SIDE.search(q), q
    for q in ("What did the union say on the other hand?", "Who else sided with the employers?",
              "What did the other mediator say?"):
        assert not OTHER_SIDE.search(q), q


def test_a_speaker_named_by_a_plural_possessive_speaks_for_it():
    # "the employers" asked about; the statement is by the "Calloway Port Employers' Association" (its director
    # speaking): the apostrophe is no part of the word.
    speakers = Speakers.__new__(Speakers)
    speakers.table = _NoTable()
    said = Statement(actor="Calloway Port Employers' Association", document_id="d", start=0, end=10,
                     claim="the 4 percent offer is the offer", speaker="Tomas Berg")
    assert speakers.speaks_for(said, Role(("employers",), "say", saying=True))
    assert speakers.speaks_for(said, Role(("Berg",), "say", saying=True))
    assert not speakers.speaks_for(said, Role(("union",), "say", saying=True))


class _NoTable:
    """An actor table that knows no aliases: only the words of the names decide."""

    def resolve(self, name):
        return None


def test_the_console_says_how_it_read_the_other_side(tmp_path):
    import io

    from adapters.console import run_console

    out = io.StringIO()
    run_console(_commands(tmp_path), io.StringIO("What did the union say about the pay offer?\n"
                                                 "and what did the other side say?\n"), out, prompt=False)
    first, second = out.getvalue().split("— offline engine\n")[:2]
    assert "read as" not in first
    assert second.startswith("(read as: what did Calloway Port Employers' Association say about the pay offer?)\n")


COMPACT_A = """Three ports sign up to the Northern Shipping Compact

OSLO, June 2, 2031 (Quay Report) - The ports of Aldra, Bevik and Cass will join the Northern Shipping Compact \
next month, their directors said on Monday.

"Joining the compact doubles our reach in the Baltic," Aldra Port Authority director Jonas Vik said.

"We have waited four years for this," Bevik Harbour Board chair Lina Moe said. "It is the biggest change since \
the harbour opened," she added.

Cass Maritime Council head Per Dahl said the compact would cut fees for every shipping line that calls at Cass.
"""
COMPACT_B = """Compact ports prepare for July start

OSLO, June 4, 2031 (Nordic Ledger) - Aldra Port Authority director Jonas Vik said the port would hire 40 pilots \
before joining the compact in July.

Bevik Harbour Board chair Lina Moe said joining the compact would bring new container routes to Bevik.

Cass Maritime Council head Per Dahl said Cass would publish its new fees on July 1.
"""


def test_allies_quoted_side_by_side_are_no_other_side(tmp_path):
    # Three ports joining one compact: each is quoted in every article, and none answers another. Before, the one
    # quoted most besides the last answer's speaker was taken for "the other side".
    store = store_of(tmp_path, {"a.txt": COMPACT_A, "b.txt": COMPACT_B, "airline.txt": AIRLINE}, NOW)
    commands, session = Commands(store, now=lambda: NOW), Session()
    first = commands.handle("What did Aldra Port Authority say about joining the compact?", session).answer
    assert first.answerable and "Vik" in first.answer
    reply = commands.handle("and what did the other side say?", session)
    assert not reply.answer.answerable and "by name" in reply.answer.answer and reply.text == ""
