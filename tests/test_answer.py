"""The answer engine measured on a question set: accuracy on answerable questions, abstention on the rest.

The store holds the three gold stories, distractor articles on other topics that
share their words, and, where the shared corpus is present, TimeBank/AQUAINT
newswire. Thresholds sit a little below the measured figures so that a real
regression fails while the suite stays deterministic.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from bot.ingest import Ingester
from bot.store import Store
from summarizer.answer import NOT_FOUND, answer_question
from summarizer.answer.query import question_kind
from summarizer.answer.roles import (
    Role,
    acts_in,
    question_role,
    reports_action,
    who_verb,
)
from summarizer.answer.terms import actor_words
from summarizer.dates.timeml import DEFAULT_CORPUS

ROOT = Path(__file__).resolve().parent.parent
QA = ROOT / "tests" / "fixtures" / "qa"
TBAQ = DEFAULT_CORPUS  # ../shared/corpus/tbaq beside the repository, where present
NOW = dt.datetime(2025, 7, 24, 9, 0, tzinfo=dt.timezone.utc)
TODAY = NOW.date()
MIN_ANSWERED = 0.90   # measured: 0.94 (49/52) without tbaq, 0.94 (49/52) with
MIN_ABSTAINED = 0.94  # measured: 0.97 (32/33) without tbaq, 0.97 (32/33) with


def tbaq_folder(target: Path) -> Path | None:
    """The TimeML newswire as plain-text articles (tags stripped, creation date as a dateline)."""
    if not TBAQ.is_dir():
        return None
    from summarizer.dates.timeml import parse_tml

    target.mkdir(parents=True, exist_ok=True)
    for path in sorted(TBAQ.rglob("*.tml")):
        doc = parse_tml(path)
        body = doc.text.strip()
        (target / f"{path.stem}.txt").write_text(f"[{doc.dct:%B} {doc.dct.day}, {doc.dct.year}]\n\n{body}\n",
                                                 encoding="utf-8")
    return target


def build_store(path: Path, *, newswire: bool = True) -> Store:
    store = Store(path / "qa.db")
    folders = [ROOT / "examples" / "drop", *sorted(p for p in (ROOT / "tests/fixtures/gold").iterdir() if p.is_dir()),
               QA / "distractors"]
    if newswire and (extra := tbaq_folder(path / "tbaq")):
        folders.append(extra)
    list(Ingester(store, now=lambda: NOW).ingest_paths(folders))
    return store


def evaluate(store: Store) -> dict:
    """Per-question outcomes and the two accuracies."""
    questions = json.loads((QA / "questions.json").read_text(encoding="utf-8"))
    paths = {row["id"]: row["path"] for row in store.db["documents"].rows}
    right, wrong = [], []
    for item in questions["answerable"]:
        a = answer_question(store, item["question"], today=TODAY)
        ok = a.answerable and any(e.lower() in (a.answer or "").lower() for e in item["expected"])
        (right if ok else wrong).append((item["question"], a.answer,
                                         [paths[c.document_id].rsplit("/", 1)[-1] for c in a.citations][:2]))
    kept, leaked = [], []
    for item in questions["unanswerable"]:
        a = answer_question(store, item["question"], today=TODAY)
        (leaked if a.answerable else kept).append((item["question"], a.answer))
    return {"answered": len(right) / len(questions["answerable"]), "abstained": len(kept) / len(questions["unanswerable"]),
            "wrong": wrong, "leaked": leaked}


@pytest.fixture(scope="module")
def qa_store(tmp_path_factory):
    store = build_store(tmp_path_factory.mktemp("qa"))
    yield store
    store.close()


def test_question_set_is_large_enough():
    questions = json.loads((QA / "questions.json").read_text(encoding="utf-8"))
    assert len(questions["answerable"]) >= 40 and len(questions["unanswerable"]) >= 25
    assert len(list((QA / "distractors").iterdir())) >= 6


def test_accuracy_on_answerable_and_unanswerable_questions(qa_store):
    result = evaluate(qa_store)
    print(f"\nanswered correctly {result['answered']:.2%}, abstained correctly {result['abstained']:.2%}")
    for row in result["wrong"]:
        print("  wrong:", row)
    for row in result["leaked"]:
        print("  leaked:", row)
    assert result["answered"] >= MIN_ANSWERED
    assert result["abstained"] >= MIN_ABSTAINED


def test_citations_are_verbatim_and_span_answers_cite_their_sentence(qa_store):
    a = answer_question(qa_store, "How many drones did Russia launch in the overnight attack?", today=TODAY)
    assert a.answerable and "426 drones" in a.answer
    for c in a.citations:
        c.verify(qa_store.document(c.document_id))
    assert a.citations[0].quote == a.answer and a.answer in a.citations[1].quote


def test_a_counted_deadline_is_answered_with_its_date(qa_store):
    a = answer_question(qa_store, "When does the 50-day ultimatum run out?", today=TODAY)
    assert a.answerable
    assert "Sep" in a.answer and ("2" in a.answer or "3" in a.answer)


def test_a_quoted_date_that_sources_dispute_is_answered_with_both(qa_store):
    # Neva Business Daily says the 50-day deadline "expires around September 3"; Harbour Wire counts
    # it to September 2. An answer quoting one of them must say that the other disagrees.
    a = answer_question(qa_store, "When does the 50-day deadline expire?", today=TODAY)
    assert a.answerable and "disagree" in a.answer
    assert "September 3" in a.answer or "3 Sep 2025" in a.answer
    assert "September 2" in a.answer or "2 Sep 2025" in a.answer
    sources = {c.source for c in a.citations}
    assert {"Neva Business Daily", "Harbour Wire"} <= sources
    for c in a.citations:
        c.verify(qa_store.document(c.document_id))


def test_the_next_round_is_answered_by_the_newest_no_date_statement(qa_store):
    # The preview said the third round would be "on Wednesday"; the report after it says no date has
    # been set for a fourth. "Next" is the fourth: the bot must not answer with the round behind us.
    a = answer_question(qa_store, "When is the next round of talks?", today=TODAY)
    assert a.answerable and a.answer.startswith("no date has been set for a fourth round")
    assert a.citations[0].quote == a.answer and a.answer in a.citations[1].quote
    for c in a.citations:
        c.verify(qa_store.document(c.document_id))
    # The same sentence's other clause is about the leaders' meeting: not an answer about them.
    leaders = answer_question(qa_store, "When will the leaders meet?", today=TODAY)
    assert "fourth round" not in (leaders.answer or "")


def test_a_question_about_what_is_to_come_takes_a_date_ahead_of_its_article(qa_store):
    # Northgate's "on Wednesday was the shortest yet" is past; the preview's "will meet ... on Wednesday"
    # answers "when will".
    a = answer_question(qa_store, "When will the third round of talks take place?", today=TODAY)
    # ... placed in the calendar: the ministry's release says the round is on 23 July.
    assert a.answerable and a.answer == "Wednesday (Wed 23 Jul 2025)"
    assert "will meet" in a.citations[1].quote or "to hold" in a.citations[1].quote


def test_a_quote_is_attributed_to_the_speaker_asked_about(qa_store):
    # A "what did X say" answer is X's whole statement, the sentence that names X, not a quoted fragment.
    a = answer_question(qa_store, "What did Peskov say about the summit?", today=TODAY)
    assert a.answerable and "Peskov" in a.answer and a.answer == a.citations[0].quote
    assert "A meeting of the leaders can only take place at the end" in a.answer


def test_abstention_offers_related_passages_not_an_answer(qa_store):
    a = answer_question(qa_store, "What did Peskov say about the Olympics?", today=TODAY)
    assert not a.answerable and a.answer == NOT_FOUND and a.citations == []


def test_followup_context_is_resolved(qa_store):
    a = answer_question(qa_store, "and what did Ryabkov say?", context=["What did Peskov say about ultimatums?"],
                        today=TODAY)
    assert a.answerable and "unacceptable" in a.answer


def test_an_answer_about_another_actor_is_not_given(qa_store):
    """The sources say Russia launched 426 drones at Ukraine: that answers Russia's launch, not Ukraine's."""
    wrong = answer_question(qa_store, "How many drones did Ukraine launch at Moscow?", today=TODAY)
    assert not wrong.answerable and wrong.answer == NOT_FOUND
    right = answer_question(qa_store, "How many drones did Russia launch?", today=TODAY)
    assert right.answerable and "426" in right.answer


def test_the_date_is_taken_from_the_clause_where_the_actor_acts(qa_store):
    # "The European Union adopted its 18th package ... on Friday, and EU foreign ministers are expected
    # to start discussing a 19th package in early September": the ministers' date, not the adoption's.
    a = answer_question(qa_store, "When will EU foreign ministers discuss a 19th sanctions package?", today=TODAY)
    assert a.answerable and a.answer == "early September (September 2025)"


@pytest.mark.parametrize("sentence, russia, ukraine", [
    ("Russia launched 426 drones at Ukraine overnight.", True, False),
    ("426 drones were launched at Kyiv by the Kremlin.", True, False),
    ("Kyiv said Moscow fired 24 missiles at Ukrainian cities.", True, False),
    ("It launched 426 drones at Kyiv, the Kremlin said.", True, False),
    ("The 426 drones launched at Kyiv were shot down.", False, False),
])
def test_the_asked_actor_must_be_the_agent_not_the_target(sentence, russia, ukraine):
    assert acts_in(question_role("How many drones did Russia launch?"), sentence) is russia
    assert acts_in(question_role("How many drones did Ukraine launch at Moscow?"), sentence) is ukraine


def test_question_roles():
    assert question_role("Where will the leaders of India and China meet?") == Role(("India", "China"), "meet")
    # "What does X want": what X asks for (want, demand, urge...), not any quote of X's.
    assert question_role("What does Eurofer want?", speaker="Eurofer") == Role(("Eurofer",), "want")
    assert question_role("What did Eurofer say?", speaker="Eurofer") == Role(("Eurofer",), "say", saying=True)
    assert question_role("When will Putin visit Washington?") == Role(("Putin",), "visit")
    assert question_role("When will the dockworkers walk out?") is None  # not an actor: not checked
    # A passive question's subject is who it was done to: "the Commission fined Apple" answers it.
    assert question_role("How much was Apple fined?") is None
    assert question_role("When was the deal signed by Ukraine?") is None
    # After "is", "are", "was": the verb is the participle in -ing, never a noun of the subject (before:
    # "embassy" was read as the verb, and "hiding" was its own lemma), or the verb after "due to", "expected to".
    assert question_role("Where is Kopp hiding?") == Role(("Kopp",), "hide")
    assert question_role("How many troops is Germany sending?") == Role(("Germany",), "send")
    assert question_role("Where is the Canadian embassy in Kyiv operating from?") in (None, Role(("Canada",), "operate"))
    assert question_role("When is Putin expected to arrive in Ankara?") == Role(("Putin",), "arrive")
    assert question_role("When was Macron due to visit Warsaw?") == Role(("Macron",), "visit")


@pytest.mark.parametrize("sentence, signed", [
    ("Northwind AI signed the code on Friday.", True),
    ("Northwind AI will not sign the code, its chief legal officer said on Thursday.", False),
    ("Northwind AI never signed the code.", False),
    ("The AI Office asked whether Northwind AI will sign the code by Friday.", False),
])
def test_a_denied_or_open_action_is_not_an_answer(sentence, signed):
    # "When did Northwind AI sign?" is not answered by "will not sign ... on Thursday".
    assert acts_in(question_role("When did Northwind AI sign the code?"), sentence) is signed
    # ... while "why did it not sign" is answered only by the denial.
    negated = question_role("Why did Northwind AI not sign the code?")
    assert negated.negated and acts_in(negated, sentence) is (sentence.startswith("Northwind AI will not")
                                                               or "never" in sentence)


@pytest.mark.parametrize("sentence, said", [
    ("Kyiv says it wants to use the meeting to prepare a summit between the two presidents.", True),
    ("Zelensky, who said he was ready to meet Putin, arrived in Ankara on Wednesday.", True),
    ("Peskov played down expectations of a summit between the two presidents, which Kyiv has been demanding "
     "for weeks.", False),
    ("Kyiv has been demanding a summit between the two presidents for weeks.", True),
])
def test_what_an_actor_said_is_not_a_relative_clause_about_what_it_wants(sentence, said):
    # "What did Ukraine say about the summit?" is not answered with Peskov's words.
    ukraine = Role(("Ukraine",), "say", saying=True)
    assert acts_in(ukraine, sentence) is said


def test_who_questions_need_a_sentence_that_reports_the_action():
    assert who_verb("Who won the Istanbul derby?") == "win"
    assert who_verb("Who leads the Russian delegation?") == "lead"
    assert who_verb("Who is Kaja Kallas?") is None
    assert not reports_action("win", "The Istanbul derby, scheduled for Sunday, has been postponed.")
    assert reports_action("lead", "The delegation is headed by Rustem Umerov.")


def test_an_actor_is_found_under_its_other_names(qa_store):
    assert {"türkiye", "erdoğan", "ankara"} <= actor_words("Turkey")
    assert "us" not in actor_words("Washington")  # "us" is a pronoun, never an alias to match
    assert "washington" in actor_words("US")  # ... but a question that writes "US" means the country
    a = answer_question(qa_store, "What did Turkey offer?", today=TODAY)
    assert a.answerable and "Erdoğan" in a.answer and "host" in a.answer


def test_the_held_out_question_set(qa_store):
    """Questions written after the engine's last change and never tuned on (see heldout.json)."""
    questions = json.loads((QA / "heldout.json").read_text(encoding="utf-8"))
    right = sum(
        (a := answer_question(qa_store, q["question"], today=TODAY)).answerable
        and any(e.lower() in (a.answer or "").lower() for e in q["expected"]) for q in questions["answerable"])
    kept = sum(not answer_question(qa_store, q["question"], today=TODAY).answerable for q in questions["unanswerable"])
    # Measured: 16/17 answered, 7/8 abstained (first, untuned run: 14/17 and 6/8; the negation check and the
    # "how long" kind came after it; "the final text ... by the end of the month" since 2026-12-06, from fixes
    # found on other stories, not on this set).
    assert right / len(questions["answerable"]) >= 0.75 and kept / len(questions["unanswerable"]) >= 0.85


def test_a_length_written_as_a_modifier_is_answered_without_its_article():
    from summarizer.facts.spans import duration_spans

    text = "Stam said the 48-hour strike would go ahead."
    assert [text[a:b] for a, b in duration_spans(text, dt.date(2025, 10, 4))] == ["48-hour"]


def test_how_long_is_answered_with_a_length_of_time(qa_store):
    # Black Sea Dispatch: "a third round of direct talks that lasted less than an hour".
    a = answer_question(qa_store, "How long did the third round of talks last?", today=TODAY)
    assert a.answerable and a.answer == "less than an hour"
    assert "lasted less than an hour" in a.citations[1].quote
    # Harbour Wire: Trump "announced on Monday a 50-day deadline for Moscow".
    b = answer_question(qa_store, "How long did Trump give Russia?", today=TODAY)
    assert b.answerable and "50" in b.answer
    assert not answer_question(qa_store, "How long is the Olympic torch relay?", today=TODAY).answerable


@pytest.mark.parametrize("sentence, date, ends", [
    ("Talks will resume next week, with the extended deadline expiring in 10 days.", "next week", False),
    ("Talks will resume next week, with the extended deadline expiring in 10 days.", "10 days", True),
    ("The truce is due to end by March 31.", "March 31", True),
    ("Negotiators agreed on Monday to extend their talks until March 17.", "Monday", False),
    ("Negotiators agreed on Monday to extend their talks until March 17.", "March 17", True),
])
def test_until_when_questions_want_the_date_something_ends(sentence, date, ends):
    from summarizer.answer.query import parse_question
    from summarizer.facts.spans import marks_an_end

    at = sentence.index(date)
    assert marks_an_end(sentence, (at, at + len(date))) is ends
    query = parse_question("Until when were the steel talks extended?")
    assert (query.kind, query.until, query.deadline) == ("when", True, True)
    assert not parse_question("When were the steel talks extended?").until


def test_an_irregular_verb_is_found_in_its_other_forms():
    # "What did Sybiha write on X?" must find "... Sybiha wrote on X", and "meet" must find "met".
    from summarizer.answer.terms import _roots

    assert any("wrote" in forms for forms in _roots("write", ["write"]))
    assert any("met" in forms for forms in _roots("meet", ["meet"]))
    assert not any("tankers" in forms for forms in _roots("tanks", ["tank"]))


@pytest.mark.parametrize("sentence, date, proposed", [
    ("Umerov said Kyiv had proposed that Zelensky and Putin meet by the end of August.", "the end of August", True),
    ("Ukraine proposes a meeting of the leaders by the end of August.", "the end of August", True),
    ("The EU urged Washington to settle before March 31.", "March 31", True),
    ("Kyiv proposed on Monday a summit of the leaders.", "Monday", False),  # when it was proposed: a fact
    ("Russian and Ukrainian negotiators will meet in Istanbul on Wednesday.", "Wednesday", False),
])
def test_a_date_someone_only_proposed_is_marked_so(sentence, date, proposed):
    from summarizer.answer.roles import proposed_span

    at = sentence.index(date)
    assert proposed_span(sentence, (at, at + len(date))) is proposed


def test_a_sentence_without_a_verb_is_read_to_its_end():
    # spaCy hands out a new Token object on every access, so walking up to the root must compare
    # indices; comparing objects never reached the root of a verbless sentence and hung `ask`.
    from summarizer.answer.roles import in_acting_clause

    sentence = "Talks in Istanbul on Wednesday."
    assert in_acting_clause(Role(("Ukraine",), "meet"), sentence, [(18, 27)]) == [(18, 27)]


def test_what_an_actor_wants_is_asked_of_its_other_names_too(qa_store):
    # "EU" and "US" are in hundreds of sentences; "US" is also the stop word "us". Before, both abstained.
    # The passage where the US ("Washington") insists is the best read; its confidence (0.32) is under the
    # calibrated threshold since the ranker of 2026-12-06, so it is offered first among the related passages.
    a = answer_question(qa_store, "What did the US demand?", today=TODAY)
    shown = a.answer if a.answerable else a.related[0].quote
    assert shown.startswith("Washington insists that only steel melted and poured in the EU")
    b = answer_question(qa_store, "What does the EU want?", today=TODAY)
    assert b.answerable and "European Commission" in b.answer and "insisting" in b.answer
    # "the United States want" is not "the United" stating something.
    assert question_kind("What does the United States want?")[1] == "the United States"
    assert question_kind("What did the US State Department say?")[1] == "the US State Department"


@pytest.mark.parametrize("actor, sentence, wants", [
    ("EU", "Eurofer, the European steel association, urged negotiators to strike a deal quickly.", False),
    ("EU", "EU foreign ministers urged negotiators to strike a deal quickly.", True),
    ("United States", "Kyiv welcomed a US ultimatum giving Russia 50 days, while the Kremlin said it needed time to "
                      "study what it called very serious statements.", False),
    ("Ukraine", "Zelenskyy thanked Trump for what he called a strong signal to Moscow.", False),
    ("Ukraine", "Kyiv called for an unconditional ceasefire.", True),
])
def test_a_name_that_only_describes_something_else_is_not_the_actor_wanting(actor, sentence, wants):
    assert acts_in(Role((actor,), "want"), sentence) is wants


def test_a_participle_describing_a_noun_is_not_the_actor_speaking():
    sentence = ("Pressure on Russia, including the decisions announced by the United States, must continue until a "
                "real ceasefire is achieved.")
    assert not acts_in(Role(("United States",), "say", saying=True), sentence)
    assert acts_in(Role(("United States",), "say", saying=True), "The United States announced new decisions.")


def store_of(tmp_path: Path, files: dict[str, str], now: dt.datetime) -> Store:
    """A store holding these articles (file name -> text), ingested at `now`."""
    (tmp_path / "drop").mkdir()
    for name, text in files.items():
        (tmp_path / "drop" / name).write_text(text, encoding="utf-8")
    store = Store(tmp_path / "s.db")
    list(Ingester(store, now=lambda: now).ingest_paths([tmp_path / "drop"]))
    return store


def ask_of(tmp_path: Path, files: dict[str, str], question: str, now: dt.datetime):
    """The answer to a question over these articles, ingested at `now` and asked on its day."""
    return answer_question(store_of(tmp_path, files, now), question, today=now.date())


STRIKE_4_OCT = """Rotterdam port employers reject union ultimatum

October 4, 2025 (Harbour Wire)

ROTTERDAM, Oct 4 (Harbour Wire) - Employers at the port of Rotterdam on Saturday rejected an ultimatum from the \
FNV Havens union. FNV Havens negotiator Niek Stam said the 48-hour strike would go ahead as planned from Monday, \
October 6, at 6 a.m.
"""
STRIKE_6_OCT = """Rotterdam strike goes ahead

*Port Post, 6 October 2025*

Dockworkers at Rotterdam walked out on Monday morning, halting work at most of the port's terminals.

Union negotiator Niek Stam said FNV Havens would hold a second, longer strike of 96 hours later this month if \
the mediation produced no result.
"""


@pytest.mark.parametrize("now, expected", [
    (dt.datetime(2025, 10, 7, 18, tzinfo=dt.timezone.utc), "later this month"),  # Monday's strike is over
    (dt.datetime(2025, 10, 5, 18, tzinfo=dt.timezone.utc), "Monday, October 6"),
])
def test_the_next_event_is_not_one_already_past_by_the_bots_clock(tmp_path, now, expected):
    from bot.commands import Commands

    later = {"post.md": STRIKE_6_OCT} if now.day > 6 else {}  # the second article arrives on the 6th
    store = store_of(tmp_path, {"wire.txt": STRIKE_4_OCT, **later}, now)
    answer = Commands(store, now=lambda: now).ask("When is the next strike?")
    assert answer.answerable and expected in answer.answer


STRIKE_3_OCT = """Dockworkers threaten 48-hour strike at Rotterdam as pay talks collapse

ROTTERDAM, October 3, 2025 (Maritime Ledger) - The FNV Havens union said on Thursday it would call a 48-hour strike \
at Europe's largest port starting next Monday unless employers improve their pay offer.

No date has been set for further talks. The union gave employers until Friday at noon to respond to its demands.
"""


@pytest.mark.parametrize("question", ["What is the deadline for employers to respond?",
                                      "By when must employers respond?"])
def test_a_deadline_on_the_articles_own_day_answers_and_the_word_deadline_need_not_be_written(tmp_path, question):
    # "What is the deadline for ... to respond" is no "what did X say" question, and the source never
    # writes "deadline": "until Friday at noon" is one, due the day the article appeared.
    now = dt.datetime(2025, 10, 3, 9, tzinfo=dt.timezone.utc)
    answer = ask_of(tmp_path, {"ledger.txt": STRIKE_3_OCT}, question, now)
    assert answer.answerable and "Fri 3 Oct 2025" in answer.answer and "Friday at noon" in answer.answer
    assert question_kind(question)[0] == "when"


LUMBER = """Canada to challenge US lumber duties at WTO

TORONTO, August 13, 2025 (Maple Wire) - Canada will file a challenge to the new US anti-dumping duties on softwood \
lumber at the World Trade Organization and under the CUSMA trade pact, Trade Minister Dominic LeBlanc said on Tuesday.
"""


def test_where_is_a_venue_not_a_name_describing_a_noun(tmp_path):
    # Before: "US" (from "the new US anti-dumping duties"), the only place-like name in the sentence.
    now = dt.datetime(2025, 8, 14, 9, tzinfo=dt.timezone.utc)
    store = store_of(tmp_path, {"maple.txt": LUMBER}, now)
    answer = answer_question(store, "Where will Canada file its challenge?", today=now.date())
    assert answer.answerable and answer.answer == "the World Trade Organization"
    # "file a challenge" is challenging: the question need not use the article's words.
    answer = answer_question(store, "Where will Canada challenge the duties?", today=now.date())
    assert answer.answerable and answer.answer == "the World Trade Organization"


MISSIONS = """Niamey mission staff moved after attack

LAGOS, March 3, 2026 (Sahel Wire) - A rented compound in Accra is where staff now work who survived the attack at \
U.S. missions in Niamey, Niger, the State Department said on Tuesday.
"""
EMBASSY = """Embassy staff move to new offices

NAIROBI, March 3, 2026 (Rift Wire) - Staff who survived the attack on the embassy in Nairobi, Kenya, now work from \
offices beside the Gigiri compound, officials said on Tuesday.
"""


def test_where_is_not_a_place_the_question_names_in_other_words(tmp_path):
    now = dt.datetime(2026, 3, 4, 9, tzinfo=dt.timezone.utc)
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    # "U.S." is the "US" asked about (before: "U.S.", at 0.88)
    answer = ask_of(tmp_path / "a", {"wire.txt": MISSIONS}, "Where do the staff of the US missions in Niamey work now?",
                    now)
    assert answer.answerable and answer.answer == "Accra"
    # "Nairobi, Kenya" only places the Nairobi asked about (before: "Kenya", at 0.88); the offices are named by
    # no place the model knows, so the sentence is offered as related, not answered.
    answer = ask_of(tmp_path / "b", {"wire.txt": EMBASSY}, "Where do the staff of the embassy in Nairobi work from now?",
                    now)
    assert (answer.answer if answer.answerable else "") != "Kenya"
    assert not answer.answerable and "Gigiri" in answer.related[0].quote


PACT = """Baltic states sign defence pact in Oslo

OSLO, May 12, 2026 (Nordic Wire) - Latvia and Estonia signed a joint air defence pact at a ceremony in Oslo on \
Tuesday, committing both countries to buy the same radar systems by 2028.

Latvian Foreign Minister Baiba Braze said the pact was the most important since her country joined NATO.

Estonian Foreign Minister Margus Tsahkna said the ceremony was "a good day for Estonia and for Latvia, and a bad day \
for anyone who threatens them."

Norwegian officials hosted the signing at the Akershus Fortress.

Later, Braze said the ceremony showed that her country's allies were ready to share the cost.
"""


def test_what_a_country_said_is_said_by_whoever_speaks_for_it_even_by_surname(tmp_path):
    # "Braze said" names no country: the facts read at ingest know from the whole article that Braze is
    # Latvia's foreign minister. Before, "What did Latvia say" was declined with the Estonian minister's
    # quote offered first, and reading the parse alone took that quote ("for Latvia") as Latvia's words.
    now = dt.datetime(2026, 5, 13, 9, tzinfo=dt.timezone.utc)
    store = store_of(tmp_path, {"pact.txt": PACT}, now)
    answer = answer_question(store, "What did Latvia say about the ceremony?", today=now.date())
    assert answer.answerable and answer.answer.startswith("Later, Braze said the ceremony showed")
    answer = answer_question(store, "What did the Latvian foreign minister say about the ceremony?", today=now.date())
    assert answer.answerable and "Braze" in answer.answer and "Tsahkna" not in answer.answer


TOLL_EARLY = """Blast hits Kano market

KANO, June 3, 2026 (Sahel Wire) - More than 100 people have died after a fuel tanker exploded in a crowded market \
in Kano on Wednesday, police said.
"""
TOLL_LATER = """Kano blast toll rises

KANO, June 6, 2026 (Sahel Wire) - The tanker explosion at a Kano market killed 213 people, the state governor said \
on Saturday, as rescuers finished searching the ruins.
"""


def test_a_figure_in_the_sources_other_words_is_ranked_not_put_behind_one_in_the_questions_words(tmp_path):
    # "killed" is a synonym of "died", worth a little less; before, any passage holding all of the question's own
    # words went first whatever its score, so the first report's "more than 100" beat the later count.
    now = dt.datetime(2026, 6, 7, 9, tzinfo=dt.timezone.utc)
    answer = ask_of(tmp_path, {"early.txt": TOLL_EARLY, "later.txt": TOLL_LATER},
                    "How many people died in the Kano market blast?", now)
    assert answer.answerable and answer.answer == "213 people"


def test_where_a_case_is_taken_is_a_court_after_to(tmp_path):
    now = dt.datetime(2025, 4, 26, 12, tzinfo=dt.timezone.utc)
    answer = ask_of(tmp_path, {"tpd.txt": APPEAL_DECIDED}, "Where will Apple appeal the fine?", now)
    assert answer.answerable and answer.answer == "the EU General Court"


LUMBER_RATE = """US raises duties on Canadian softwood lumber

OTTAWA, August 12, 2025 (Northern Ledger) - The US Commerce Department on Monday more than doubled anti-dumping \
duties on Canadian softwood lumber to 20.56 percent.

The new rate takes effect within 7 days of publication in the Federal Register. Countervailing duties, set \
separately, will be announced later this month. The US Lumber Coalition welcomed the decision. The coalition wants \
the combined duty rate raised above 35 percent.
"""


def test_a_rate_is_a_percentage_in_force_not_a_neighbour_sentence_or_a_wish(tmp_path):
    # Before: "Countervailing duties ... later this month" (the sentence after "The new rate ..."), then
    # "35 percent", the rate the coalition wants.
    now = dt.datetime(2025, 8, 14, 9, tzinfo=dt.timezone.utc)
    answer = ask_of(tmp_path, {"ledger.txt": LUMBER_RATE}, "What is the new duty rate?", now)
    assert answer.answerable and answer.answer == "20.56 percent"


APPEAL_DECIDED = """Apple to appeal EU fine

April 25, 2025 (Tech Policy Daily)

Apple will appeal the European Commission's €500 million fine to the EU General Court, a company spokesperson \
confirmed on Friday.
"""
APPEAL_UNDECIDED = """Apple weighs options after EU fine

LONDON (Alpine Markets) - Apple has not yet decided whether to appeal the European Commission's €500 million \
fine, two people familiar with the matter said on Thursday, April 24, 2025.
"""


@pytest.mark.parametrize("question, first, other", [
    ("Will Apple appeal the fine?", "Tech Policy Daily", "Alpine Markets"),
    # The other side does not hold the question's words ("decided"): it is looked up all the same.
    ("Has Apple decided whether to appeal the fine?", "Alpine Markets", "Tech Policy Daily"),
])
def test_an_answer_that_another_outlet_contradicts_says_so_and_cites_both(tmp_path, question, first, other):
    now = dt.datetime(2025, 4, 26, 12, tzinfo=dt.timezone.utc)
    store = store_of(tmp_path, {"tpd.txt": APPEAL_DECIDED, "am.txt": APPEAL_UNDECIDED}, now)
    answer = answer_question(store, question, today=now.date())
    assert answer.answerable and "Sources disagree: Tech Policy Daily says Apple 'will appeal'; Alpine Markets " \
                                  "reports it is not decided" in answer.answer, answer.answer
    assert [c.source for c in answer.citations[:2]] == [first, other]
    for c in answer.citations:
        assert store.document(c.document_id)["text"][c.start:c.end] == c.quote


def test_an_answer_no_outlet_contradicts_states_no_disagreement(tmp_path):
    now = dt.datetime(2025, 4, 26, 12, tzinfo=dt.timezone.utc)
    answer = ask_of(tmp_path, {"tpd.txt": APPEAL_DECIDED}, "Will Apple appeal the fine?", now)
    assert answer.answerable and "disagree" not in answer.answer


FINE_LEDGER = """EU fines Apple €500 million under Digital Markets Act

BRUSSELS, April 23, 2025 (Continental Ledger) - The European Commission on Wednesday fined Apple €500 million for \
breaching the Digital Markets Act. Competition chief Teresa Ribera insisted the fine was "firm but fair".
"""
FINE_DAILY = """Apple to appeal EU fine

April 25, 2025 (Tech Policy Daily)

Apple will appeal the European Commission's €500 million fine, a company spokesperson confirmed on Friday. Meta, \
which was fined €200 million on the same day, said it would also appeal.
"""


@pytest.mark.parametrize("question, expected", [
    # Before: 'She insisted the fine was "firm but fair".', the best-ranked sentence holding "fine".
    ("What is the fine?", "€500 million"),  # the sum most sources give, not Meta's in a shorter sentence
    ("What was Meta's fine?", "€200 million"),
    ("What is the size of Apple's fine?", "€500 million"),
])
def test_what_is_the_fine_is_a_sum(tmp_path, question, expected):
    now = dt.datetime(2025, 4, 26, 12, tzinfo=dt.timezone.utc)
    answer = ask_of(tmp_path, {"ledger.txt": FINE_LEDGER, "daily.txt": FINE_DAILY}, question, now)
    assert answer.answerable and answer.answer == expected, answer.answer


def test_a_fine_with_no_sum_stated_is_the_sentence_naming_it(tmp_path):
    now = dt.datetime(2025, 4, 26, 12, tzinfo=dt.timezone.utc)
    article = ("EU acts against Apple\n\nApril 23, 2025 (Wire)\n\nThe Commission said the penalty for Apple would be "
               "set later this year, after a hearing.\n")
    answer = ask_of(tmp_path, {"a.txt": article}, "What is the penalty for Apple?", now)
    assert answer.answerable and answer.answer.startswith("The Commission said the penalty for Apple would be set")


def test_a_disagreement_on_something_else_is_not_added_to_an_answer(tmp_path):
    now = dt.datetime(2025, 4, 26, 12, tzinfo=dt.timezone.utc)
    answer = ask_of(tmp_path, {"tpd.txt": APPEAL_DECIDED, "am.txt": APPEAL_UNDECIDED}, "What is the fine?", now)
    assert answer.answer == "€500 million"  # the outlets disagree on the appeal, not on the fine


PAY_TALKS = """Dockworkers threaten strike as pay talks collapse

ROTTERDAM, October 2, 2025 (Maritime Ledger) - The union gave employers until Friday at noon to respond to its \
demands. The union is demanding a 7 percent wage increase over one year and an early-retirement scheme for crane \
operators. The employers have offered 3.5 percent over two years.
"""


@pytest.mark.parametrize("question, expected", [
    # Before: "The union gave employers until Friday at noon to respond to its demands." ("the union" named no actor)
    ("What is the union demanding?", "The union is demanding a 7 percent wage increase"),
    ("What did the employers offer?", "The employers have offered 3.5 percent"),
])
def test_a_side_named_by_a_common_noun_is_the_one_who_demands(tmp_path, question, expected):
    now = dt.datetime(2025, 10, 2, 12, tzinfo=dt.timezone.utc)
    answer = ask_of(tmp_path, {"ledger.txt": PAY_TALKS}, question, now)
    assert answer.answerable and answer.answer.startswith(expected), answer.answer


TRUCE = """Israel rejects Hamas demands as Gaza talks stall

DOHA, July 14, 2025 (Gulf Wire) - Netanyahu's office rejected the Hamas demands, saying Hamas was the only obstacle \
to a deal. Hamas has rejected the Israeli withdrawal map, a senior Egyptian official said. Hamas demands guarantees \
from Washington that Israel will not resume the war after the truce. Netanyahu's office said it expected a deal \
within 60 days and warned that the army would intensify operations if Hamas refused.
"""


@pytest.mark.parametrize("question, expected", [
    # Before: "Hamas has rejected the Israeli withdrawal map" (Hamas rejected; "Israeli" names a map).
    ("What did Israel reject?", "Netanyahu's office rejected the Hamas demands"),
    # Before: "Netanyahu's office said it expected a deal ..." ("it" is Netanyahu's office, not Hamas, the
    # subject of "refused" later in the sentence).
    ("What does Hamas want?", "Hamas demands guarantees from Washington"),
])
def test_what_an_actor_did_is_not_what_someone_else_did_to_it(tmp_path, question, expected):
    now = dt.datetime(2025, 7, 15, 12, tzinfo=dt.timezone.utc)
    answer = ask_of(tmp_path, {"gw.txt": TRUCE}, question, now)
    assert answer.answerable and expected in answer.answer and "withdrawal map" not in answer.answer, answer.answer


def test_a_pronoun_after_a_participle_is_the_main_speaker(tmp_path):
    # "China demanded that the EU drop its duties, warning it would ask the WTO ...": "it" is China, so this
    # says nothing of what the EU wants.
    from summarizer.answer.roles import acts_in, question_role

    sentence = ("China on Tuesday demanded that the European Union drop its countervailing duties, warning it would "
                "ask the World Trade Organization to set up a dispute panel.")
    assert not acts_in(question_role("What does the EU want?"), sentence)
    assert acts_in(question_role("What does China want?"), sentence)


DEADLINE_SET = """Mediators give Israel 48 hours to answer Gaza truce plan

DOHA, July 14, 2025 (Gulf Wire) - Israel was given a 48-hour deadline announced on Monday by Qatar's foreign \
ministry to respond to the amended ceasefire proposal.
"""
DEADLINE_NAMED = """Egypt denies Gaza talks have stalled

By Jane Roe | 15 July 2025 | Levant Ledger

Qatar's foreign ministry said the 48-hour deadline would not be extended. Mediators hope the two delegations, \
which have been holding indirect talks in Doha since 6 July, will answer quickly.
"""


@pytest.mark.parametrize("question", ["When did the 48-hour deadline expire?",
                                      "When does the 48-hour deadline expire?"])
def test_when_a_deadline_expired_is_the_day_it_was_counted_to(tmp_path, question):
    # Before: "6 July" ("talks since 6 July": a start, not an expiry), or "within 48 hours" with no date.
    now = dt.datetime(2025, 7, 17, 18, tzinfo=dt.timezone.utc)
    answer = ask_of(tmp_path, {"gw.txt": DEADLINE_SET, "ll.md": DEADLINE_NAMED}, question, now)
    assert answer.answerable and answer.answer.startswith('Wed 16 Jul 2025 ("48-hour", counted from 14 July'), \
        answer.answer
    assert answer.citations[0].source == "Gulf Wire"  # the sentence that set it, before the one naming it


EV_DUTIES = """EU, China trade barbs over EV duties

BRUSSELS, October 14, 2025 (Meridian Wire) - The European Commission on Wednesday fined Apple €500 million and \
ordered the company to change its terms within 60 days or face periodic penalty payments. The Commission has not \
said how large the periodic penalty payments could be.

The EV duties, which range from 17.4% to 31.6% on top of the standard 10% car import tariff, took effect last year.

No date has been set for a ministerial meeting between the two sides.
"""


@pytest.mark.parametrize("question, expected", [
    ("How high are the EV duties?", "from 17.4% to 31.6%"),  # before: nothing ("high" was a required word)
    # Before: "€500 million", the fine in the same sentence; the payments' size is not given, and the source says so.
    ("How large could the periodic penalty payments be?",
     "The Commission has not said how large the periodic penalty payments could be."),
    # Before: nothing; "When will ... take place?" was already answered with the unset date.
    ("When is the ministerial meeting?", "No date has been set for a ministerial meeting between the two sides"),
])
def test_figures_of_what_was_asked_and_dates_not_set(tmp_path, question, expected):
    now = dt.datetime(2025, 10, 20, 9, tzinfo=dt.timezone.utc)
    answer = ask_of(tmp_path, {"mw.txt": EV_DUTIES}, question, now)
    assert answer.answerable and answer.answer == expected, answer.answer


def test_related_passages_do_not_repeat_a_copy_of_the_same_sentence(tmp_path):
    wire = ("Xingyun weighs Hungary plant\n\nBRUSSELS, October 14, 2025 (Meridian Wire) - No date has been set for a "
            "ministerial meeting between the two sides. Xingyun Auto said it would decide next Monday whether to move "
            "assembly to Hungary, people familiar with the plans said.\n")
    copy = wire.replace("Xingyun weighs Hungary plant", "EuroBiz Daily - Republished with permission")
    now = dt.datetime(2025, 10, 20, 9, tzinfo=dt.timezone.utc)
    answer = ask_of(tmp_path, {"a.txt": wire, "b.txt": copy}, "Who chairs the ministerial meeting on Hungary?", now)
    quotes = [" ".join(r.quote.split()) for r in answer.related]
    assert not answer.answerable and quotes and len(quotes) == len(set(quotes))


def test_who_was_given_the_time_is_who_must_act(tmp_path):
    # Before: nothing found; "to respond" was read as Qatar's (who announced the deadline), not Israel's.
    from summarizer.answer.roles import acts_in, question_role

    given = "Israel was given a 48-hour deadline announced on Monday by Qatar's foreign ministry to respond."
    assert acts_in(question_role("When will Israel respond?"), given)
    assert not acts_in(question_role("When will Qatar respond?"), given)
    assert acts_in(question_role("When will Russia agree?"), "Trump gave Russia 50 days to agree to a ceasefire.")
    now = dt.datetime(2025, 7, 17, 18, tzinfo=dt.timezone.utc)
    answer = ask_of(tmp_path, {"gw.txt": DEADLINE_SET}, "When is the deadline for Israel to respond?", now)
    assert answer.answerable and answer.answer.startswith("Wed 16 Jul 2025"), answer.answer


def test_a_speaker_is_who_the_clause_says_they_work_for():
    # Before: nothing for "What did Egypt say?"; the relative clause naming the employer was cut off the speaker.
    from summarizer.answer.roles import acts_in, question_role

    said = ("\"The negotiations are continuing,\" the official, who works with Egypt's General Intelligence Service, "
            "told the Levant Ledger.")
    assert acts_in(question_role("What did Egypt say?", speaker="Egypt"), said)
    assert not acts_in(question_role("What did Qatar say?", speaker="Qatar"), said)


def test_how_much_money_is_a_sum_of_anything_not_a_crash():
    from summarizer.answer.query import parse_question

    query = parse_question("How much money has the city raised for the victims?")
    assert (query.kind, query.focus, query.measured) == ("amount", "money", ())


def test_entities_are_recognised_only_when_read_and_then_as_the_full_pipeline_gives_them():
    # The recognizer costs more than the tagger and parser together: a candidate ruled out on its verbs never
    # pays for it, and one that is read gets exactly the full pipeline's parse.
    from summarizer.answer.roles import named, parse, parse_for, question_role, syntax
    from summarizer.text.nlp import english

    def annotations(doc):
        return ([(t.text, t.lemma_, t.pos_, t.tag_, t.dep_, t.head.i, t.ent_iob_, t.ent_type_) for t in doc],
                [(e.start, e.end, e.label_) for e in doc.ents])

    acting = "Lithuania demanded on Friday that the port authority in Klaipeda cut its fees by 12 percent."
    idle = "Ferries between Klaipeda and Kiel sailed on schedule despite fog, Baltic Lines said on Friday."
    role = question_role("What did Lithuania demand?")
    parse_for(role, [acting, idle])
    assert syntax(acting).has_annotation("ENT_IOB") and not syntax(idle).has_annotation("ENT_IOB")
    assert not syntax(idle).ents and annotations(named(syntax(idle))) == annotations(english()(idle))
    assert annotations(syntax(acting)) == annotations(english()(acting))
    assert acts_in(role, acting) and not acts_in(role, idle)
    later = "The Klaipeda port authority offered the dockworkers four percent on Monday."
    assert not syntax(later).ents
    assert annotations(parse(later)) == annotations(english()(later))  # a parse asked for in full has them


def test_a_who_answers_candidates_are_read_for_their_verb_and_only_the_first_for_names(tmp_path):
    # A "who" answer must name someone, but reading every candidate's names costs the recognizer on twenty
    # sentences: the asked verb is read in each that may hold it, names only in the few that come first.
    from summarizer.answer import extractive, roles

    unread = "The Istanbul derby drew 50,000 fans to the stadium on Sunday."  # no form of "win": no parse needed
    wins = ["Galatasaray won the previous Istanbul derby in May.", "Besiktas won the Istanbul derby in 2019.",
            "The youth side won its own Istanbul derby on Saturday.", "Nobody has won an Istanbul derby by five goals "
            "since 1988.", "Kasimpasa won an Istanbul derby of the second division.", "The women's team won the "
            "Istanbul derby last month."]
    derby = ("Derby report\n\nISTANBUL, Oct 19 (Bosphorus Wire) - Fenerbahce beat Galatasaray 2-1 in the Istanbul "
             "derby on Sunday. " + unread + " " + " ".join(wins) + "\n")
    now = dt.datetime(2025, 10, 20, 9, tzinfo=dt.timezone.utc)
    ask_of(tmp_path, {"derby.txt": derby}, "Who won the Istanbul derby?", now)
    assert all(w in roles._PARSED for w in wins)
    assert sum(roles._PARSED[w].has_annotation("ENT_IOB") for w in wins) <= extractive.WHO_READ < len(wins)
    assert unread not in roles._PARSED


PORT_BIDS = """Ministry sets bid deadline for port concession

LAGOS, March 2, 2026 (Harbour Wire) - The transport ministry on Monday set a March 20 deadline for bids on the \
Apapa port concession, saying it wanted the tender closed before the rainy season.
"""
PORT_BIDS_VOID = """Court ruling throws port tender into doubt

LAGOS, March 12, 2026 (Daily Ledger) - A federal court on Thursday suspended the Apapa port tender, and the \
ministry said the March 20 deadline for bids no longer applies. No new date has been set.
"""


def test_a_deadline_a_newer_report_voided_is_answered_as_no_longer_holding(tmp_path):
    # Before: "March 20 (Fri 20 Mar 2026)", as if bids were still due then; the briefing says it no longer holds.
    now = dt.datetime(2026, 3, 13, 8, tzinfo=dt.timezone.utc)
    answer = ask_of(tmp_path, {"hw.txt": PORT_BIDS, "dl.txt": PORT_BIDS_VOID},
                    "When are bids for the Apapa port concession due?", now)
    assert answer.answerable and answer.answer.startswith("March 20 (Harbour Wire); a newer report says it no "
                                                          "longer holds (Daily Ledger: ")
    assert any("no longer applies" in c.quote and c.source == "Daily Ledger" for c in answer.citations)
