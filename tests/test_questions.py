"""Open questions and contradictions, checked against examples/README.md and hand-worked phrasings."""

from __future__ import annotations

import pytest

from summarizer.briefing.questions import cue_questions, find_open_questions
from summarizer.text.clean import clean_text
from summarizer.text.sentences import split_sentences
from tests.conftest import EXAMPLES

HW = "harbour-wire-kyiv-welcomes-50-day-deadline.txt"
CL = "continental-ledger-zelenskyy-hails-us-ultimatum.txt"
NBD = "neva-business-daily-kremlin-summit-only-at-the-end.txt"
MR = "meridian-report-kremlin-denies-talks-stalled.txt"
BSD = "black-sea-dispatch-istanbul-third-round-prisoner-swap.txt"
NR = "northgate-review-analysis-after-istanbul.md"
PUBLISHED = {HW: "2025-07-15", CL: "2025-07-16", NBD: "2025-07-20", MR: "2025-07-21", BSD: "2025-07-23", NR: None}


def make(doc_id: str, text: str, *, source: str | None = None, published: str | None = None,
         duplicate_of: str | None = None) -> tuple[dict, list[dict]]:
    doc = {"id": doc_id, "text": text, "source": source or doc_id, "title": None, "published": published,
           "duplicate_of": duplicate_of}
    rows = [{"document_id": doc_id, "idx": i, "start": s, "end": e, "text": t}
            for i, (s, e, t) in enumerate(split_sentences(text))]
    return doc, rows


def story(*made: tuple[dict, list[dict]]) -> tuple[list[dict], list[dict]]:
    return [d for d, _ in made], [r for _, rows in made for r in rows]


def load_examples() -> tuple[list[dict], list[dict]]:
    made = []
    for name, published in PUBLISHED.items():
        data = (EXAMPLES / name).read_bytes()
        text = data.decode("cp1252" if name == MR else "utf-8")
        cleaned = clean_text(text, markdown=name.endswith(".md"))
        made.append(make(name, cleaned.text, source=name.split("-")[0], published=published,
                         duplicate_of=HW if name == CL else None))
    return story(*made)


def quotes(question) -> list[str]:
    return [c.quote for c in question.citations]


def assert_verbatim(questions, documents) -> None:
    by_id = {d["id"]: d for d in documents}
    for q in questions:
        assert q.citations, q.question
        for c in q.citations:
            c.verify(by_id[c.document_id])


# Each open question of examples/README.md, as the evidence that must be cited together by one question.
GOLD = {
    "leaders' meeting": [(BSD, "The Kremlin has yet to respond to Kyiv’s proposal of a leaders’ meeting"),
                         (NR, "Kyiv’s proposal for a leaders’ meeting has received no reply from the Kremlin.")],
    "next round": [(BSD, "no date has been set for a fourth round of talks."),
                   (CL, "Moscow remained open to a third round of talks in Istanbul, but it did not propose a date.")],
    "secondary tariffs": [(HW, "It remains unclear whether the secondary tariffs would apply to China and India, the largest"),
                          (NR, "It remains unclear whether Washington will follow through, and on whom")],
    "stalled": [(NBD, "Direct talks between the two sides have stalled since the second round"),
                (MR, "“Contrary to what some are writing, the talks are not stalled,” Kremlin spokesman")],
    "Erdoğan's offer": [(NR, "Erdoğan’s offer of Istanbul or Ankara as a venue is also still hanging.")],
    "working groups": [(NR, "Kyiv has not said whether it will join them.")],
    "Patriot systems": [(HW, "but gave no figure for how many would be sent.")],
}


@pytest.fixture(scope="module")
def examples():
    return load_examples()


@pytest.mark.parametrize("point", list(GOLD))
def test_every_open_question_of_the_examples_is_found_and_cited(examples, point):
    documents, sentences = examples
    questions = find_open_questions(documents, sentences, limit=20)
    assert_verbatim(questions, documents)
    matching = [q for q in questions
                if all(any(c.document_id == doc and ev in c.quote for c in q.citations) for doc, ev in GOLD[point])]
    assert len(matching) == 1, (point, [q.question for q in questions])
    assert matching[0].question.endswith((".", "?")) and "?" in matching[0].question


def test_examples_phrasings_and_ranking(examples):
    documents, sentences = examples
    questions = find_open_questions(documents, sentences)
    assert len(questions) == 5
    texts = [q.question for q in questions]
    # The contradiction is worth most: two outlets, one denying the other.
    assert texts[0].startswith("Have the talks stalled? neva says they 'have stalled'; meridian reports a denial")
    assert "When will the fourth round of talks take place?" in texts
    assert "Will the Kremlin respond to Kyiv’s proposal of a leaders’ meeting by the end of August?" in texts
    assert "Would the secondary tariffs apply to China and India? How would the secondary tariffs be enforced?" in texts
    everything = [q.question for q in find_open_questions(documents, sentences, limit=20)]
    assert "Will anyone take up Erdoğan’s offer of Istanbul or Ankara as a venue?" in everything
    assert "Will Kyiv join the political, humanitarian and military groups?" in everything
    assert "How many batteries would be sent?" in everything


def test_the_republished_copy_is_not_a_second_source(examples):
    documents, sentences = examples
    tariffs = [q for q in find_open_questions(documents, sentences, limit=20) if "secondary tariffs" in q.question]
    assert len(tariffs) == 1
    assert sorted(c.document_id for c in tariffs[0].citations) == [HW, NR]  # CL repeats HW: not cited again


def test_the_headline_reporting_a_denial_is_not_a_claim_that_talks_stalled(examples):
    documents, sentences = examples
    stalled = [q for q in find_open_questions(documents, sentences, limit=20) if "stalled" in q.question]
    assert len(stalled) == 1
    assert sorted(c.document_id for c in stalled[0].citations) == [MR, NBD]
    claim = stalled[0].citations[0]
    assert claim.document_id == NBD


@pytest.mark.parametrize("sentence, expected", [
    ("No date has been set for the next round of talks.", ["When will the next round of talks take place?"]),
    ("The Kremlin has yet to respond to the proposal.", ["Will the Kremlin respond to the proposal?"]),
    ("It remains unclear whether the secondary tariffs would apply to China and India, officials said.",
     ["Would the secondary tariffs apply to China and India?"]),
    ("The tariffs take effect in September, but a White House official declined to say how they would be enforced.",
     ["How would the tariffs be enforced?"]),
    ("It is not clear whether Hungary will veto the package.", ["Will Hungary veto the package?"]),
    ("It is not clear whether the deal is final, diplomats said.", ["Is the deal final?"]),
    ("It is unclear whether Moscow agrees.", ["Is it known whether Moscow agrees?"]),
    ("Officials did not say when the talks would resume.", ["When would the talks resume?"]),
    ("Aurel Labs, a German developer of open-weight models, has yet to respond to the letter.",
     ["Will Aurel Labs respond to the letter?"]),
    ("The ministry has not responded to Warsaw’s request.", ["Will the ministry respond to Warsaw’s request?"]),
    ("Kyiv’s proposal for a leaders’ meeting has received no reply from the Kremlin.",
     ["Will the Kremlin reply to Kyiv’s proposal for a leaders’ meeting?"]),
    ("No decision has been taken on whether the ban would apply to diesel cars.", ["Would the ban apply to diesel cars?"]),
    ("The details of the swap are still being negotiated, officials said.", ["What will the details of the swap be?"]),
    ("It was not immediately clear how many troops would be sent.", ["How many troops would be sent?"]),
    ("Moscow has rejected the demand, and no date has been set for a meeting of the leaders.",
     ["When will the meeting of the leaders take place?"]),
    # Before: "Is it known whether to appeal the ... fine?" and "How could large the ... payments be?"
    ("Apple has not yet decided whether to appeal the European Commission's fine, two people familiar with the "
     "matter said.", ["Will Apple appeal the European Commission's fine?"]),
    ("The Commission has not said how large the periodic penalty payments could be.",
     ["How large could the periodic penalty payments be?"]),
    ("It remains unclear how quickly they would act.", ["How quickly would they act?"]),
    # From the TimeBank/AQUAINT newswire: "How much was damage the allied air campaign able ..." and
    # "Is it known whether Mr?" before.
    ("It was not clear how much damage the allied air campaign was able to inflict on the Guard.",
     ["How much damage was the allied air campaign able to inflict on the Guard?"]),
    ("It is unclear whether Mr. Smith will resign.", ["Will Mr. Smith resign?"]),
    ("It was not immediately clear whether U.S. officials would attend.", ["Would U.S. officials attend?"]),
    ("He wouldn't specify what it was.", []),  # "What it was?" before; "What was it?" says nothing either
    ("The police said they had identified suspects in six of the cases and had yet to find any pattern linking "
     "the killings.", ["Will the police find any pattern linking the killings?"]),
    ("Kyiv said it had yet to receive a reply from Moscow.", ["Will Kyiv receive a reply from Moscow?"]),
    # A lead's dateline is no part of the subject: "Will Alpine Markets) - Apple appeal ...?" before.
    ("LONDON (Alpine Markets) - Apple has not yet decided whether to appeal the fine, two people familiar with "
     "the matter said on Thursday.", ["Will Apple appeal the fine?"]),
    ("KYIV, July 15 (Harbour Wire) - Ukraine has yet to respond to the proposal.",
     ["Will Ukraine respond to the proposal?"]),
    ("They have yet to respond to the letter.", ["Will they respond to the letter?"]),
    # Phrasings real wire copy uses that found no question before.
    ("The spokesman would not elaborate, or comment on whether the two drivers remained in custody, as had been "
     "reported.", ["Is it known whether the two drivers remained in custody?"]),
    ("The ministry declined to comment on how many inspectors would be sent.",
     ["How many inspectors would be sent?"]),
    ("Just what the federation will do with the two clubs is not clear.",
     ["What will the federation do with the two clubs?"]),
    ("Whether the ferry service will resume in March remains unclear.", ["Will the ferry service resume in March?"]),
    ("The port authority gave no reason for the closures and the harbour police could not be reached for comment.",
     ["What was the reason for the closures?"]),
    ("The regulator offered no explanation for the delay.", ["What was the reason for the delay?"]),
    ("The mayor ordered an assessment of what it would cost to repair the sea wall.",
     ["What would it cost to repair the sea wall?"]),
    ("The governor ordered a review of how the dredging contracts were awarded.",
     ["How were the dredging contracts awarded?"]),
    # A remark between commas after the subject is not where the clause ends.
    ("It is not clear whether Governor Okafor, though under pressure from both parties, will sign the levy bill "
     "before Friday.", ["Will Governor Okafor sign the levy bill before Friday?"]),
    ("Officials did not say whether the two delegations, which met for six hours on Monday, would meet again.",
     ["Would the two delegations meet again?"]),
    # "if and when": the question is when.
    ("It is unclear if and when the ferry talks will resume.", ["When will the ferry talks resume?"]),
    ("The club has not said whether or when it will appeal the ban.", ["When will the club appeal the ban?"]),
    ("It is still unclear when, or if, the consulate will reopen.", ["When will the consulate reopen?"]),
    # The unknown is what the wh-word stands for, the subject of its own verb.
    ("It is not yet known what caused the warehouse fire.", ["What caused the warehouse fire?"]),
    ("Police would not say who ordered the raid on the depot.", ["Who ordered the raid on the depot?"]),
    # A noun phrase whose content is not known, and a date not set, written as the sentence's subject.
    ("The fate of the 12 crew members remains unknown.", ["What is the fate of the 12 crew members?"]),
    ("The whereabouts of the two suspects were not known on Sunday.", ["What were the whereabouts of the two suspects?"]),
    ("The date of the next hearing has not been set.", ["When will the next hearing take place?"]),
    ("The venue for the second round has yet to be announced.", ["Where will the second round take place?"]),
    ("The timing of the vote was not announced.", ["When will the vote take place?"]),
    ("The port authority has given no timeline for the repairs.", ["What is the timeline for the repairs?"]),
    # More ways of writing that nobody knows yet.
    ("Neither side has said whether the ferry talks will continue.", ["Will the ferry talks continue?"]),
    ("It is too early to say whether the new levy will work.", ["Will the new levy work?"]),
    ("Investigators are still trying to determine what caused the warehouse fire.",
     ["What caused the warehouse fire?"]),
    ("There is no word yet on when the hearing will take place.", ["When will the hearing take place?"]),
    ("Questions remain about who will pay for the cleanup.", ["Who will pay for the cleanup?"]),
    ("Whether the merger will go ahead depends on the regulator.", ["Will the merger go ahead?"]),
    ("The cause of the outage is under investigation.", ["What is the cause of the outage?"]),
    ("The timing of the vote remains uncertain.", ["When will the vote take place?"]),
    # "it" in a reported clause is who reports it.
    ("The union said it had not decided whether to accept the offer.", ["Will the union accept the offer?"]),
    # A sentence that says itself that accounts differ: the point is disputed, whatever the other reports are.
    ("Contrary to earlier reports, the harbour police said on Tuesday that the two crewmen detained in Brest had "
     "not confessed to smuggling or named anyone else.", ["Have the two crewmen detained in Brest confessed to smuggling?"]),
    ("Contrary to some press reports, the mayor has not been questioned by the police.",
     ["Has the mayor been questioned by the police?"]),
    ("Contrary to initial accounts, the ministry said the ferry talks would resume on Monday.",
     ["Will the ferry talks resume on Monday?"]),
    # A step the text says may still be forced: open until it is done or ruled out.
    ("The old pier took the worst of the storm, although it, too, may have to be torn down.",
     ["Will the old pier have to be torn down?"]),
    ("The smaller bakeries might need to raise bread prices again this winter.",
     ["Will the smaller bakeries need to raise bread prices again this winter?"]),
    # A step held over a condition: a threat or an offer that is still open.
    ("The coastguard cutters cleared the strait last spring and now stand ready to board the trawlers should the "
     "quota talks collapse.", ["Will the coastguard cutters board the trawlers?"]),
    ("The dockers' union has threatened to strike unless the port authority raises wages.",
     ["Will the dockers' union strike?"]),
    ("The council said on Friday it was prepared to sign the lease if the club pays its debts.",
     ["Will the council sign the lease?"]),
])
def test_question_phrasing(sentence, expected):
    assert [c.question for c in cue_questions(sentence)] == expected


@pytest.mark.parametrize("sentence", [
    "The talks ended on Wednesday with an agreement to swap 1,200 prisoners from each side.",
    "Moscow remained open to a third round of talks in Istanbul.",
    "The ministry has not responded to a request for comment.",  # newsroom routine
    "A Commission spokesperson declined to comment on the report.",
    "No decision has been taken, they said.",  # the undecided thing is not in the sentence: not guessed
    "Police did not comment on the case.",  # no open point named
    "What the deal means for the dockers is clear, the union said.",  # known, not unknown
    "The ferry may resume service in March.",  # a plain possibility, no step forced
    "The union is ready to talk to the port authority.",  # no condition: nothing held over
    "We may have to close the plant if orders keep falling, the owner said.",  # no subject a question can name
    "Contrary to reports, the talks went well.",  # nothing said is settled either way in a question's form
])
def test_no_cue_no_question(sentence):
    doc, rows = make("a", sentence)
    assert find_open_questions([doc], rows) == []


def test_one_point_from_four_outlets_is_one_question():
    made = story(
        make("wire", "BRUSSELS (Wire) - Talks ended without a deal. No date has been set for the next round of talks, "
                     "officials said.\n\nNo date has been set for the next round of talks, a diplomat repeated.",
             source="Wire", published="2025-03-03"),
        make("copy", "BRUSSELS (Wire) - Talks ended without a deal. No date has been set for the next round of talks, "
                     "officials said.", source="Courier", published="2025-03-04", duplicate_of="wire"),
        make("post", "The sides left Brussels apart. No date was given for the next round of talks.", source="Post"),
        make("daily", "Negotiators did not set a date for the next round of talks, which both sides called vital.",
             source="Daily"),
        make("times", "Officials admit that no date has been fixed for the next round of talks.", source="Times"),
    )
    documents, sentences = made
    questions = find_open_questions(documents, sentences)
    assert [q.question for q in questions] == ["When will the next round of talks take place?"]
    cited = [c.document_id for c in questions[0].citations]
    assert sorted(cited) == ["daily", "post", "times", "wire"]  # the copy and the repeated cue count once
    assert_verbatim(questions, documents)


def test_contradiction_between_outlets_cites_both_sides():
    documents, sentences = story(
        make("north", "The European Union has dropped its demand for quota flexibility in its steel talks, "
                      "two diplomats said.", source="Northline"),
        make("capitol", "An EU official pushed back. “Reports that the EU has dropped its demand for quota flexibility "
                        "are simply wrong,” the official said.", source="Capitol"),
    )
    questions = find_open_questions(documents, sentences)
    assert len(questions) == 1
    assert questions[0].question.startswith("Has the EU dropped its demand for quota flexibility? Northline says it "
                                            "'has dropped'; Capitol reports a denial")
    assert [c.document_id for c in questions[0].citations] == ["north", "capitol"]
    assert_verbatim(questions, documents)


def test_denial_headline_in_the_body_counts_as_a_denial():
    documents, sentences = story(
        make("neva", "Direct talks between the two sides have stalled since June.", source="Neva"),
        make("meridian", "Kremlin denies talks have stalled as drones hit Kyiv\n\nPeskov spoke in Moscow on Monday.",
             source="Meridian"),
    )
    questions = find_open_questions(documents, sentences)
    assert [q.question.split("?")[0] for q in questions] == ["Have the talks stalled"]
    assert "Kremlin denies talks have stalled" in questions[0].citations[1].quote


def test_no_contradiction_inside_a_near_duplicate_pair():
    original = make("orig", "Direct talks between the two sides have stalled since June.", source="Wire")
    copy = make("copy", "Direct talks between the two sides have stalled since June. Peskov said: “The talks are not "
                        "stalled.”", source="Ledger", duplicate_of="orig")
    assert find_open_questions(*story(original, copy)) == []
    other = make("mr", "“The talks are not stalled,” Peskov told reporters.", source="Meridian")
    found = find_open_questions(*story(original, copy, other))
    assert len(found) == 1 and [c.document_id for c in found[0].citations] == ["orig", "mr"]


def test_limit_and_order_are_respected(examples):
    documents, sentences = examples
    assert len(find_open_questions(documents, sentences, limit=2)) == 2
    assert find_open_questions(documents, sentences, limit=3) == find_open_questions(documents, sentences, limit=5)[:3]
    assert find_open_questions(documents, sentences, limit=0) == []


def test_a_contradiction_about_a_possessed_subject_keeps_its_possessive():
    # Before: "Will the our struggle end ...?"
    from summarizer.briefing.contradictions import find_contradictions
    from tests.test_positions import make_doc, rows

    a = make_doc("a", "Castro told a rally that our struggle will end with the return of Elian to Cuba.",
                 source="Havana Wire", published="2000-06-01")
    b = make_doc("b", "Officials said our struggle will not end with the return of Elian to Cuba, contradicting Castro.",
                 source="AP", published="2000-06-02")
    (found,) = find_contradictions([a, b], rows(a) + rows(b))
    assert found.question.startswith("Will our struggle end with the return of Elian to Cuba?")


def test_an_undecided_step_reported_as_decided_elsewhere_is_a_contradiction():
    decided = make("tpd", "Apple will appeal the European Commission's fine to the EU General Court, a company "
                          "spokesperson confirmed on Friday.", source="Tech Policy Daily")
    undecided = make("am", "LONDON (Alpine Markets) - Apple has not yet decided whether to appeal the European "
                           "Commission's fine, two people familiar with the matter said on Thursday.",
                     source="Alpine Markets")
    documents, sentences = story(decided, undecided)
    (question,) = find_open_questions(documents, sentences)
    assert question.question == (
        "Will Apple appeal the European Commission's fine? Tech Policy Daily says Apple 'will appeal'; Alpine Markets "
        "reports it is not decided: 'Apple has not yet decided whether to appeal the European Commission's fine'.")
    assert [c.document_id for c in question.citations] == ["tpd", "am"]
    assert_verbatim([question], documents)


@pytest.mark.parametrize("claim, contradicted", [
    ("Apple to appeal EU's fine\n\nThe company spoke on Friday.", True),  # a headline says it is decided
    ("Apple said it would appeal the Commission's fine.", True),
    ("Apple said it would appeal.", True),  # no object: the appeal the story is about
    ("Apple could appeal the Commission's fine, analysts said.", False),  # a possibility, not a decision
    ("Apple said it may appeal the Commission's fine.", False),
    ("Apple will not appeal the Commission's fine.", False),  # decided the other way: not this contradiction
    ("Meta will appeal its own fine from the Commission.", False),  # someone else
    ("Apple will appeal the ruling on its Irish taxes.", False),  # something else
])
def test_what_counts_as_reporting_the_step_decided(claim, contradicted):
    documents, sentences = story(
        make("a", claim, source="Wire A"),
        make("b", "Apple has not yet decided whether to appeal the Commission's fine, people familiar with the "
                  "matter said.", source="Wire B"))
    found = [q.question for q in find_open_questions(documents, sentences)]
    assert any("reports it is not decided" in q for q in found) == contradicted, found


def test_a_denial_with_a_day_and_a_possessive_names_what_it_denies():
    # Before: "Had the on Tuesday that the Gaza ceasefire talks stalled?" and "Had its negotiations ... collapsed?"
    documents, sentences = story(
        make("gw", "Indirect talks between Israel and Hamas stalled over the map of troop withdrawals.", source="Gulf Wire"),
        make("ll", "An Egyptian official denied on Tuesday that the Gaza ceasefire talks had stalled.",
             source="Levant Ledger"),
        make("bl", "Talks between the European Commission and China over EV duties collapsed on Wednesday.",
             source="Brussels Ledger"),
        make("tm", "The European Commission on Thursday rejected reports that its negotiations with China over "
                   "electric-vehicle duties had collapsed.", source="Trade Monitor"),
        # shares "ceasefire" and "stalling" with the denial, but is about ministers, not the talks
        make("rally", "Relatives of hostages rallied for the ceasefire deal and accused ministers of stalling.",
             source="Rally Post"))
    questions = {q.question.split("?")[0]: [c.document_id for c in q.citations]
                 for q in find_open_questions(documents, sentences)}
    assert questions == {"Had the Gaza ceasefire talks stalled": ["gw", "ll"],
                         "Had the European Commission's negotiations with China over electric-vehicle duties "
                         "collapsed": ["bl", "tm"]}


def test_a_question_a_newer_report_settles_is_shown_with_that_report_after_the_open_ones():
    docs, rows = story(
        make("mon", "Negotiators met again on Monday. It is not clear whether the two sides will reach an agreement "
                    "on water rights before the summer.", source="Valley Post", published="2025-03-10"),
        make("mon2", "The utility has yet to respond to the farmers' offer. The reservoir is at 40 percent.",
             source="Farm Wire", published="2025-03-10"),
        make("tue", "No date has been set for the next round of talks on the reservoir.", source="Farm Wire",
             published="2025-03-11"),
        make("wed", "The two sides reached an agreement on water rights late on Tuesday, officials said. The "
                    "utility could respond to the farmers' offer next week.", source="Delta Times",
             published="2025-03-12"))
    found = {q.question: q for q in find_open_questions(docs, rows)}
    settled = found["Will the two sides reach an agreement on water rights before the summer?"]
    assert [a.quote for a in settled.answered_by] == [
        "The two sides reached an agreement on water rights late on Tuesday, officials said."]
    assert settled.answered_by[0].source == "Delta Times"
    # "could respond ... next week" hedges: the reply is still awaited. A date still not set stays open.
    assert found["Will the utility respond to the farmers' offer?"].answered_by == []
    assert found["When will the next round of talks on the reservoir take place?"].answered_by == []
    order = [q.question for q in find_open_questions(docs, rows)]
    assert order[-1] == "Will the two sides reach an agreement on water rights before the summer?"
    for q in found.values():
        for a in q.answered_by:
            a.verify({d["id"]: d for d in docs}[a.document_id])


def test_only_a_newer_report_can_settle_a_question():
    # The same words a day before the question was asked answer nothing: the question came after them.
    docs, rows = story(
        make("old", "The union responded to the offer on Friday.", published="2025-03-07"),
        make("new", "The union has yet to respond to the offer.", published="2025-03-10"))
    (q,) = find_open_questions(docs, rows)
    assert q.answered_by == []


def test_a_forced_step_is_settled_by_a_report_of_the_step_not_by_one_naming_its_subject():
    # A later report full of the subject's place name says nothing about the pier's fate.
    monday = make("mon", "The new ferry terminal at Port Ellen Quay held up, although the old pier at Port Ellen "
                         "Quay, too, may have to be demolished.", source="Island Post", published="2025-03-10")
    docs, rows = story(monday, make("tue", "Divers searched the old pier at Port Ellen Quay on Tuesday for the "
                                           "missing trawler.", source="Coast Wire", published="2025-03-11"))
    (q,) = find_open_questions(docs, rows)
    assert q.question == "Will the old pier at Port Ellen Quay have to be demolished?"
    assert q.answered_by == []
    docs, rows = story(monday, make("wed", "Crews demolished the old pier at Port Ellen Quay on Wednesday.",
                                    source="Coast Wire", published="2025-03-12"))
    (q,) = find_open_questions(docs, rows)
    assert [a.quote for a in q.answered_by] == ["Crews demolished the old pier at Port Ellen Quay on Wednesday."]


@pytest.mark.parametrize("one, other", [
    # Both say it was not done: "did not" is no denial form of its own, so the claim side read "explicitly" as said.
    ("While the mayor did not explicitly endorse the harbour plan on Friday, his remarks were read as a green light.",
     "The mayor has not explicitly said he will approve the harbour plan, which has been stalled for a year."),
    ("The ferry operator did not cut its fares in March, the council said.",
     "The ferry operator has not cut its fares, according to the passengers' group."),
    # "rejected the plans that would leave ...": the plans are rejected, nothing is denied about what they would do.
    ("The dockers' union dismissed the port authority's plans, which it says still leave two terminals idle.",
     "  - The union rejected the port authority's plans that would leave two terminals idle."),
])
def test_two_outlets_that_say_the_same_do_not_disagree(one, other):
    documents, sentences = story(make("a", one, source="Harbour Times", published="2025-03-03"),
                                 make("b", other, source="Coast Post", published="2025-03-04"))
    assert [q.question for q in find_open_questions(documents, sentences) if "reports a denial" in q.question] == []


def test_a_claim_and_its_denial_still_disagree_when_the_denial_says_how():
    # The manner word of the denial ("publicly") is not the claim looked for: the verb after it is.
    documents, sentences = story(
        make("a", "The ferry operator has raised its fares by a tenth, two drivers said.", source="Harbour Times"),
        make("b", "The ferry operator has not officially raised its fares, a spokeswoman insisted.", source="Coast Post"))
    (question,) = find_open_questions(documents, sentences)
    assert question.question.startswith("Has the ferry operator raised its fares?")


@pytest.mark.parametrize("sentence, expected", [
    # Few details given, on a wh-clause or a noun phrase: what they did not say is still open.
    ("The two ferry companies offered few details on how the shared timetable would work, what else the deal "
     "covers and how the £40m would be spent.", ["How would the shared timetable work?"]),
    ("The council's order didn't detail the terms of the harbour lease.", ["What are the terms of the harbour lease?"]),
    ("The mayor said the levy would fund new berths, without providing details on the collection rules.",
     ["What are the details of the collection rules?"]),
    ("The mayor has not specified the amount.", []),  # which amount, the question could not say
    # Unsure, or in the dark, about a wh-clause.
    ("Dock workers have been left in the dark for weeks now on when the sale of the port will close and what "
     "shape it will take.", ["When will the sale of the port close?"]),
    ("The union remains unsure about whether the night shifts will return.", ["Will the night shifts return?"]),
    ("Days after the mayor announced a “partnership” with the ferry firm, the union remains unsure about what "
     "that really means.", []),  # what "that" is, the sentence does not say
    # A noun phrase nobody knows the content of, in a clause after the main one.
    ("The mayor announced a partnership with the ferry firm, sending its shares up 9%, though the details of the "
     "deal remain unclear, the Harbour Times reported.", ["What are the details of the deal?"]),
    # A future or a fate said to be in doubt, as the subject or as the object.
    ("The harbour strike enters its third week and the future of the ferry talks hangs in the balance.",
     ["What is the future of the ferry talks?"]),
    ("The mayor's walkout puts the future of the ferry talks in doubt, union officials said.",
     ["What is the future of the ferry talks?"]),
    ("The port's prospects of a new berth are in doubt after the vote.",
     ["What are the port's prospects of a new berth?"]),
    ("The future of the ferry talks is bright, the mayor said.", []),  # said to be known, not in doubt
    # No agreement reached yet: on something named, or the talks' own question.
    ("No agreement has yet been reached on the size of the night-ferry subsidy, the council said.",
     ["Will an agreement be reached on the size of the night-ferry subsidy?"]),
    ("Officials said progress had been made on one of the core issues - the berth maps - but no deal has been "
     "finalized.", ["Will a deal be reached?"]),
    # Nothing scheduled, no end in sight.
    ("The dockers' union said no further talks were scheduled.", ["When will the talks resume?"]),
    ("No new meetings have been planned, a port spokeswoman said.", ["When will the meetings resume?"]),
    ("A strike at the Dunmore ferry yards showed no signs of ending on Friday as it entered its second week.",
     ["When will the strike at the Dunmore ferry yards end?"]),
    ("It showed no signs of ending.", []),  # what "it" is, the sentence does not say
    # A phrase quoted inside the wh-clause is part of the clause.
    ("It was unclear what “other measures” the port authority was weighing, the agency reported.",
     ["What other measures was the port authority weighing?"]),
    # A ruling still to come.
    ("A county judge has delayed a ruling on whether to keep blocking the council's ban on night ferries.",
     ["Will a county judge keep blocking the council's ban on night ferries?"]),
    ("Judge Okafor said she would rule by Friday on whether to lift the order.", ["Will Judge Okafor lift the order?"]),
])
def test_real_news_ways_of_saying_it_is_not_known(sentence, expected):
    assert [c.question for c in cue_questions(sentence)] == expected


def test_a_pending_decision_is_settled_by_a_newer_lead_reporting_it_in_other_words():
    asked = make("rally", "Governor Okafor praised the port deal at a rally in Dunmore.\n\nOkafor later told reporters "
                          "that her approval of the port deal with Harbour Lines is still pending.", source="Harbour Times",
                 published="2025-06-01")
    decided = make("order", "Okafor clears port deal\n\nGovernor Okafor on Friday signed an order approving the port "
                            "deal with Harbour Lines, so long as the firm keeps the jobs in Dunmore.",
                   source="Coast Post", published="2025-06-06")
    (question,) = [q for q in find_open_questions(*story(asked, decided)) if "approval" in q.question]
    assert question.question == "Will her approval of the port deal with Harbour Lines be given?"
    assert [c.document_id for c in question.answered_by] == ["order"]
    # An older report of a decision settles nothing, nor does a decision far down a newer article.
    older = make("order", decided[0]["text"], source="Coast Post", published="2025-05-20")
    (question,) = [q for q in find_open_questions(*story(asked, older)) if "approval" in q.question]
    assert question.answered_by == []
    deep = make("order", "Dunmore waits\n\nThe port is quiet. Ferries run twice a day. Fishing boats crowd the slip. "
                         "Governor Okafor signed an order approving the port deal with Harbour Lines, years ago.",
                source="Coast Post", published="2025-06-06")
    (question,) = [q for q in find_open_questions(*story(asked, deep)) if "approval" in q.question]
    assert question.answered_by == []


def test_whether_someone_approves_is_settled_by_a_newer_lead_reporting_the_approval():
    asked = make("rally", "It is unclear whether Governor Okafor approves of a port deal giving Harbour Lines "
                          "ownership of the Dunmore docks.", source="Harbour Times", published="2025-06-01")
    decided = make("order", "Okafor clears port deal\n\nGovernor Okafor on Friday signed an order paving the way "
                            "for a Harbour Lines investment in the Dunmore docks.", source="Coast Post",
                   published="2025-06-06")
    (question,) = find_open_questions(*story(asked, decided))
    assert question.question == ("Is it known whether Governor Okafor approves of a port deal giving Harbour Lines "
                                 "ownership of the Dunmore docks?")
    assert [c.document_id for c in question.answered_by] == ["order"]


def test_whose_decision_a_pronoun_stands_for_is_read_from_the_headline():
    # "whether she approves": the sentence names nobody, its headline names the governor and the firm.
    title = "Okafor hails Harbour Lines at Dunmore rally"
    asked = make("rally", f"{title}\n\nIt is unclear whether she approves of a deal giving the firm ownership of the "
                          "docks.", source="Harbour Times", published="2025-06-01")
    asked[0]["title"] = title
    decided = make("order", "Governor Okafor on Friday signed an order paving the way for a Harbour Lines investment "
                            "in the Dunmore docks.", source="Coast Post", published="2025-06-06")
    (question,) = find_open_questions(*story(asked, decided))
    assert [c.document_id for c in question.answered_by] == ["order"]


def test_a_question_that_names_its_subject_ranks_before_one_that_says_only_she():
    documents, sentences = story(
        make("council", "The council would not say whether it will appeal the harbour levy ruling.", source="Harbour Times",
             published="2025-06-01"),
        make("judge", "She said she would rule by next week on whether to lift the ferry order.", source="Coast Post",
             published="2025-06-02"))
    assert [q.question for q in find_open_questions(documents, sentences)] == [
        "Will the council appeal the harbour levy ruling?", "Will she lift the ferry order?"]


@pytest.mark.parametrize("previous, sentence, expected", [
    ("Investigators said they were close to closing the harbour inquiry, having determined what the dockside bomb "
     "was made of and who carried it to the gate.", "They refused to provide details.",
     ["What was the dockside bomb made of?"]),
    ("The coastguard said it had identified who set the trawler alight.", "A spokesman declined to elaborate.",
     ["Who set the trawler alight?"]),
    ("The talks went on late into the night.", "They refused to provide details.", []),  # nothing found out
])
def test_a_refusal_to_give_details_asks_what_the_sentence_before_says_was_found_out(previous, sentence, expected):
    assert [c.question for c in cue_questions(sentence, previous=previous)] == expected


def test_no_agreement_yet_is_settled_by_a_newer_report_that_one_was_reached():
    documents, sentences = story(
        make("a", "The ferry talks ran late, but no agreement has been reached, officials said.", source="Harbour Times",
             published="2025-06-01"),
        make("b", "The two sides reached an agreement on Friday after a night of talks in Dunmore.", source="Coast Post",
             published="2025-06-06"))
    (question,) = find_open_questions(documents, sentences)
    assert question.question == "Will an agreement be reached?"
    assert [c.document_id for c in question.answered_by] == ["b"]
    # Talking of reaching one is not reporting one reached.
    documents, sentences = story(
        make("a", "The ferry talks ran late, but no agreement has been reached, officials said.", source="Harbour Times",
             published="2025-06-01"),
        make("b", "Both sides left the ferry talks, calling the union's position a major obstacle to reaching an "
                  "agreement.", source="Coast Post", published="2025-06-06"))
    (question,) = find_open_questions(documents, sentences)
    assert question.answered_by == []


def test_a_pending_appeal_is_settled_by_a_newer_lead_reporting_the_ruling():
    asked = make("a", "Harbour Lines' appeal against the night-ferry ban is still pending before the county court, "
                      "its lawyers said.", source="Harbour Times", published="2025-06-01")
    ruled = make("b", "The county court on Friday threw out Harbour Lines' appeal against the night-ferry ban.",
                 source="Coast Post", published="2025-06-06")
    (question,) = find_open_questions(*story(asked, ruled))
    assert question.question == "How will Harbour Lines' appeal against the night-ferry ban be resolved?"
    assert [c.document_id for c in question.answered_by] == ["b"]
    # A pending point that is not put to anyone for a decision keeps the old rule: its own words must be reported.
    asked = make("a", "The question of the night-ferry timetable is still pending, its lawyers said.",
                 source="Harbour Times", published="2025-06-01")
    (question,) = find_open_questions(*story(asked, ruled))
    assert question.answered_by == []


@pytest.mark.parametrize("claim, denial, expected", [
    ("The envoy was recalled from Dunmore on Thursday after the ferry negotiations with the union broke down.",
     "A port official involved in the negotiations rejected reports of a breakdown in talks.",
     "Have the talks broken down?"),
    ("The ferry talks collapsed on Monday, two union officials said.",
     "The port authority on Tuesday denied reports of a collapse in the negotiations.",
     "Have the negotiations collapsed?"),
])
def test_a_denial_that_names_the_event_by_its_noun_contradicts_the_verb(claim, denial, expected):
    documents, sentences = story(make("a", claim, source="Harbour Times", published="2025-07-24"),
                                 make("b", denial, source="Coast Post", published="2025-07-25"))
    (question,) = find_open_questions(documents, sentences)
    assert question.question.startswith(expected + " Harbour Times says they")
    assert [c.document_id for c in question.citations] == ["a", "b"]


def test_talks_said_not_to_have_broken_down_by_both_sources_are_no_contradiction():
    documents, sentences = story(
        make("a", "Union officials rejected reports of a breakdown in the ferry talks.", source="Harbour Times"),
        make("b", "The ferry talks did not break down, the port authority said.", source="Coast Post"))
    assert find_open_questions(documents, sentences) == []


@pytest.mark.parametrize("sentence, expected", [
    # What the investigation has not found out yet, and inquiries still under way.
    ("Detectives have not determined where the arsonist bought the fuel.",
     ["Is it known where the arsonist bought the fuel?"]),
    ("Fire officials still do not know whether the alarm in the east wing was switched off.",
     ["Was the alarm in the east wing switched off?"]),
    ("Inspectors were looking into whether the crane operator may have ignored the wind warning, the site manager said.",
     ["Could the crane operator have ignored the wind warning?"]),
    ("Auditors are sifting through three years of invoices, trying to piece together the payments and determine if "
     "the treasurer acted alone.", ["Is it known whether the treasurer acted alone?"]),
    # One speaker's own not knowing is like a refusal: tied to one briefing, and not asked.
    ("The warden said he did not know where the prisoner was being held or any more details.", []),
    ("She did not know what to do.", []),
    # Who someone is, where, and why: not known yet.
    ("Two days after the fire at the Kessler depot, police still did not know the arsonist's name or whereabouts "
     "or have a motive for the attack.",
     ["Who is the arsonist?", "Where is the arsonist?", "What was the motive for the attack?"]),
    ("Detectives are working to uncover the intruder's identity and motive.",
     ["Who is the intruder?", "What was the intruder's motive?"]),
    ("Police have not publicly identified a motive, but the councillor appears to have been singled out.",
     ["What was the motive?"]),
    ("Officers are racing to identify the driver who struck a cyclist on Harrow Lane early on Sunday.",
     ["Who is the driver who struck a cyclist?"]),
    ("Police have not yet identified the two men pulled from the canal.", ["Who are the two men pulled from the canal?"]),
    ("Investigators have not identified the cause of the blaze.", []),  # no person: the sentence names no one to ask about
    ("A spokesman said that the motive remains unknown.", ["What is the motive?"]),
])
def test_what_the_investigation_has_not_found_out(sentence, expected):
    assert [c.question for c in cue_questions(sentence)] == expected


def test_the_motive_is_one_question_and_an_arrest_settles_who_and_where():
    docs, rows = story(
        make("thu", "Police still did not know the arsonist's name or whereabouts or have a motive for the attack on "
                    "the Kessler depot.", source="Harbour Wire", published="2025-05-08"),
        make("fri", "Detectives said the motive remains unknown. Fire crews finished clearing the Kessler depot.",
             source="Valley Post", published="2025-05-09"),
        make("mon", "Kessler depot fire: man charged. A 41-year-old man was arrested on Sunday over the arson attack "
                    "on the Kessler depot, police said.", source="Delta Times", published="2025-05-12"))
    found = find_open_questions(docs, rows, limit=10)
    motive = [q for q in found if "motive" in q.question]
    assert len(motive) == 1 and len(motive[0].citations) == 2 and motive[0].answered_by == []
    settled = {q.question: q.answered_by for q in found}
    assert [a.source for a in settled["Who is the arsonist?"]] == ["Delta Times"]
    assert [a.source for a in settled["Where is the arsonist?"]] == ["Delta Times"]
    assert [q.question for q in found][0] == motive[0].question  # still open, so asked first


@pytest.mark.parametrize("one, other", [
    # An order that officials return a man, and a foreign leader who said he would not: who "he" is, the denial
    # does not say, and the day after "said" is no part of its subject.
    ("Judge Ferreira ordered port officials to return the seized trawler Marisol to its owners by Friday.",
     "The harbour master of Vigo said Monday he would not return the seized trawler Marisol, calling it evidence."),
])
def test_a_denial_whose_subject_is_only_a_pronoun_contradicts_nothing(one, other):
    docs, rows = story(make("a", one, source="Harbour Wire", published="2025-04-04"),
                       make("b", other, source="Valley Post", published="2025-04-07"))
    assert [q.question for q in find_open_questions(docs, rows)] == []


def test_the_day_a_denial_was_said_is_no_part_of_its_subject():
    docs, rows = story(
        make("a", "The port authority will reopen the north quay to ferries next month, the council said.",
             source="Harbour Wire", published="2025-04-04"),
        make("b", "The harbour master said Monday the port authority would not reopen the north quay this year.",
             source="Valley Post", published="2025-04-07"))
    (q,) = find_open_questions(docs, rows)
    assert q.question.startswith("Will the port authority reopen the north quay this year?")


@pytest.mark.parametrize("sentence, expected", [
    # A condition whose outcome nobody knows yet.
    ("It sets up a showdown with the council if the ferry operator does not comply—a fight neither side wants.",
     ["Will the ferry operator comply?"]),
    ("Ferry captain Anton Reyes could be back in Vigo by Friday if he agrees to be handed over by the Portuguese police.",
     ["Will Ferry captain Anton Reyes agree to be handed over by the Portuguese police?"]),
    ("If the deal is ratified, the dockers could be back at work on Monday, the union said.", ["Will the deal be ratified?"]),
    ("If convicted, the harbour pilot faces up to ten years in prison.", ["Will the harbour pilot be convicted?"]),
    ("Fares could rise if Harbour Council approves the plan on Thursday.", ["Will Harbour Council approve the plan on Thursday?"]),
    # Not conditions on a decision still to come: a past subjunctive, a plural noun, a rule that is not a verb.
    ("She feared for her life if she were sent back to the island.", []),
    ("If the rules are changed, fares could rise.", []),
    # A step not ruled out, a prospect, a reluctance.
    ("Judge Ferreira said she would not rule out fining the port authority, but would wait for its report.",
     ["Will Judge Ferreira end up fining the port authority?"]),
    ("The hearing suggested the dispute may return to the appeals court.", ["Will the dispute return to the appeals court?"]),
    ("The port authority, however, appears reluctant to pay.", ["Will the port authority pay?"]),
    # What was asked for and not given.
    ("The judge demanded details from the ministry about the trawler's location and what steps officials are taking "
     "to release it.", ["What steps are officials taking to release it?"]),
    ("The judge rebuked a ministry lawyer for failing to say how the government is securing the crew's release.",
     ["How is the government securing the crew's release?"]),
    # A request before a court, not ruled on yet.
    ("The ministry has asked an appeals court to throw out Judge Ferreira's order, with a decision expected soon.",
     ["Will the appeals court throw out Judge Ferreira's order?"]),
    ("The owners are asking a federal judge to fast-track their claim against the port, seeking a ruling by spring.",
     ["Will the federal judge fast-track their claim against the port?"]),
])
def test_conditions_prospects_and_requests_still_open(sentence, expected):
    assert [c.question for c in cue_questions(sentence)] == expected


def test_a_request_before_a_court_is_settled_by_a_newer_lead_reporting_the_ruling():
    docs, rows = story(
        make("mon", "The ministry has asked an appeals court to throw out Judge Ferreira's order on the seized trawler.",
             source="Harbour Wire", published="2025-04-07"),
        make("thu", "Appeals court turns down ministry over seized trawler. The appeals court turned down the ministry's "
                    "request on Wednesday and left Judge Ferreira's order on the trawler in place.",
             source="Valley Post", published="2025-04-10"))
    (q,) = find_open_questions(docs, rows)
    assert q.question == "Will the appeals court throw out Judge Ferreira's order on the seized trawler?"
    assert [a.source for a in q.answered_by] == ["Valley Post"]


@pytest.mark.parametrize("sentence, expected", [
    # A clause after "since", "until" ... has its own subject.
    ("A clerk, speaking anonymously since the lease has yet to be officially signed, said the ferry would stay.",
     ["Will the lease be officially signed?"]),
    # Terms not made public.
    ("The terms of the settlement, which ends a two-year dispute over the north quay, were not publicly released.",
     ["What were the terms of the settlement?"]),
    ("Though the details of the lease agreed on Friday are not yet public, the mayor said it runs for ten years.",
     ["What are the details of the lease agreed on Friday?"]),
    ("Lease details are being kept private until councillors have seen them.", ["What are the lease details?"]),
    ("Officials met twice, and details are still under wraps.", []),  # the details of what, the sentence does not say
    # An approval still to come.
    ("The ferry operator and the union reached a tentative agreement on a new four-year contract, subject to "
     "ratification, the mediator said.",
     ["Will the new four-year contract be ratified?"]),
    ("The council backed the sale of the north quay, subject to regulatory approval.",
     ["Will the sale of the north quay be approved?"]),
])
def test_terms_not_made_public_and_approvals_still_to_come(sentence, expected):
    assert [c.question for c in cue_questions(sentence)] == expected


def test_whether_a_deal_is_ratified_and_what_its_terms_are_are_two_questions():
    docs, rows = story(
        make("wed", "The ferry operator and the union reached a tentative agreement, subject to ratification.",
             source="Harbour Wire", published="2025-01-08"),
        make("thu", "The terms of the tentative agreement were not publicly released.", source="Valley Post",
             published="2025-01-09"))
    assert sorted(q.question for q in find_open_questions(docs, rows)) == [
        "What were the terms of the tentative agreement?", "Will the tentative agreement be ratified?"]


def test_a_vote_to_ratify_in_a_newer_lead_settles_the_ratification():
    docs, rows = story(
        make("wed", "The ferry operator and the union reached a tentative agreement on a new four-year contract, "
                    "subject to ratification.", source="Harbour Wire", published="2025-01-08"),
        make("sat", "Ferry union members voted to accept the tentative deal on Saturday.", source="Valley Post",
             published="2025-01-11"))
    (q,) = find_open_questions(docs, rows)
    assert [a.source for a in q.answered_by] == ["Valley Post"]


@pytest.mark.parametrize("sentence, expected", [
    # The sides' state on a point that is itself a question, whatever the story: asked as it stands.
    ("The two carriers are at odds about who should cover the cost of the grounded ferries, filings show.",
     ["Who should cover the cost of the grounded ferries?"]),
    ("The growers and the mill were still far apart on the price per tonne, as well as who should pay for haulage.",
     ["Who should pay for haulage?"]),
    ("Talks went on late, but the delegations remained divided on whether the quota should be cut.",
     ["Should the quota be cut?"]),
    ("Analysts differ on how long the slump at the yards will last.", ["How long will the slump at the yards last?"]),
    # A point named by a noun alone: which way it could go, the sentence does not say.
    ("Councillors remain deadlocked over the harbour levy, with the mayor refusing to budge.", []),
    # Not a dispute still open: a cause, one over and done, a split that is no side's.
    ("The ferry line was sold because of disputes over who should fund the pensions.", []),
    ("The settlement, which ends a long standoff over who owns the quay, was signed on Friday.", []),
    ("The band split on Tuesday after eleven years together.", []),
])
def test_sides_at_odds_over_a_point_leave_it_open(sentence, expected):
    assert [c.question for c in cue_questions(sentence)] == expected


def test_a_pronoun_in_the_unknown_clause_is_the_named_speaker():
    sentence = "Okafor said she would weigh the evidence carefully, but she did not say when she would rule."
    assert [c.question for c in cue_questions(sentence)] == ["When would Okafor rule?"]


def test_when_a_judge_will_rule_is_settled_by_a_newer_lead_reporting_the_ruling_naming_each_side():
    # The question's headline joins the two companies ("Harbour-Lines"); the newer lead names them apart.
    asked = make("a", "Judge Okafor said she would weigh the evidence carefully, but she did not say when she "
                      "would rule on the Harbour-Lines merger.", source="Harbour Times", published="2025-03-01")
    asked[0]["title"] = "Regulator urges judge to halt Harbour-Lines merger"
    ruled = make("b", "A federal judge on Tuesday blocked the merger between Harbour and Lines, siding with "
                      "the regulator.", source="Coast Post", published="2025-05-06")
    (question,) = find_open_questions(*story(asked, ruled))
    assert question.question == "When would Judge Okafor rule on the Harbour-Lines merger?"
    assert [c.document_id for c in question.answered_by] == ["b"]
    # Before the ruling the question stays open.
    (question,) = find_open_questions(*story(asked))
    assert question.answered_by == []


def test_a_point_the_sides_are_at_odds_over_is_settled_by_a_newer_lead_reporting_a_deal():
    asked = make("a", "The dockers' union and the port operators are at odds over who should fund the night-shift "
                      "bonus, officials said.", source="Harbour Times", published="2025-03-01")
    asked[0]["title"] = "Port talks stall over night-shift bonus"
    settled = make("b", "The dockers' union and the port operators reached a deal on the night-shift bonus on "
                        "Sunday.", source="Coast Post", published="2025-03-09")
    (question,) = find_open_questions(*story(asked, settled))
    assert question.question == "Who should fund the night-shift bonus?"
    assert [c.document_id for c in question.answered_by] == ["b"]


def test_a_newer_headline_reporting_the_ruling_settles_when_the_judge_will_rule():
    # The story's sentences leave headlines out; the newer article's body hedges ("what would be"), its headline not.
    asked = make("a", "Judge Okafor said she did not say when she would rule on the Harbour-Lines merger.",
                 source="Harbour Times", published="2025-03-01")
    asked[0]["title"] = "Regulator urges judge to halt Harbour-Lines merger"
    title = "Judge Blocks Harbour-Lines Merger"
    ruled = make("b", f"{title}\n\nThe order halts what would be the largest ferry merger in years.",
                 source="Coast Post", published="2025-05-06")
    ruled[0]["title"] = title
    ruled = (ruled[0], ruled[1][1:])  # as a story's sentences are: the headline row left out
    (question,) = find_open_questions(*story(asked, ruled))
    assert [a.quote for a in question.answered_by] == [title]


@pytest.mark.parametrize("sentence, expected", [
    # Before: a venue named beside the date hid the cue ("no date nor place had been announced").
    ("As of late Sunday, no date nor place had been announced for the next round of quota talks.",
     ["When will the next round of quota talks take place?"]),
    ("No date or venue has been set for the next meeting of the two carriers.",
     ["When will the next meeting of the two carriers take place?"]),
])
def test_a_date_not_set_with_its_venue_is_still_a_date_not_set(sentence, expected):
    assert [c.question for c in cue_questions(sentence)] == expected


@pytest.mark.parametrize("sentence, expected", [
    # A step the text says is still to come: a vote, an approval, details to settle.
    ("The provisional pay deal still has to be ratified by the ferry crews, and a no vote would restart the strike.",
     ["Will the provisional pay deal be ratified by the ferry crews?"]),
    ("Any fare rise would have to be approved by the harbour board as part of next year's budget.",
     ["Will any fare rise be approved by the harbour board as part of next year's budget?"]),
    ("The finer details of the timetable still need to be worked out, a council spokeswoman said.",
     ["Will the finer details of the timetable be worked out?"]),
    ("The berth swap must still be signed off by regulators in Leith.",
     ["Will the berth swap be signed off by regulators in Leith?"]),
    ("The old pier must be rebuilt after the storm.", []),  # a need, not a decision still to come
    # An issue the reporter calls unresolved, in noun form.
    ("Beyond pay, night-shift staffing remains a critical unresolved issue for the dockers.",
     ["How will night-shift staffing be resolved?"]),
    ("The pension top-up is still a key sticking point, both sides said.",
     ["How will the pension top-up be resolved?"]),
    # A clause that shares the subject of the clause before it: the subject, not the conjunction.
    ("And, to be fair, Norway isn't happy with the quota either, though has yet to lodge any formal objection.",
     ["Will Norway lodge any formal objection?"]),
])
def test_a_step_still_to_come_and_an_issue_left_unresolved(sentence, expected):
    assert [c.question for c in cue_questions(sentence)] == expected


def test_a_step_still_to_come_after_there_are_asks_about_the_things_themselves():
    quote = '"We have come a long way. However, there are key clauses still need to be settled."'
    assert [c.question for c in cue_questions(quote)] == ["Will key clauses be settled?"]


@pytest.mark.parametrize("sentence, expected", [
    # A comma between two adjectives lists the noun's qualities: the clause goes on.
    ("Delegates are deadlocked over whether the pact should cap catches and set firm, legally binding quotas for "
     "trawlers.",
     ["Should the pact cap catches and set firm, legally binding quotas for trawlers?"]),
    ("It is unclear whether the ministry will impose new, stricter, binding limits on night fishing.",
     ["Will the ministry impose new, stricter, binding limits on night fishing?"]),
    # A comma before a participle phrase or an attribution still ends the clause.
    ("It is unclear whether the crews will be paid, leaving the ferries idle.", ["Will the crews be paid?"]),
    ("It is not clear whether the board will approve the plan, officials said.", ["Will the board approve the plan?"]),
])
def test_a_whether_clause_runs_past_a_comma_between_adjectives(sentence, expected):
    assert [c.question for c in cue_questions(sentence)] == expected


@pytest.mark.parametrize("sentence, expected", [
    # Talks that are stuck: whether they end in an agreement is open.
    ("Despite the new offer, the guild has not signalled any acceptance, and negotiations remain at a standstill.",
     ["Will an agreement be reached?"]),
    ("Rows over night shifts and crewing levels have brought bargaining to a standstill.",
     ["Will an agreement be reached?"]),
    ('The guild said the ferry operators and the mediator had met that day but there "was no meaningful movement '
     'to report."', ["Will an agreement be reached?"]),
    ("Crews had earlier rejected a 12% offer, setting the stage for the current labour deadlock.",
     ["Will an agreement be reached?"]),
    # Stuck once, settled since: no question.
    ("The talks that stalled in May resumed on Monday and a deal was reached.", []),
])
def test_talks_reported_stuck_ask_whether_an_agreement_will_be_reached(sentence, expected):
    assert [c.question for c in cue_questions(sentence)] == expected


def test_stalled_talks_are_settled_by_a_newer_lead_reporting_an_agreement_in_other_words():
    stuck = make("a", "Ferry guild readies walkout\n\nThe guild has not signalled any acceptance, and negotiations "
                      "remain at a standstill.", source="Harbour Times", published="2025-03-01")
    stuck[0]["title"] = "Ferry guild readies walkout"
    title = "Crews back at sea with a pay deal"
    ended = make("b", f"{title}\n\nThe ferry stoppage that stranded islanders for a week has ended with the crews and "
                      "the operators striking a \u201ctentative agreement\u201d on Thursday.",
                 source="Coast Post", published="2025-03-08")
    ended[0]["title"] = title
    (question,) = find_open_questions(*story(stuck, ended))
    assert question.question == "Will an agreement be reached?"
    assert question.answered_by and "tentative agreement" in question.answered_by[0].quote


@pytest.mark.parametrize("sentence, expected", [
    # An outcome still sought.
    ("Harbour Lines is still working to resolve objections to the takeover from the Scottish competition board.",
     ["Will Harbour Lines resolve objections to the takeover from the Scottish competition board?"]),
    ("The operator is working to expand its fleet.", []),  # plans, not an outcome in doubt
    # A step others press for.
    ("Tuesday's ruling clears the way for the merger, and puts pressure on the port authority to drop its appeal.",
     ["Will the port authority drop its appeal?"]),
    # Talks far from an agreement.
    ("The board stands by its veto, and negotiations between the operator and the board are still at an early "
     "stage.", ["Will an agreement be reached?"]),
])
def test_an_outcome_still_sought_or_pressed_for_is_asked(sentence, expected):
    assert [c.question for c in cue_questions(sentence)] == expected


@pytest.mark.parametrize("sentence, expected", [
    # The sides differ on whether something must be done: whether it should be is the open point.
    ("Delegates also remained far apart on the need to phase out some of the bait chemicals used in trawling, as "
     "well as who should pay for the new patrol boats.",
     ["Should some of the bait chemicals used in trawling be phased out?", "Who should pay for the new patrol boats?"]),
    ("The two sides remain deadlocked on the need to cap night crossings at the Leith terminal.",
     ["Should night crossings at the Leith terminal be capped?"]),
    ("The sides remained at odds over the pace of cuts to ferry subsidies.", []),  # a noun: which way, unsaid
])
def test_a_dispute_over_the_need_to_do_something_asks_whether_it_should_be_done(sentence, expected):
    assert [c.question for c in cue_questions(sentence)] == expected


def test_two_points_the_sides_differ_on_stay_two_questions_though_they_share_the_topic_words():
    one = make("a", "Quota talks end without a deal\n\nThey are at an impasse over whether the pact should cut the "
                    "total catch in the North Atlantic and put global, legally binding limits on toxic chemicals "
                    "used to make bait.", source="Harbour Times", published="2025-03-01")
    two = make("b", "No deal at quota talks\n\nDelegates also remained far apart on the need to phase out some of the "
                    "harmful chemicals used in bait.", source="Coast Post", published="2025-03-02")
    questions = [q.question for q in find_open_questions(*story(one, two))]
    assert "Should some of the harmful chemicals used in bait be phased out?" in questions
    assert any(q.startswith("Should the pact cut the total catch") for q in questions)
