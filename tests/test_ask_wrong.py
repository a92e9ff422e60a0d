"""`ask` gives no wrong answer where it can tell: classes of wrong answers seen on real news, on text written here.

Each class was seen on real coverage (the AQUAINT development stories and articles gathered
for measurement only, never stored here): a "who" answered by a sentence that names nobody,
a year given as a figure, a date that says when something was reported rather than when it
happened, a follow-up that loses what the question before it counted.
"""

from __future__ import annotations

import datetime as dt

from summarizer.answer import answer_question
from summarizer.answer.followups import merge_followup
from summarizer.answer.query import parse_question, question_kind
from summarizer.text.nlp import english
from tests.test_answer import store_of

NOW = dt.datetime(2025, 9, 12, 9, tzinfo=dt.timezone.utc)

GROUNDING = """Freighter Orla Grey refloated after five days on the Skerrin bank

PORTMOY, Sept 9, 2025 (Harbour Wire) - The bulk carrier Orla Grey was refloated on Tuesday, five days after \
it lost power and drifted onto the Skerrin sandbank with 19 crew aboard, the coastguard said.

The Malta-registered companies that own and operate the Orla Grey are seeking to cap \
their liability under the Merchant Shipping Act of 1894, their lawyers told the admiralty court. The cap they \
seek, the value of the ship and her cargo, is 41.5 million euros.

A former master of the ship noted "constant vibration" in the engine room in his handover notes last year.

Salvage firm Brackwater Marine, which led the refloating, said the hull was intact.
"""

ARREST = """Man held over Portmoy warehouse fire

PORTMOY, Sept 11, 2025 (Coastal Post) - The Portmoy Courier reported on Thursday that a man had been \
arrested over the warehouse fire that shut the east quay last month.

Police detained the 34-year-old at the ferry terminal early on Sunday as he tried to board a boat to the \
mainland, a police spokeswoman, Aileen Carrow, said. He has not been charged.

Fire investigators said they had determined what started the warehouse fire but would not release their \
findings before the inquest. The names of the two other men questioned over the fire were not disclosed.

The harbour authority has had to cut the size of its patrol units since its budget was halved, the \
spokeswoman added.
"""


def _store(tmp_path):
    return store_of(tmp_path, {"grounding.txt": GROUNDING, "arrest.txt": ARREST}, NOW)


def _ask(store, question):
    return answer_question(store, question, today=NOW.date())


def test_a_who_question_is_not_answered_by_a_sentence_that_names_nobody(tmp_path):
    store = _store(tmp_path)
    # "the Malta-registered companies that own ... the Orla Grey" says who owns it without naming anyone
    owners = _ask(store, "Who owns the Orla Grey?")
    assert not owners.answerable
    assert any("Malta-registered companies" in r.quote for r in owners.related)  # shown as related, not lost
    # "a former master" is no name: the question asks who holds the post
    assert not _ask(store, "Who was the master of the Orla Grey?").answerable
    # a sentence that names the one who did it still answers
    salvage = _ask(store, "Who led the refloating of the Orla Grey?")
    assert salvage.answerable and "Brackwater Marine" in " ".join([salvage.answer] + [c.quote for c in salvage.citations])


def test_a_year_is_no_figure(tmp_path):
    # "the Merchant Shipping Act of 1894" (and "Sept 9, 2025" in a dateline) say when, not how much: the passage
    # with the sum comes first, as the answer or, when the engine is unsure, first among the related ones
    a = _ask(_store(tmp_path), "How much are the owners seeking to cap their liability at?")
    assert "1894" not in (a.answer or "")
    first = a.citations[-1] if a.answerable else a.related[0]
    assert "41.5 million euros" in first.quote


def test_a_date_that_says_when_it_was_reported_does_not_say_when_it_happened(tmp_path):
    store = _store(tmp_path)
    a = _ask(store, "When was the man arrested over the warehouse fire?")
    # the sentence with the date of the arrest shares few of the question's words: declining is fair, the
    # day the Courier reported it is not an answer
    assert not a.answerable or "Sunday" in a.answer and "Thursday" not in a.answer
    assert a.answerable or any("early on Sunday" in r.quote for r in a.related)
    # asked when it was reported, the reporting date answers
    b = _ask(store, "When did the Courier report the arrest?")
    assert b.answerable and "Thursday" in b.answer


def test_how_much_followed_by_a_verb_counts_nothing():
    assert question_kind("How much are the owners seeking?") == ("amount", None, None)
    assert question_kind("How much did the outage cost the airline?") == ("amount", None, None)
    assert question_kind("How much fuel was spilled?") == ("amount", None, "fuel")


def test_a_follow_up_counts_what_the_question_before_it_counted():
    nlp = english()
    before = parse_question("How many members does the alliance have now?", nlp)
    after = parse_question("and how many did it start with?", nlp)
    merge_followup(after, before)
    assert after.kind == "count" and after.focus == "members"


def test_a_passage_saying_the_asked_thing_is_not_known_does_not_answer(tmp_path):
    store = _store(tmp_path)
    # "had determined what started the warehouse fire" says that someone knows, not what started it
    assert not _ask(store, "What started the warehouse fire?").answerable
    # "were not disclosed": the question asks for names, and no one is named
    assert question_kind("What are the names of the men questioned over the fire?")[0] == "who"
    assert not _ask(store, "What are the names of the men questioned over the fire?").answerable


def test_a_size_is_not_answered_by_a_sentence_that_does_not_name_what_is_measured(tmp_path):
    # "cut the size of its patrol units" names no figure, and not the force asked about: no answer, and far from
    # one (it was read as naming the size, as "the size of the fine was not disclosed" answers "What is the fine?")
    a = _ask(_store(tmp_path), "How large is the harbour authority's patrol force?")
    assert not a.answerable and a.confidence < 0.2


FARES = """Portmoy transit sets date for new fare rules

PORTMOY, Sept 8, 2025 (Harbour Wire) - The new fare rules of the Portmoy transit authority will apply from \
October 1, the authority said on Monday, after the council approved them last week.

Under the rules, a single ticket will cost 2.40 euros and day passes will be sold only on the app, the \
authority's chairman, Brendan Locke, said.
"""

SCHOOLS = """Portmoy schools add a second bus route

PORTMOY, Sept 10, 2025 (Coastal Post) - Portmoy's schools will run a second bus route from the ferry \
terminal this term, the education office said on Wednesday. Parents had asked for the route since spring.
"""


def test_a_deadline_does_not_answer_for_a_subject_its_article_never_names(tmp_path):
    # Seen on the team's questions: "When will the AI Act obligations apply to hospitals?" was declined by the
    # confidence model, then answered "August 2" by the deadline path from an article that never speaks of
    # hospitals, as soon as that article's sentence came first among the deadline's citations. The deadline
    # path answers a question the model declined only from an article that names all it asks about.
    from summarizer.answer.deadlines import deadline_candidates
    from summarizer.answer.extractive import _session_query
    from summarizer.answer.terms import weigh_terms

    store = store_of(tmp_path, {"fares.txt": FARES, "schools.txt": SCHOOLS}, NOW)
    hits = store.search_sentences("fare rules apply", limit=50)
    docs = store.documents(h["document_id"] for h in hits)

    def candidates(question, **kw):
        query = _session_query(question, None, None)
        weigh_terms(store, query)
        return [d.due for _, d in deadline_candidates(query, hits, docs, NOW.date(), **kw)]

    assert "2025-10-01" in candidates("When will the new fare rules apply to schools?")
    assert candidates("When will the new fare rules apply to schools?", whole_subject=True) == []
    assert "2025-10-01" in candidates("When will the new fare rules apply?", whole_subject=True)


RETURN = """Portmoy dockers end walkout

PORTMOY, Sept 10, 2025 (Harbour Wire) - Dockers at Portmoy voted on Tuesday to accept the port's offer and \
end their strike. The 600 dockers can return to the quays as soon as Thursday or as late as Sept. 22, \
the union said.
"""


def test_when_must_asks_for_the_last_day(tmp_path):
    # Seen on real strike coverage: "When must the workers return to work?" got "Wednesday", the first day
    # they could, from "can return to work as soon as Wednesday or as late as Nov. 12".
    store = store_of(tmp_path, {"return.txt": RETURN}, NOW)
    must = _ask(store, "When must the dockers return to the quays?")
    assert must.answerable and "Sept. 22" in must.answer and "Thursday" not in must.answer
    can = _ask(store, "When can the dockers return to the quays?")
    assert can.answerable and "Thursday" in can.answer
