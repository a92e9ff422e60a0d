"""`ask` ranks where it used to exclude: one kind of failure seen on real news per test, on text written here.

Each article below is invented, in the shape of wire copy (dateline, attributions,
a second story in the same store), and each question is worded the way people
type in a channel, not the way the article says it.
"""

from __future__ import annotations

import datetime as dt

from summarizer.answer import answer_question
from summarizer.answer.followups import looks_like_followup
from summarizer.answer.query import parse_question
from summarizer.answer.synonyms import synonyms
from summarizer.answer.terms import words_of
from summarizer.facts.actors import ActorTable
from summarizer.text.nlp import english
from tests.test_answer import store_of

NOW = dt.datetime(2025, 5, 9, 9, tzinfo=dt.timezone.utc)

AIRLINE = """Regulator grounds Skyline Air after safety audit

VALLETTA, May 6, 2025 (Harbour Wire) - The civil aviation regulator suspended Skyline Air's licence on Tuesday \
after an audit found gaps in its maintenance records, a spokesman said.

The airline's 14 aircraft will stay on the ground until inspectors have checked every logbook, the regulator said.

Skyline Air chief executive Dana Whitlow said the company would appeal. "We have flown safely for twenty years and \
we will prove it," she told reporters at Luqa airport.

About 2,300 passengers were rebooked on other carriers on Tuesday and Wednesday.
"""

CITY_DEBT = """Port Alder faces bond payment as council talks stall

PORT ALDER, May 7, 2025 (Lakeside Wire) - Port Alder's council has not yet voted on the rescue budget, and \
$2.1 billion falls due to bondholders on May 15, the city treasurer said on Wednesday.

Mayor Ines Calloway plans to convene the council on Friday to discuss the budget, her office said.

The treasurer, Rafael Ostend, said the city had enough cash for "a few weeks at most".
"""

STRIKE = """Dockers extend strike at Harrowgate port

HARROWGATE, May 8, 2025 (Coastal Post) - The dockers' union said any agreement must restore the pension scheme \
and cap overtime at ten hours a week, as the strike at Harrowgate port entered its second week on Thursday.

The port operator, Harrowgate Terminals, said it had offered a 4 percent pay rise and would not reopen the \
pension deal. "The pension scheme was settled in 2021 and it stays settled," operator spokesman Colin Hale said.

Air defences intercepted 12 of 40 drones launched overnight at the port's fuel depot, the coastguard said \
separately, in an incident the police are treating as unrelated to the dispute.
"""

VERDICT = """Jury convicts former port chief of fraud

HARROWGATE, May 8, 2025 (Coastal Post) - A jury on Thursday convicted Harrowgate's former port chief, Owen \
Mercer, of fraud over the sale of dock land.

"This verdict shows that nobody in this city is above the law," Mayor Ines Calloway said outside the court.

Defence lawyer Priya Nand said her client was disappointed. "We will study the judgment and consider an appeal," \
she said.
"""

LOAN = """Operator must repay state loan by end of June

HARROWGATE, May 8, 2025 (Coastal Post) - Harrowgate Terminals must repay its 80 million euro state loan by June \
30, the finance ministry said on Thursday.

The operator has refused to repay the loan early, saying it needs the cash to modernise two berths.
"""

EXPULSION = """Ministry expels two Northland trade attaches

KESTREL BAY, May 8, 2025 (Coastal Post) - The foreign ministry expelled two trade attaches of the Northland \
embassy on Thursday and gave them 48 hours to leave the country.

A ministry spokeswoman confirmed the expulsions but gave no reason for them. The Northland embassy declined to \
comment.
"""

REGATTA = """Storm postpones Harrowgate regatta

HARROWGATE, May 8, 2025 (Coastal Post) - The Harrowgate regatta, scheduled for Saturday, has been postponed \
after a storm damaged the harbour's pontoons, the organisers said.

A new date will be set once the pontoons are repaired, race director Mara Quist said.
"""


def _store(tmp_path):
    return store_of(tmp_path, {"airline.txt": AIRLINE, "city.txt": CITY_DEBT, "strike.txt": STRIKE,
                               "verdict.txt": VERDICT, "loan.txt": LOAN, "expulsion.txt": EXPULSION,
                               "regatta.txt": REGATTA}, NOW)


def _ask(store, question, **kw):
    return answer_question(store, question, today=NOW.date(), **kw)


def test_a_word_the_source_does_not_use_lowers_a_passage_but_never_hides_it(tmp_path):
    # "operating licence" against "suspended Skyline Air's licence": before, a missing word meant no passage at all.
    store = _store(tmp_path)
    a = _ask(store, "What happened to the airline's operating licence?")
    shown = [a.answer] + [c.quote for c in a.citations] if a.answerable else [r.quote for r in a.related]
    assert any("suspended Skyline Air's licence" in s for s in shown)


def test_a_figure_is_answered_with_the_sum(tmp_path):
    store = _store(tmp_path)
    a = _ask(store, "How much does the city owe bondholders this month?")
    assert a.answerable and "$2.1 billion" in a.answer
    for c in a.citations:
        c.verify(store.document(c.document_id))


def test_a_count_is_answered_with_the_number_of_what_was_asked(tmp_path):
    a = _ask(_store(tmp_path), "How many drones were fired at the port?")
    assert a.answerable and "40 drones" in " ".join([a.answer] + [c.quote for c in a.citations])


def test_a_speakers_own_words_win_over_another_speakers_quote(tmp_path):
    a = _ask(_store(tmp_path), "What did the mayor say after the verdict?")
    assert a.answerable and "nobody in this city is above the law" in a.answer
    assert "study the judgment" not in a.answer


def test_a_date_to_repay_beats_a_sentence_about_refusing_to(tmp_path):
    a = _ask(_store(tmp_path), "By when must the operator repay the loan?")
    assert a.answerable and ("June 30" in a.answer or "30 Jun 2025" in a.answer)


def test_a_plan_to_convene_is_not_a_vote(tmp_path):
    # No vote has happened: the source says so, and a plan to convene the council is no vote.
    a = _ask(_store(tmp_path), "How did the council vote on the budget?")
    assert not a.answerable or "has not yet voted" in a.answer
    assert "convene" not in (a.answer or "")


def test_a_why_with_no_cause_in_the_sources_is_declined_and_one_with_a_cause_answered(tmp_path):
    # The expulsion is reported twice over, but no source says why: a passage naming the act is no reason.
    # Declining, or answering that no reason was given, both tell the reader the sources do not know.
    store = _store(tmp_path)
    a = _ask(store, "Why did the ministry expel the Northland attaches?")
    assert "no reason" in (a.answer if a.answerable else " ".join(r.quote for r in a.related))
    a = _ask(store, "Why won't the operator repay the loan early?")
    assert a.answerable and "needs the cash to modernise two berths" in " ".join([a.answer] + [c.quote for c in a.citations])


def test_who_won_is_not_answered_by_a_passage_that_never_reports_a_win(tmp_path):
    a = _ask(_store(tmp_path), "Who won the Harrowgate regatta?")
    assert not a.answerable and any("postponed" in r.quote for r in a.related)


def test_a_decline_offers_related_passages_whenever_the_store_shares_words(tmp_path):
    a = _ask(_store(tmp_path), "How many cranes does the port operator own?")
    assert not a.answerable and a.related
    assert any("port" in r.quote.lower() for r in a.related)


def test_a_followup_keeps_the_topic_and_takes_its_new_subject(tmp_path):
    store = _store(tmp_path)
    first = _ask(store, "What did the mayor say after the verdict?")
    then = _ask(store, "and what did the defence lawyer say?", context=["What did the mayor say after the verdict?"],
                previous_answer=first.answer)
    # The lawyer's statement: her own quote, or the sentence reporting what she said.
    assert then.answerable and "Nand" in then.answer and then.answer != first.answer
    dar = _ask(store, "and on Wednesday?", context=["How many passengers were rebooked on Tuesday?"])
    assert dar.answerable and "2,300" in dar.answer


def test_followups_are_recognised_by_their_shape():
    assert looks_like_followup("and in Dar?")
    assert looks_like_followup("what's he accused of?")
    assert looks_like_followup("why there?")
    assert not looks_like_followup("How many passengers were rebooked after the regulator grounded the fleet?")


def test_news_synonyms_and_names_written_two_ways():
    assert "killed" in synonyms("died") and "injured" in synonyms("hurt") and "9" in synonyms("nine")
    assert {"us", "forces"} <= words_of("U.S. forces struck")  # "U.S." is "US"
    assert "3.90" in words_of("a share price of $3.90") and "90" not in words_of("a share price of $3.90")
    query = parse_question("Why wasn't the Dar es Salaam blast as deadly?", english())
    assert "wasn" not in {t.word for t in query.terms}
    shares = {t.word: t.share for t in query.terms}
    assert shares["dar"] == shares["salaam"] == shares["es"] == 1 / 3  # one name, weighed as one word


def test_a_name_hyphenated_onto_another_word_is_no_mention_of_the_state():
    table = ActorTable()
    assert not [m for m in table.mentions(english()("Irish-Americans marched down Fifth Avenue."))
                if m.actor == "United States"]
    assert [m for m in table.mentions(english()("Americans marched down Fifth Avenue."))
            if m.actor == "United States"]


def test_the_chat_session_carries_the_topic_and_the_last_answer(tmp_path):
    from bot.commands import Commands, Session

    store = _store(tmp_path)
    commands = Commands(store, now=lambda: NOW)
    session = Session()
    first = commands.handle("ask What did the mayor say after the verdict?", session)
    assert first.answer.answerable and "above the law" in first.answer.answer
    second = commands.handle("ask and what did the defence lawyer say?", session)
    assert second.answer.answerable and "Nand" in second.answer.answer
    assert session.last_answer == second.answer.answer and len(session.history) == 2


def test_bm25_prefers_the_short_sentence_that_says_it_in_the_questions_own_words():
    from summarizer.answer.terms import bm25, tokens_of

    query = parse_question("Where is the embassy operating from now?", english())
    query.said = tokens_of(query.text)
    query.said_idf = {w: 0.2 for w in query.said} | {"embassy": 3.0, "operating": 4.0, "now": 1.5}
    short = tokens_of("The embassy is now operating from a hotel.")
    long = tokens_of("The embassy, whose staff were flown home on Friday after the blast damaged its offices and "
                     "the roads around it, had been operating normally until last week, officials said.")
    paraphrase = tokens_of("The embassy now works out of a hotel.")
    average = (len(short) + len(long) + len(paraphrase)) / 3
    # Same content words, but the long sentence is about something else as much as about this.
    assert bm25(query, short, average) > bm25(query, long, average)
    # The question's own wording ("operating from") counts beyond a paraphrase of it.
    assert bm25(query, short, average) > bm25(query, paraphrase, average) > 0
    assert bm25(query, tokens_of("Rain is expected in the capital."), average) < bm25(query, paraphrase, average)


ROWING_CUP = """Harbour rowing cup postponed as gale sweeps the coast

PORT ALDER, May 8, 2025 (Lakeside Wire) - The Port Alder harbour rowing cup between the Lakeside and Northgate \
rowing clubs, scheduled for Saturday, has been postponed after a gale damaged the boathouse, the organisers said.

Mayor Ines Calloway said the city would pay for the repairs. "The boathouse will be ready for the summer," she \
told reporters on Thursday.
"""


def test_a_passage_that_does_not_say_what_was_asked_is_not_given_as_the_answer(tmp_path):
    store = store_of(tmp_path, {"cup.txt": ROWING_CUP, "city.txt": CITY_DEBT}, NOW)
    # Nobody has won the cup: the sentence about it is related, not the answer.
    won = answer_question(store, "Who won the harbour rowing cup?", today=NOW.date())
    assert not won.answerable and any("rowing cup" in r.quote for r in won.related)
    # The mayor spoke, but not of the budget.
    budget = answer_question(store, "What did Mayor Calloway say about the budget?", today=NOW.date())
    assert not budget.answerable or "budget" in budget.answer
    # Asked what is there, both are answered.
    assert "ready for the summer" in answer_question(store, "What did the mayor say about the boathouse?",
                                                     today=NOW.date()).answer
    assert "postponed" in answer_question(store, "What happened to the harbour rowing cup?", today=NOW.date()).answer


CONSULATE = """Consulate reopens in temporary offices after flood

HARROWGATE, May 8, 2025 (Coastal Post) - The Dutch consulate in Harrowgate is working out of the offices of \
the Red Cross until its own building is dried out, a consular official said on Thursday.

The mayors of the three river towns agreed at last month's Lisbon summit to share the cost of new flood \
barriers, officials said.
"""


def test_where_is_a_place_named_by_the_premises_or_the_gathering_it_qualifies(tmp_path):
    store = store_of(tmp_path, {"consulate.txt": CONSULATE}, NOW)
    # "the offices of the Red Cross": an organisation's premises are where, though the name is no place name.
    assert "Red Cross" in _ask(store, "Where is the Dutch consulate working from?").answer
    # "at last month's Lisbon summit": the city names the gathering, and so where they agreed.
    assert _ask(store, "Where did the mayors agree to share the cost of flood barriers?").answer == "Lisbon"


REACTION = """Neighbours back Valdoria after overnight raids

KARLSHAVEN, May 8, 2025 (Coastal Post) - Norland said on Thursday that Valdoria had "every right to defend its \
ports", in response to the Valdorian missile attacks on smuggling depots across the border.

Valdoria's navy chief, Admiral Petra Lind, said the operation was over and that no ships had been lost.
"""


def test_a_reaction_to_strikes_is_a_statement_in_response_to_attacks(tmp_path):
    assert "attacks" in synonyms("strikes") and "raids" in synonyms("strike")
    store = store_of(tmp_path, {"reaction.txt": REACTION}, NOW)
    answer = _ask(store, "What was Norland's reaction to the strikes?")
    assert answer.answerable and "every right to defend" in answer.answer


def test_the_act_asked_about_is_the_one_a_verb_of_starting_or_stopping_governs():
    from summarizer.answer.roles import acts_in, question_role

    role = question_role("When was Chile supposed to start paying out the flood claims?")
    assert role is not None and role.verb == "pay"
    assert acts_in(role, "On Friday, the Chilean government planned to pay the first 40 flood claims.")
    assert question_role("When will Peru stop buying Bolivian gas?").verb == "buy"


def test_an_act_named_by_its_noun_says_when_or_where_it_happens():
    from dataclasses import replace

    from summarizer.answer.roles import acts_in, question_role

    role = question_role("When is Foreign Minister Ortega due to visit Peru?")
    sentence = ("Officials in Lima said they had discussed the planned visit of Chilean Foreign Minister Ana Ortega "
                "to Peru in October.")
    assert role is not None and not acts_in(role, sentence)  # what Ortega did or said: not this
    assert acts_in(replace(role, named=True), sentence)  # when or where she visits: this
    assert not acts_in(replace(role, named=True), "Officials said the visit to Lima by the trade delegation was off.")


def test_when_is_answered_by_the_date_of_an_act_named_by_its_noun(tmp_path):
    text = ("Ortega trip to Lima set for October\n\nSANTIAGO, May 8, 2025 (Andes Wire) - The planned visit of "
            "Chilean Foreign Minister Ana Ortega to Lima in October will be the first by a Chilean minister in "
            "three years, officials said on Thursday.\n\nThe ministry in Santiago said the dates were not final.\n")
    answer = _ask(store_of(tmp_path, {"trip.txt": text}, NOW), "When is Ortega due to visit Lima?")
    assert answer.answerable and "October" in answer.answer


def test_a_swap_is_found_where_the_source_writes_exchange(tmp_path):
    # News copy says "swap" and "exchange" for one another; the question's word need not be the source's.
    text = ("Veloria and Castamar agree to trade detainees\n\nLORENZA, May 6, 2025 (Harbour Wire) - Negotiators "
            "from Veloria and Castamar agreed on Tuesday to the exchange of 140 detainees, to take place at the "
            "Ostra border crossing before the end of the month, the Castamar foreign ministry said.\n\n"
            "The talks resume in Lorenza next week.\n")
    store = store_of(tmp_path, {"detainees.txt": text, "airline.txt": AIRLINE}, NOW)
    a = _ask(store, "How many detainees will be swapped?")
    assert a.answerable and "140" in a.answer
