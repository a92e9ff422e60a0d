"""`ask` on classes of failures seen on real news (issue 15), each on text written here.

Seen on the AQUAINT development stories and on coverage gathered for measurement only (never
stored here): the day of a date taken for a count or a sum.
"""

from __future__ import annotations

import datetime as dt

from summarizer.answer import answer_question
from tests.test_answer import store_of

NOW = dt.datetime(2025, 5, 20, 9, tzinfo=dt.timezone.utc)

DETAINED = """Port authority holds the tanker Marisol Bay until its owner pays

KESTREL HAVEN, May 18, 2025 (Quay Times) - The port authority has detained the tanker Marisol Bay, which \
blocked the Kestrel channel for four days, until its owner settles a claim for damage to the channel.

On 14 May, a carefully worded offer was made to the authority to settle the claim, the owner's insurers said. \
The authority turned it down on Friday without saying why.

The grounding on April 29 stranded 38 ships outside the harbour, and the channel reopened on May 3.
"""


def _ask(tmp_path, question):
    store = store_of(tmp_path, {"detained.txt": DETAINED}, NOW)
    return answer_question(store, question, today=NOW.date())


def test_the_day_of_a_date_is_no_sum(tmp_path):
    # "On 14 May" says when the offer was made, not how much was offered: no figure answers this.
    answer = _ask(tmp_path, "How much did the insurers offer to settle the claim?")
    assert not answer.answerable or "14" not in answer.answer.split(), answer.answer


def test_a_count_after_a_date_starts_at_the_counted_number(tmp_path):
    # "on April 29 stranded 38 ships": the count is 38 ships, not "29 stranded 38 ships".
    answer = _ask(tmp_path, "How many ships were stranded by the grounding?")
    assert answer.answerable and answer.answer.startswith("38"), answer.answer


TARIFF_TALKS = """Border deal pauses tariffs for a month

VELMORA CITY, May 19, 2025 (Plains Ledger) - The threatened tariffs on goods from Honduras were paused for \
30 days on Monday after a call between the two presidents.

Honduran President Lucia Orvath said her government had agreed to send 6,000 border guards to the northern \
frontier to stop smuggling. Officials in Velmora said the pause would be reviewed in June.

The dockworkers' union said the pause came too late for the port. "Three weeks of waiting have already cost us \
four hundred jobs," union leader Tomas Brell said. Velmora's trade office said it welcomed the pause.
"""


def _ask_talks(tmp_path, question):
    store = store_of(tmp_path, {"talks.txt": TARIFF_TALKS}, NOW)
    return answer_question(store, question, today=NOW.date())


def test_a_leader_saying_her_government_agreed_is_the_country_agreeing(tmp_path):
    # "Orvath said her government had agreed to send ...": Honduras agreed, as if the sentence said "Honduras".
    answer = _ask_talks(tmp_path, "What did Honduras agree to?")
    assert answer.answerable and "6,000 border guards" in answer.answer, answer.answer


def test_whats_x_saying_asks_for_x_own_words(tmp_path):
    # "What's the union saying": the union's statement, as for "What is the union saying".
    from summarizer.answer.query import question_kind

    assert question_kind("What's the union saying about the pause?")[:2] == ("say", "the union")
    answer = _ask_talks(tmp_path, "What's the union saying about the pause?")
    assert answer.answerable and "union" in answer.answer and "trade office" not in answer.answer, answer.answer


FLAGS = """Three capitals mark their entry into the alliance

May 18, 2025 (Northern Courier)

The three countries formally joined the alliance on Sunday at a ceremony in the old customs hall.

In the three capitals, the moment was marked by small public celebrations. In Maresby, after dark, as fireworks \
lit the sky, the national flag and the flag of the alliance were raised side by side near the war memorial in \
Halden Square

In Tressa, the alliance's flags were raised outside the Defence Ministry.
"""


def test_a_sentence_cut_where_its_paragraph_ends_is_still_the_body(tmp_path):
    # Web copy loses a paragraph's last full stop; the sentence still answers, ahead of one about another city.
    store = store_of(tmp_path, {"flags.txt": FLAGS}, NOW)
    answer = answer_question(store, "Where in Maresby did they raise the alliance flag?", today=NOW.date())
    assert answer.answerable and ("Halden Square" in answer.answer or "war memorial" in answer.answer), \
        answer.answer


FERRY = """Skerrin ferry suspended

PORTMOY, May 19, 2025 (Harbour Wire) - The Skerrin ferry service was suspended on Monday and will resume \
the day after the harbour inquiry opens, the operator said.

Passengers queued at the terminal over the weekend, and some were offered seats on a freight boat.
"""


def test_a_time_phrase_gives_no_reason(tmp_path):
    # "the day after the inquiry opens" says when, not why: the sources give no reason.
    store = store_of(tmp_path, {"ferry.txt": FERRY}, NOW)
    answer = answer_question(store, "Why was the Skerrin ferry service suspended?", today=NOW.date())
    assert not answer.answerable, answer.answer


BONDS = """Dorrance misses bond payment

May 19, 2025 (Ledger Wire) - The city of Dorrance confirmed on Monday that the 300-million-euro ($330-million) \
bond payment due on Friday had not been made.

The mayor asked creditors for a restructuring of the city's entire, 2.4 billion euro debt over ten years.
"""


def test_a_sum_written_as_an_adjective_is_read_whole(tmp_path):
    # "($330-million)" is not "$330", and "a 2.4 billion euro debt" is a sum, the one asked about.
    store = store_of(tmp_path, {"bonds.txt": BONDS}, NOW)
    answer = answer_question(store, "How big is the city's total debt?", today=NOW.date())
    assert answer.answerable and "2.4 billion euro" in answer.answer, answer.answer
    answer = answer_question(store, "How much was the missed bond payment?", today=NOW.date())
    assert answer.answerable and answer.answer in ("300-million-euro", "$330-million"), answer.answer



CLAIMS = """Moldova asks the EU for help after the floods

CHISINAU, May 19, 2025 (Coast Post) - Moldova has requested 120 million euros in emergency funding from the \
European Union to rebuild flooded roads and bridges, the finance ministry said on Monday.

At the end of the month Moldova must make a 45 million euro payment to the International Monetary Fund, and \
officials have warned that it cannot do so without help.

Farmers' groups asked the government for a meeting on the crop losses.
"""


def test_the_asked_act_in_other_words_is_the_actors_act(tmp_path):
    # "requested" for "asked for", "must make a payment" for "owe": Moldova's own acts, not someone else's.
    store = store_of(tmp_path, {"claims.txt": CLAIMS}, NOW)
    answer = answer_question(store, "How much has Moldova asked the EU for?", today=NOW.date())
    assert answer.answerable and "120 million euros" in answer.answer, answer.answer
    answer = answer_question(store, "How much does Moldova owe the International Monetary Fund?", today=NOW.date())
    assert answer.answerable and "45 million euro" in answer.answer, answer.answer


def test_an_acronym_asked_of_an_article_that_spells_it_out(tmp_path):
    # "the IMF" asked of copy that only writes "the International Monetary Fund": the article still answers.
    store = store_of(tmp_path, {"claims.txt": CLAIMS}, NOW)
    answer = answer_question(store, "How much does Moldova owe the IMF?", today=NOW.date())
    assert answer.answerable and "45 million euro" in answer.answer, answer.answer


LEVY = """Harbour board faces a bill it cannot pay

PORTMOY, May 19, 2025 (Coast Post) - The Portmoy harbour board met on Monday to discuss the storm damage.

By the end of the month the board must pay the contractors 8 million euros for the new north mole, its \
chairman said.

The fishermen's co-operative said it would ask for lower mooring fees, which bring in 2 million euros a year.
"""


def test_a_sentence_opening_by_the_end_is_no_byline(tmp_path):
    # "By the end of the month ..." was read as a byline ("By Jane Smith") and ranked after every sentence.
    store = store_of(tmp_path, {"levy.txt": LEVY}, NOW)
    answer = answer_question(store, "How much must the harbour board pay the contractors?", today=NOW.date())
    assert answer.answerable and "8 million euros" in answer.answer, answer.answer


RELIEF = """Aid convoy turned back at the Varnak crossing

GENEVA, May 19, 2025 (Lakeside Wire) - A convoy of 40 trucks carrying flour and medicine was turned back at the \
Varnak crossing on Sunday, the United Nations said.

The world body's relief coordinator, Ines Haldor, said the trucks had waited for nine hours before border guards \
ordered them to leave. "Every day of delay costs lives in the valley," she told reporters.

UNITED NATIONS (Lakeside Wire) - The Security Council will discuss the crossing on Thursday.
"""


def test_a_two_letter_acronym_asked_of_an_article_that_spells_it_out(tmp_path):
    # "UN" asked of copy that writes "the United Nations" (or a dateline in capitals): the name is there, so the
    # passages of that article are candidates, not ruled out for a missing name.
    store = store_of(tmp_path, {"relief.txt": RELIEF}, NOW)
    answer = answer_question(store, "How many trucks were in the UN convoy?", today=NOW.date())
    assert answer.answerable and "40" in answer.answer, answer.answer
    answer = answer_question(store, "When will the UN Security Council discuss the crossing?", today=NOW.date())
    assert answer.answerable and answer.answer.startswith("Thursday"), answer.answer


MINE_MONDAY = """Rescuers dig for miners after Dorvan collapse

DORVAN, May 12, 2025 (Valley Post) - More than 12 people have died and over 40 were hurt since a shaft of the \
Dorvan mine gave way in a collapse on Sunday morning while the night shift was changing, rescuers from three \
towns said late on Monday as crews cleared the second shaft.

Families waited at the gate through the night.
"""

MINE_THURSDAY = """Dorvan toll rises as search ends

DORVAN, May 15, 2025 (Mountain Wire) - In all, 31 people were killed in the Dorvan mine collapse, the regional \
governor said on Thursday, ending the search.

The company that runs the mine has suspended its work at two other sites.
"""


def test_a_sentence_saying_all_in_synonyms_says_all(tmp_path):
    # "How many people died": "killed 31" says everything asked, as "12 people have died" does; the newer toll
    # is not ranked below the older one for saying it in other words.
    store = store_of(tmp_path, {"monday.txt": MINE_MONDAY, "thursday.txt": MINE_THURSDAY}, NOW)
    answer = answer_question(store, "How many people died in the Dorvan mine collapse?", today=NOW.date())
    assert answer.answerable and "31" in answer.answer, answer.answer


BRIDGE = """Mayor says bridge work will run past winter

HALBROOK, May 19, 2025 (Riverside Gazette) - Mayor Lena Ostrander on Monday defended the city's handling of the \
Fenwick bridge, which has been shut to traffic since March.

Ostrander said the city would hire 40 new bus drivers while the Fenwick bridge is shut, "a long overdue step for \
our riders," and would waive ferry fares until June.

Residents on the east bank said the ferries were full by 7 a.m. and that the buses ran late.

The mayor said she could not promise that the repairs would be finished before winter, because the steel for the \
new deck had not yet been delivered from the mill in Corran, and that engineers were still checking the piers on \
the west side of the river.
"""


def test_what_x_said_about_y_is_x_on_y(tmp_path):
    # "What did Ostrander say about the bridge repairs?": her statement on the repairs ("The mayor said ..."), not
    # the one naming her that only touches the bridge; a statement found to be hers counts for the coverage
    # thresholds as for the coverage itself.
    store = store_of(tmp_path, {"bridge.txt": BRIDGE}, NOW)
    answer = answer_question(store, "What did Ostrander say about the bridge repairs?", today=NOW.date())
    assert answer.answerable and "could not promise" in answer.answer, answer.answer


CAVE = """Divers reach trapped cavers in Ormund cave

ORMUND, May 18, 2025 (Highland Echo) - Rescue divers reached the two trapped cavers on Saturday, 900 metres from \
the entrance of the Ormund cave and 60 metres below the surface, the rescue service said.

The older caver, Piet Laskaris (54), and his 17-year-old nephew were said to be in good health. Their guide, Anna \
Brede (31), had stayed outside and raised the alarm.
"""


def test_how_deep_or_how_old_asks_for_a_figure_in_its_unit(tmp_path):
    # "How deep", "how old": a figure with the unit the adjective asks for, of the kind a word beside it says
    # ("60 metres below", not "900 metres from"), nearest the name asked about ("Laskaris (54)", not the
    # "17-year-old" that holds the word "old").
    store = store_of(tmp_path, {"cave.txt": CAVE}, NOW)
    answer = answer_question(store, "How deep are the trapped cavers?", today=NOW.date())
    assert answer.answerable and answer.answer == "60 metres", answer.answer
    answer = answer_question(store, "How old is Piet Laskaris?", today=NOW.date())
    assert answer.answerable and answer.answer == "(54)", answer.answer


FERRY = """Ferry adrift for a day off Arvik

ARVIK, May 18, 2025 (Fjord Post) - The ferry Saltmere Queen drifted for 26 hours after both engines failed on \
Saturday, the coastguard said.

The Queen is owned by Kelp Line, a family firm in Arvik that has run the crossing since 1998.

The master of the Saltmere Queen, who was praised by the passengers, said the Saltmere Queen had been serviced in \
April.
"""


def test_the_asked_word_in_another_form_counts_for_bm25(tmp_path):
    # "Who owns ...?": "is owned by" holds the asked word in another form, as the index's stems match it; BM25
    # counted only "owns" itself, so the passage repeating the question's small words ("who", "the") and names
    # stood almost level with it and the answer was declined.
    store = store_of(tmp_path, {"ferry.txt": FERRY}, NOW)
    answer = answer_question(store, "Who owns the Saltmere Queen?", today=NOW.date())
    assert answer.answerable and "Kelp Line" in answer.answer, answer.answer



CAR_BOMB = """Car bomb kills 14 at Korvel post office

KORVEL, May 18, 2025 (Delta Times) - A car bomb packed into a delivery van outside the Korvel post office killed 14 \
people and injured 60 on Saturday, police said.

Police said the explosives had been bought in small lots over several months.
"""


def test_a_figure_of_something_else_does_not_answer_how_much_of_it(tmp_path):
    # "How much explosive": "14 people" is a figure, of something other than the explosive: shown as related, not
    # as the answer. A small word after "how much" names no counted thing ("how much per claim?").
    from summarizer.answer.query import question_kind

    store = store_of(tmp_path, {"bomb.txt": CAR_BOMB}, NOW)
    answer = answer_question(store, "How much explosive was packed into the Korvel car bomb?", today=NOW.date())
    assert not answer.answerable, answer.answer
    assert any("14" in r.quote for r in answer.related)
    assert question_kind("and how much per claim?")[2] is None


CREW = """Crew of detained freighter waits in port

TALMOUTH, May 18, 2025 (Quay Times) - Three members of the Ardent Wave's crew were flown home on Sunday after the \
port authority agreed to let them leave the detained freighter.

The remaining sailors will stay aboard until the owner settles a claim of 2.4 million euros, the authority said.
"""


def test_how_many_with_a_compound_noun_counts_its_head(tmp_path):
    # "How many crew members": "Three members of the ... crew" counts them; the number stands before the second
    # noun, not the first.
    store = store_of(tmp_path, {"crew.txt": CREW}, NOW)
    answer = answer_question(store, "How many crew members were flown home?", today=NOW.date())
    assert answer.answerable and answer.answer.startswith("Three members"), answer.answer
