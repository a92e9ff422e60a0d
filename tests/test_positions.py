"""Positions (summarizer.briefing.positions): the example drop folder against examples/README.md, and news copy written here."""

from __future__ import annotations

import pytest

from bot.readers import read_document
from summarizer.briefing.positions import find_positions
from summarizer.text.clean import clean_text
from summarizer.text.sentences import split_sentences
from tests.conftest import EXAMPLES

HW = "harbour-wire-kyiv-welcomes-50-day-deadline.txt"
CL = "continental-ledger-zelenskyy-hails-us-ultimatum.txt"
PESKOV = ("\u201cA meeting of the leaders can only take place at the end, to put the final signatures on an "
          "agreement, not at the beginning,\u201d")


def make_doc(doc_id: str, text: str, *, source: str | None = None, published: str | None = None,
             duplicate_of: str | None = None) -> dict:
    return {"id": doc_id, "text": text, "source": source or doc_id, "title": None, "published": published,
            "duplicate_of": duplicate_of}


def rows(doc: dict) -> list[dict]:
    return [{"document_id": doc["id"], "idx": i, "start": s, "end": e, "text": t}
            for i, (s, e, t) in enumerate(split_sentences(doc["text"]))]


def run(docs: list[dict], **kw):
    return find_positions(docs, [r for d in docs for r in rows(d)], **kw)


def by_actor(positions) -> dict:
    return {p.actor: p for p in positions}


def assert_verbatim(positions, docs) -> None:
    texts = {d["id"]: d["text"] for d in docs}
    for p in positions:
        assert p.citations, p.actor
        for c in p.citations:
            assert texts[c.document_id][c.start:c.end] == c.quote
        quotes = " ".join(c.quote for c in p.citations)
        for demand in p.demands:  # every demand is taken from the cited text
            assert demand in quotes, (p.actor, demand)


# -- the example story -------------------------------------------------------------------------------

def _example_doc(path) -> dict:
    data = path.read_bytes()
    if path.suffix in (".txt", ".md"):
        text = data.decode("cp1252" if path.name.startswith("meridian-report") else "utf-8")
        cleaned = clean_text(text, markdown=path.suffix == ".md")
    else:
        raw = read_document(path, data)
        cleaned = clean_text(raw.text, title=None if raw.extracted else raw.title)
    return make_doc(path.name, cleaned.text, source=path.name.split("-")[0])


@pytest.fixture(scope="module")
def example():
    docs = [_example_doc(p) for p in sorted(EXAMPLES.iterdir()) if p.suffix in (".txt", ".md", ".html", ".eml")]
    for d in docs:
        if d["id"] == CL:
            d["duplicate_of"] = HW  # the republished wire story (examples/README.md, Near-duplicates)
    return docs, find_positions(docs, [r for d in docs for r in rows(d)])


def test_example_russia_summit_line_counts_four_outlets(example):
    docs, positions = example
    russia = by_actor(positions)["Russia"]
    assert russia.sources == 4  # NBD, MR, AMP, BSD; the NR paraphrase does not count
    assert any(PESKOV in c.quote for c in russia.citations)
    assert russia.stance.startswith("Russia: ") and "only take place at the end" in russia.stance
    assert {"Peskov", "Dmitry Peskov", "the Kremlin", "Moscow"} <= set(russia.aliases)


def test_example_ukraine_demands_ceasefire_and_a_leaders_meeting_by_end_of_august(example):
    _, positions = example
    ukraine = by_actor(positions)["Ukraine"]
    assert any("unconditional ceasefire" in d for d in ukraine.demands)
    assert any("meeting of the" in d and "by the end of August" in d for d in ukraine.demands)
    assert {"Zelensky", "Zelenskyy"} <= set(ukraine.aliases)
    assert ukraine.sources >= 3


def test_example_united_states_50_day_deadline(example):
    _, positions = example
    us = by_actor(positions)["United States"]
    assert us.sources == 3  # HW (with its copy CL), AMP, NR carry the Trump quote
    assert "50 days" in us.stance
    assert any("50-day deadline" in d for d in us.demands)
    assert "the White House" in us.aliases or "White House" in us.aliases


def test_example_actors_ranked_and_limited(example):
    docs, positions = example
    names = [p.actor for p in positions]
    assert len(names) <= 6 and {"Russia", "Ukraine", "United States", "Turkey", "European Union"} <= set(names)
    assert names.index("Turkey") > names.index("United States")
    assert [p.sources for p in positions] == sorted((p.sources for p in positions), reverse=True)
    assert len(find_positions(docs, [r for d in docs for r in rows(d)], limit=2)) == 2


def test_example_citations_are_verbatim(example):
    docs, positions = example
    assert_verbatim(positions, docs)
    for p in positions:
        assert len(p.citations) <= 3


# -- news copy written for these tests -------------------------------------------------------------------

def test_a_drone_attack_is_not_a_position():
    doc = make_doc("a", "Russia launched an overnight attack with 312 drones and 19 missiles on Ukrainian cities. "
                        "Debris fell on a school in Kharkiv, and three people were injured.\n\n"
                        "Air defence units shot down most of the drones over the Odesa region.")
    assert run([doc]) == []


def test_condemning_or_praising_is_a_position():
    # Reactions to an attack are stances, said or not: "condemned", "deplored", "praised".
    doc = make_doc("c", "The Security Council condemned the attack on the ferry terminal on Thursday and called on "
                        "all states to cooperate with the inquiry.\n\n"
                        "The Cypriot government deplored the attack as a senseless crime.\n\n"
                        "Iran praised the rescue crews at the terminal.")
    found = by_actor(run([doc]))
    assert {"Security Council", "Cyprus", "Iran"} <= set(found)
    assert "condemned the attack on the ferry terminal" in found["Security Council"].stance
    assert "deplored the attack" in found["Cyprus"].stance
    assert_verbatim(found.values(), [doc])


def test_every_speech_or_stance_verb_gets_its_sentence_parsed():
    # Only sentences the cheap filter lets through are parsed: a verb the parser knows but the filter does
    # not ("condemned", "noted") was a position never found.
    from summarizer.facts.speech import REPORT_OR_STANCE
    from summarizer.facts.statements import CANDIDATE

    def forms(verb: str) -> list[str]:
        return [verb, verb + "s", verb + "ed", verb + "d", verb + " for", verb + "s for", verb + "ed for"]
    missed = [v for v in sorted(REPORT_OR_STANCE) if not any(CANDIDATE.search(f"They {f} it.") for f in forms(v))]
    assert missed == []


def test_both_sides_of_one_sentence_keep_their_own_actors():
    doc = make_doc("b", "ISTANBUL \u2014 Ukraine again demanded an immediate and unconditional ceasefire, "
                        "which the Russian side rejected.")
    found = by_actor(run([doc]))
    assert set(found) == {"Ukraine", "Russia"}
    assert any("unconditional ceasefire" in d for d in found["Ukraine"].demands)
    assert not any("ceasefire" in d for d in found["Russia"].demands)
    assert "rejected an immediate and unconditional ceasefire" in found["Russia"].stance.casefold()
    assert "ceasefire" in found["Ukraine"].stance


def test_near_duplicates_collapse_and_a_repeated_quote_counts_once():
    quote = "\u201cWe will not sign anything that gives us less than 30 percent of the quota,\u201d"
    original = make_doc("orig", f"{quote} Norway\u2019s fisheries minister Kari Lund told reporters on Monday.\n\n"
                                f"Lund repeated it later. {quote} she said.", source="Harbour Times",
                        published="2025-07-28")
    copy = make_doc("copy", f"{quote} Norway\u2019s fisheries minister Kari Lund told reporters on Monday, "
                            "according to Harbour Times.", source="Coast Post", published="2025-07-29",
                    duplicate_of="orig")
    other = make_doc("other", f"OSLO \u2014 {quote} Lund said at the harbour.", source="Nordic Wire",
                     published="2025-07-29")
    norway = by_actor(run([original, copy, other]))["Norway"]
    assert norway.sources == 2  # Harbour Times (with its copy) and Nordic Wire
    assert "Kari Lund" in norway.aliases
    assert_verbatim([norway], [original, copy, other])


def test_a_pronoun_speaks_for_the_last_named_speaker():
    doc = make_doc("c", "Kremlin spokesman Dmitry Peskov brushed off the deadline on Tuesday. "
                        "Ukrainian President Volodymyr Zelensky was in Berlin.\n\n"
                        "Peskov also dismissed the new sanctions. \u201cNobody will dictate terms to us, "
                        "and we will not accept a ceasefire on these conditions,\u201d he said.")
    found = by_actor(run([doc]))
    assert list(found) == ["Russia"]
    assert found["Russia"].citations[0].quote.endswith("he said.")
    assert any("will not accept a ceasefire" in d for d in found["Russia"].demands)


def test_a_config_alias_names_a_new_actor():
    doc = make_doc("d", "The Faroese government said on Friday that it would not join the deal. "
                        "\u201cWe need a fair share of the stock, not a token quota,\u201d Torshavn said in a "
                        "statement.")
    assert "Faroe Islands" not in by_actor(run([doc]))
    found = by_actor(run([doc], aliases={"Faroe Islands": ["Torshavn", "Faroese"]}))
    assert found["Faroe Islands"].aliases
    assert any("a fair share of the stock" in d for d in found["Faroe Islands"].demands)


def test_statement_grouping_matches_the_all_pairs_rule():
    """The indexed grouping joins exactly what comparing every pair of statements would join."""
    import random

    from summarizer.briefing.disjoint import DisjointSet
    from summarizer.briefing.positions import SAME_DEMAND, SAME_QUOTE, _groups, _jaccard
    from summarizer.briefing.stories import content_words
    from summarizer.facts.speech import Statement

    rng = random.Random(7)
    vocab = ["ceasefire", "talks", "sanctions", "prisoners", "tariffs", "grain", "corridor", "summit",
             "leaders", "guarantees", "security", "territory", "withdrawal", "monitoring", "deadline"]
    quotes = [" ".join(rng.sample(vocab, rng.randint(2, 7))) for _ in range(25)]
    demands = [" ".join(rng.sample(vocab, rng.randint(1, 3))) for _ in range(10)]
    statements = [Statement("X", f"d{i}", 0, 1, "", quote=rng.choice(quotes + [""]),
                            demands=rng.sample(demands, rng.randint(0, 2))) for i in range(200)]

    def all_pairs(sts):
        sets = DisjointSet(len(sts))
        w = [content_words(s.quote) if s.quote else set() for s in sts]
        d = [[content_words(x) for x in s.demands] for s in sts]
        for i in range(len(sts)):
            for j in range(i + 1, len(sts)):
                if (len(w[i]) >= 4 and len(w[j]) >= 4 and _jaccard(w[i], w[j]) >= SAME_QUOTE) or \
                        any(_jaccard(a, b) >= SAME_DEMAND for a in d[i] for b in d[j]):
                    sets.union(i, j)
        return sets.groups()

    expected = [[statements[i].document_id for i in g] for g in all_pairs(statements)]
    got = [[s.document_id for s in g] for g in _groups(statements)]
    assert got == expected
    assert 1 < len(got) < len(statements)  # the case is not trivial either way


def test_an_organisation_ner_misses_is_named_by_its_noun_and_calling_a_strike_is_no_demand():
    # spaCy's small model tags nothing in "The FNV Havens union": the noun says it is an organisation,
    # and its negotiator then speaks for it. "Call a strike" threatens one; it is not what the union wants.
    d = make_doc("a", "ROTTERDAM - The FNV Havens union said on Thursday it would call a 48-hour strike at the port "
                      "starting next Monday unless employers improve their pay offer.\n\n"
                      "The union is demanding a 7 percent wage increase over one year. \"Our members will not accept "
                      "a pay cut in real terms,\" union negotiator Niek Stam said.")
    found = by_actor(run([d]))
    assert "FNV Havens" in found
    demands = found["FNV Havens"].demands
    assert any("7 percent wage increase" in x for x in demands)
    assert not any("strike" in x for x in demands)
    assert_verbatim(found.values(), [d])


def test_an_offer_is_not_what_the_actor_wants():
    d = make_doc("a", "The employers' association VRTO has offered 3.5 percent over two years. \"The offer on the table "
                      "is fair,\" VRTO chairman Pieter van Dam said.")
    found = by_actor(run([d]))
    assert any("3.5 percent" in x for x in found["VRTO"].offers)
    assert not any("3.5 percent" in x for x in found["VRTO"].demands)
    assert "Wants 3.5" not in found["VRTO"].stance and "Offers 3.5 percent" in found["VRTO"].stance


@pytest.mark.parametrize("text, quotes", [
    # The sentence starts inside a quotation opened in the sentence before: its first mark closes.
    ('They will not accept a pay cut in real terms," union negotiator Niek Stam said.',
     ["They will not accept a pay cut in real terms,"]),
    ("They will not accept it,\u201d he said.", ["They will not accept it,"]),
    ('Talks are over," he said, adding: "we will strike.', ["Talks are over,", "we will strike."]),
    ('He called the offer "irresponsible" and left.', ["irresponsible"]),
    ('"We will not negotiate," Van Dam told reporters.', ["We will not negotiate,"]),
])
def test_quote_spans(text, quotes):
    from summarizer.facts.speech import quote_spans

    assert [text[a:b] for a, b in quote_spans(text)] == quotes


def test_a_quoted_fragment_is_read_inside_its_sentence_not_alone():
    # Alone, "allows Canada to keep subsidising its lumber industry" would read as what the US wants.
    d = make_doc("a", 'A US trade spokesperson said the United States "remains open to discussions" but would not '
                      'accept any deal that "allows Canada to keep subsidising its lumber industry".')
    found = run([d])
    assert found
    for p in found:
        assert "\u201callows Canada" not in p.stance
        assert "would not accept any deal that \"allows Canada" in p.stance
    assert_verbatim(found, [d])


def test_a_title_word_is_not_an_organisation_and_more_countries_are_known_by_default():
    # spaCy tags "Trade" in "Trade Minister Dominic LeBlanc" as an organisation; "Ottawa" speaks for Canada
    # with no configured alias, and the noun in "the offer on the table" is no demand.
    d = make_doc("a", "OTTAWA - \"We will use every tool at our disposal to defend our industry,\" International Trade "
                      "Minister Dominic LeBlanc told reporters in Ottawa.\n\nOttawa said the offer on the table was "
                      "unacceptable and demanded that the duties be withdrawn.")
    found = by_actor(run([d]))
    assert "Trade" not in found
    assert "Canada" in found
    assert not any("table" in x for x in found["Canada"].demands + found["Canada"].offers)
    assert_verbatim(found.values(), [d])


def test_a_name_in_the_headline_is_still_an_actor_and_the_company_is_the_last_one_speaking():
    # The headline names Apple; only a whole headline taken for a name is ignored, not the names in it.
    d = make_doc("a", "EU fines Apple under Digital Markets Act\n\nBRUSSELS - The European Commission on Wednesday "
                      "fined Apple for breaching the Digital Markets Act.\n\nApple said it would appeal. \"Today's "
                      "announcements are yet another example of the European Commission unfairly targeting Apple,\" "
                      "the company said in a statement.")
    d["title"] = "EU fines Apple under Digital Markets Act"
    found = by_actor(run([d]))
    assert "Apple" in found and "unfairly targeting Apple" in found["Apple"].stance


def test_a_quote_split_by_a_short_sentence_is_not_given_to_the_next_speaker():
    # '"We will appeal.' is too short to be a body sentence; without it the rest of the quote looked opened,
    # ran on to "Meta ... said" and became Meta's words.
    from summarizer.briefing.stories import group_stories

    d = make_doc("a", "Apple will appeal the fine to the EU General Court, a company spokesperson confirmed on Friday."
                      "\n\n\"We will appeal. The decision is bad for the privacy and security of our users,\" the "
                      "spokesperson said.\n\nMeta, which was fined on the same day, said it would also appeal.")
    (story,) = group_stories([d], rows(d))
    found = by_actor(find_positions([d], story.sentences))
    assert "privacy" not in found["Meta"].stance


def test_a_date_before_an_organisation_is_not_its_name():
    # "..., the FNV Havens union said": the learner of "Name, the ... union" must not take Wednesday for the name.
    d = make_doc("a", "The strike will end at 6 a.m. on Wednesday, the FNV Havens union said on Tuesday. "
                      "\"The ball is in their court,\" union negotiator Niek Stam said.")
    d["title"] = "Strike will end Wednesday"
    found = by_actor(run([d]))
    assert "Wednesday" not in found


def test_a_country_that_only_locates_an_association_is_not_its_speaker():
    # Before: "Germany: urged both sides to settle", the association's words given to the country.
    d = make_doc("a", "Germany's car industry association VDA, which has long opposed the tariffs, urged both sides "
                      "to settle before the dispute escalates. Russia's Foreign Ministry rejected the plan.")
    found = by_actor(run([d]))
    assert "Germany" not in found and found["VDA"].stance.startswith("VDA: urged both sides to settle")
    assert found["Russia"].stance == "Russia: rejected the plan."  # a state body still speaks for its state


def test_a_demand_keeps_its_verb_and_says_who_must_do_what():
    # Before: "China: the European Union drop its countervailing duties ..." (what China wants, read as a fact),
    # demands ["the World Trade Organization"], and the participle "warning ..." given to the European Union.
    d = make_doc("a", "China on Tuesday demanded that the European Union drop its countervailing duties on "
                      "Chinese-built electric vehicles, warning it would ask the World Trade Organization to set up a "
                      "dispute panel if Brussels did not respond by Friday. The VDA urged the European Commission to "
                      "conclude a negotiated settlement within 10 days.")
    found = by_actor(run([d]))
    assert set(found) == {"China", "VDA"}
    china = found["China"]
    assert china.stance.startswith("China: demanded that the European Union drop its countervailing duties")
    assert china.demands == ["the European Union drop its countervailing duties on Chinese-built electric vehicles",
                             "the World Trade Organization to set up a dispute panel"]
    assert found["VDA"].demands == ["the European Commission to conclude a negotiated settlement within 10 days"]


def test_a_demand_ends_before_a_quotation_it_opens():
    # Before: 'Wants a deal ".' from 'expects a deal "very soon, maybe next week."'
    d = make_doc("a", "The White House said on Wednesday that President Trump expects a deal \"very soon, maybe next "
                      "week.\"")
    (position,) = run([d])
    assert position.demands == ["a deal"]


def test_insisting_on_a_fact_is_no_demand_but_insisting_that_something_be_done_is():
    # Before: VRTO "Wants the employers' offer of 3.5 percent over two years was final."
    d = make_doc("a", "Canada insists that the duties be lifted. Kyiv insisted that the talks must resume. The VRTO "
                      "insisted that the offer was final. Moscow insisted that talks would resume.")
    found = by_actor(run([d]))
    assert found["Canada"].demands == ["the duties be lifted"] and found["Ukraine"].demands == ["the talks must resume"]
    assert found["VRTO"].demands == [] and found["Russia"].demands == []


def test_a_place_after_the_subject_is_not_who_speaks_unless_the_subject_acts_for_it():
    # Visitors to a city, its residents and traders there do not speak for it; "the government of" does.
    doc = make_doc("p", "Visitors to Lisbon have noted a heavy police presence around the harbour since the blast.\n\n"
                        "Residents of Porto said the ferries stopped running after the blast and demanded answers.\n\n"
                        "Traders in Madrid said the port closure would cost them millions.\n\n"
                        "The government of Portugal said the harbour would reopen on Monday.")
    found = by_actor(run([doc]))
    assert not {"Lisbon", "Porto", "Madrid", "Spain"} & set(found), sorted(found)
    assert "Portugal" in found, sorted(found)
    assert "the harbour would reopen on Monday" in found["Portugal"].stance
    assert_verbatim(found.values(), [doc])


def test_an_office_holder_no_organisation_claims_speaks_for_themself():
    # A domestic fight: the incoming governor, the speaker and a judge take sides of their own. None of them
    # is named with an organisation or a country, and each was dropped before.
    doc = make_doc("w", "Governor-elect Maria Lopez said she would ask the utilities commission to reopen the merger "
                        "case after she is sworn in next month.\n\n"
                        "Assembly Speaker Dan Ortiz said lawmakers would hold hearings on water rates in March and "
                        "demanded that the utilities freeze prices until then.\n\n"
                        "Lopez said the ruling showed that ratepayers had been ignored for years.\n\n"
                        "A resident of the valley, Tom Becker, said his bill had doubled since the spring.\n\n"
                        "The state's attorney general, Ruth Kim, said she would not defend the regulators' decision.")
    found = by_actor(run([doc]))
    assert {"Maria Lopez", "Dan Ortiz", "Ruth Kim"} <= set(found), sorted(found)
    assert "Tom Becker" not in found  # a quoted resident is no side of the fight
    lopez = " ".join(c.quote for c in found["Maria Lopez"].citations)
    assert "reopen the merger case" in lopez and "ratepayers had been ignored" in lopez  # "Lopez" is her too
    assert "hold hearings on water rates" in found["Dan Ortiz"].stance
    assert_verbatim(found.values(), [doc])


def test_a_titled_official_no_one_claims_speaks_for_themself_and_is_found_again_by_surname():
    doc = make_doc("f", "Police Chief Ana Ruiz said investigators had identified a suspect in the warehouse fire and "
                        "urged him to surrender.\n\n"
                        "Defense lawyer Sara Moss said her client denied any involvement.\n\n"
                        "Ruiz said the suspect was believed to have fled the state.")
    found = by_actor(run([doc]))
    assert {"Ana Ruiz", "Sara Moss"} <= set(found), sorted(found)
    assert "fled the state" in " ".join(c.quote for c in found["Ana Ruiz"].citations)


def test_a_country_named_in_the_title_still_wins_over_the_person():
    doc = make_doc("h", "Hungarian Prime Minister Viktor Orban said Hungary would not send troops.\n\n"
                        "Prime Minister Viktor Orban said the alliance must respect national decisions.")
    found = by_actor(run([doc]))
    assert "Hungary" in found and "Viktor Orban" not in found, sorted(found)


def test_asking_others_to_reject_something_is_a_demand_not_a_rejection():
    doc = make_doc("r", "The Sierra Club praised the ruling and called on the commission to reject any new bid.\n\n"
                        "The Water Users Alliance asked the court to block any new bid.\n\n"
                        "Harbor Water rejected the union's counter-proposal and urged regulators to approve its "
                        "rate plan.")
    found = by_actor(run([doc]))
    assert "Rejects" not in found["Sierra Club"].stance, found["Sierra Club"].stance
    assert any("the commission to reject any new bid" in d for d in found["Sierra Club"].demands), found["Sierra Club"]
    assert "the court to block any new bid" in found["Water Users Alliance"].demands, sorted(found)
    assert "rejected the union's counter-proposal" in found["Harbor Water"].stance, found["Harbor Water"].stance
    assert "regulators to approve its rate plan" in found["Harbor Water"].demands
    assert_verbatim(found.values(), [doc])


def test_a_demand_on_a_plural_subject_is_a_demand():
    # "demanded that the utilities freeze prices": the bare verb of a plural subject is tagged as a present one.
    doc = make_doc("d", "Speaker Dan Ortiz said lawmakers would hold hearings in March and demanded that the "
                        "utilities freeze prices until then.\n\n"
                        "The Water Users Alliance insisted that the utilities charge fair prices already.")
    found = by_actor(run([doc]))
    assert "the utilities freeze prices until then" in found["Dan Ortiz"].demands, found["Dan Ortiz"]
    assert found["Water Users Alliance"].demands == []  # "insisted that they charge" asserts, it asks nothing


def test_a_statement_from_an_actor_is_the_actor_speaking():
    doc = make_doc("s", "A statement from the Portuguese foreign ministry said Lisbon would not accept any deal that "
                        "left the harbour under foreign control.\n\n"
                        "A letter from Harbor Water to regulators said the company would appeal the ruling.\n\n"
                        "Visitors from Spain said the harbour was calm.")
    found = by_actor(run([doc]))
    assert {"Portugal", "Harbor Water"} <= set(found) and "Spain" not in found, sorted(found)
    assert "would not accept any deal" in found["Portugal"].stance


def test_where_a_title_holder_spoke_is_not_whom_they_speak_for():
    # "told reporters in Lisbon": the one place the sentence names is where, not for whom (was "Lisbon: ...").
    doc = make_doc("l", "\u201cWe will not be bullied by anyone,\u201d Prime Minister Ana Costa told reporters in Lisbon.")
    assert "Lisbon" not in by_actor(run([doc]))


# -- real copy: datelines, places, less reported countries, who the story is about ------------------------

FLOODS = make_doc("floods", """Malawi asks donors for flood aid

LILONGWE, Feb 3 (Lake Wire) - Malawi's government said on Monday it needed $40 million to rebuild roads washed \
away by the floods.

A spokesman for Zambezi Safaris, a tour company in Blantyre, said bookings had fallen by half. The company said \
it wanted the government to reopen the lake road by March. Zambezi Safaris added that it would refund travellers.
""", source="Lake Wire", published="2026-02-03")
PLEDGE = make_doc("pledge", """Malawi floods: aid pledged

ROME, Feb 5 (Rome Post) - The European Union pledged 10 million euros to Malawi on Wednesday.
""", source="Rome Post", published="2026-02-05")


def test_a_dateline_city_is_not_the_subject_of_the_lead_sentence():
    # Before: "ROME" pledged the money, the parser reading the dateline as the sentence's subject.
    positions = by_actor(run([PLEDGE]))
    assert "European Union" in positions and "ROME" not in positions and "Rome" not in positions


def test_a_company_placed_in_a_city_does_not_speak_for_the_city():
    # Before: "Blantyre" wanted the lake road reopened ("a tour company in Blantyre" only says where it is).
    positions = by_actor(run([FLOODS]))
    assert "Blantyre" not in positions
    assert any("reopen the lake road" in p.stance for p in positions.values())


def test_a_less_reported_country_is_an_actor_even_when_ner_calls_it_a_person():
    # spaCy's small model tags "Malawi" PERSON here; before, Malawi's own statement had no speaker.
    positions = by_actor(run([FLOODS]))
    assert "Malawi" in positions and "$40 million" in positions["Malawi"].stance


def test_a_verb_of_saying_that_reports_nothing_said_is_no_statement():
    # "the language the legislature wrote" (the object of a relative clause) and "to write new language" (an
    # infinitive) say nothing anyone said. Before: "Ohio: wrote for a November amendment" and "Ohio Supreme
    # Court: to write new language" were positions.
    docs = [make_doc("ballot", """Court throws out Ohio ballot wording

COLUMBUS, Ohio, March 19 (Buckeye Wire) - A county judge blocked the ballot language Ohio's Republican-led \
legislature wrote for a November amendment on abortion rights. The Ohio Supreme Court on Wednesday upheld the \
order, giving lawmakers until March 27 to write new language.

Governor Mike DeWine said he would respect the ruling.
""", source="Buckeye Wire", published="2026-03-19")]
    positions = run(docs)
    assert [p.actor for p in positions] in (["Mike DeWine"], ["DeWine"])
    assert all("wrote for" not in p.stance and "to write new language" not in p.stance for p in positions)


def test_a_titled_surname_is_the_person_another_article_names_in_full():
    # Before: "Mike DeWine" and "DeWine" ("Governor DeWine said", titled on his own) were two sides.
    first = make_doc("first", """Governor vows appeal

COLUMBUS, Ohio, March 9 (Buckeye Wire) - Governor Mike DeWine said the state would appeal the ruling. "We believe \
the legislature acted within its authority," DeWine told reporters.
""", source="Buckeye Wire", published="2026-03-09")
    later = make_doc("later", """Court rules on ballot wording

COLUMBUS, Ohio, March 19 (Statehouse Ledger) - Governor DeWine said he was disappointed but would respect the \
ruling.
""", source="Statehouse Ledger", published="2026-03-19")
    positions = run([first, later])
    assert [p.actor for p in positions] == ["Mike DeWine"] and "DeWine" in positions[0].aliases


def test_a_statement_partly_quoted_keeps_its_reported_clause():
    # 'writing for the dissent' says nothing; before, it was Kennedy's whole position, and the clause she said
    # was lost because its verb opens a quoted fragment.
    doc = make_doc("dissent", """High court upholds order

COLUMBUS, Ohio, March 19 (Buckeye Wire) - Chief Justice Sharon Kennedy, writing for the dissent, said the majority \
had "substituted its own judgment for that of the people's elected representatives."
""", source="Buckeye Wire", published="2026-03-19")
    (position,) = run([doc])
    assert position.actor == "Sharon Kennedy" and "writing for the dissent" not in position.stance
    assert "the majority had" in position.stance and "substituted its own judgment" in position.stance


def test_a_spokesperson_no_title_ties_to_a_side_speaks_for_the_side_just_heard_from():
    # Before: "Tina Salama" was a side of her own, beside Congo.
    doc = make_doc("kivu", """Talks on Lake Kivu border collapse

KIGALI, Oct 13 (Great Lakes Monitor) - Rwanda said on Tuesday that any deal must see Congolese troops withdraw \
from the border zone.

Congo's foreign ministry rejected the demands. "Kinshasa will not negotiate under threats," spokeswoman Tina \
Salama said.
""", source="Great Lakes Monitor", published="2026-10-13")
    positions = by_actor(run([doc]))
    assert set(positions) == {"Rwanda", "Congo"}
    assert "will not negotiate under threats" in " ".join(c.quote for c in positions["Congo"].citations)


def test_a_president_elect_and_a_chamber_leader_are_sides_of_their_own():
    # Before: "President-elect Ruth Harlan" spoke for no one (a president's title names a country, and no
    # country was named), so her own statement was lost; "Senate Majority Leader Paul Voss" was "Senate".
    doc = make_doc("ban", """Court upholds ban on shipping app

WASHINGTON, Jan. 10, 2029 (Capitol Wire) - A federal appeals court on Friday upheld a law that bans the shipping \
app Parcelo unless its owner sells it by Jan. 19.

President-elect Ruth Harlan said she would "find a way to keep Parcelo running" once she takes office, and asked \
the court to pause the law until then.

Senate Majority Leader Paul Voss said Congress would not change the law.
""", source="Capitol Wire", published="2029-01-10")
    positions = by_actor(run([doc]))
    assert {"Ruth Harlan", "Paul Voss"} <= set(positions) and "Senate" not in positions
    assert "pause the law" in positions["Ruth Harlan"].stance


def test_one_organisation_written_with_either_apostrophe_is_one_actor():
    # Seen on real port-strike coverage: "Longshoremen’s" in one outlet, "Longshoremen's" in another, and the union
    # had two lines in the briefing.
    a = make_doc("a", "The Harbour Workers’ Union demanded a 20 percent raise over three years, its leader said on "
                      "Monday.", published="2025-09-01")
    b = make_doc("b", "The Harbour Workers' Union rejected the port's latest offer on Tuesday and called for "
                      "new talks.", published="2025-09-02")
    actors = set(by_actor(run([a, b])))
    assert len([x for x in actors if "Harbour Workers" in x]) == 1, actors
    assert_verbatim(run([a, b]), [a, b])


def test_the_president_is_not_the_president_the_quotation_names():
    # Seen on real tariff coverage: "'I look forward to participating in those negotiations, with President
    # Sheinbaum, ...,' the president said" went to Mexico, the side last heard from, though the speaker names
    # Mexico's president as the other party. Such a quotation is nobody's until its speaker is named.
    doc = make_doc("a", "Peruvian President Luis Vargas and Chilean President Ana Ruiz agreed on Monday to pause the "
                        "dispute over fishing rights, and Ruiz said Chile wanted a joint patrol of the border waters.\n\n"
                        "“I look forward to the negotiations with President Ruiz, as we try to reach a deal between "
                        "our two countries,” the president said on Tuesday.", published="2025-09-02")
    found = run([doc])
    assert not [p for p in found if p.actor == "Chile" and "look forward" in p.stance], [(p.actor, p.stance) for p in found]


def test_what_two_sides_said_after_their_clause_is_their_claim():
    # Seen on real port-strike coverage: "They will return to the bargaining table ..., the ILA and USMX said in
    # a joint statement on Thursday." The parser reads "said" as a second verb of the first clause, and the
    # union's position read "said in a joint statement on Thursday".
    doc = make_doc("a", "They will return to the bargaining table to negotiate all other outstanding issues, the "
                        "PDU and the HEA said in a joint statement on "
                        "Thursday.", published="2025-09-02")
    stances = [p.stance for p in run([doc])]
    assert stances and all("return to the bargaining table" in s for s in stances), stances
    assert not any("said in a joint statement" in s for s in stances)


def test_a_name_in_quotation_marks_is_not_a_statement():
    # Seen on real tariff coverage: Canada's position read '"Canada-U.S. Joint Strike Force to combat organized
    # crime, fentanyl and money laundering."', the name of a task force the reporter quoted inside the sentence.
    doc = make_doc("a", "The Chilean government said it would name a fisheries envoy and launch a “Chile-Peru Joint "
                        "Task Force to combat illegal fishing and smuggling.”", published="2025-09-02")
    found = by_actor(run([doc]))
    assert "Chile" in found and "Task Force" not in found["Chile"].stance.split(":")[1][:40]
    assert "name a fisheries envoy" in found["Chile"].stance
    # A statement in quotation marks is still one.
    said = make_doc("b", "“The fishing grounds will stay closed for at least 30 days while we talk,” the Chilean "
                         "government said.", published="2025-09-02")
    assert "stay closed" in by_actor(run([said]))["Chile"].stance


def test_a_judge_is_no_side_of_the_country_the_court_is_in():
    # Seen on real antitrust coverage: "U.S. District Judge Amit Mehta ... is expected to deliver his decision"
    # was the United States' position, in a suit the US government brought. A court decides; it is a side of its
    # own. A justice minister still speaks for the government.
    doc = make_doc("a", "U.S. District Judge Maria Lopez said the regulator had overreached in seeking to break up "
                        "the ferry company.\n\nChile's Justice Minister Pablo Soto said the extradition request "
                        "would be granted.", published="2025-09-02")
    found = by_actor(run([doc]))
    assert "United States" not in found, {a: p.stance for a, p in found.items()}
    assert any("overreached" in p.stance for p in found.values())
    assert "Chile" in found and "extradition" in found["Chile"].stance


def test_a_person_introduced_by_title_keeps_their_words_under_the_surname():
    # Seen on real antitrust coverage: "U.S. District Judge Amit P. Mehta recently ruled ..." was never parsed (no
    # verb of saying), so "'Plaintiffs overreached ...,' Mehta wrote" further down had no one to speak for, and the
    # judge's words were missing from the briefing.
    doc = make_doc("a", "Governor Ann Lee vetoed the harbour bill on Monday.\n\n“The port authority overreached in "
                        "seeking to sell the ferry terminal, which it does not own,” Lee wrote.", published="2025-09-04")
    found = by_actor(run([doc]))
    assert "Ann Lee" in found and "overreached" in found["Ann Lee"].stance, {a: p.stance for a, p in found.items()}


# -- actors at the right grain and what they ask for, on copy written here (issue 16) ----------------------

def test_a_reported_must_and_a_wanted_infinitive_are_demands_and_ready_to_is_an_offer():
    # Before: "reiterated that Iceland must cut ..." and "seeks to keep ..." named no demand (only "demanded
    # that" and a wanted noun did), and "ready to share" offered nothing.
    doc = make_doc("herring", """Herring talks stall

OSLO, March 3, 2031 (Fjord Wire) - Norway's fisheries minister reiterated that Iceland must cut its herring \
catch by a third before any deal.

Iceland's foreign ministry said it seeks to keep its quota at 2029 levels.

"We are ready to share our new survey data with every coastal state," Iceland's chief negotiator said.
""", source="Fjord Wire", published="2031-03-03")
    positions = by_actor(run([doc]))
    assert "Iceland must cut its herring catch by a third before any deal" in positions["Norway"].demands
    assert "to keep its quota at 2029 levels" in positions["Iceland"].demands
    assert "to share our new survey data with every coastal state" in positions["Iceland"].offers
    assert_verbatim(positions.values(), [doc])


def test_a_legislator_speaks_for_themself_not_for_the_country_in_their_title():
    # Before: "U.S. Rep. Dana Whitfield" was the United States ("U.S." in the title outranked the person).
    doc = make_doc("maps", """Ohio map fight reaches Congress

COLUMBUS, Ohio, May 2, 2031 (Lake Wire) - "These districts were drawn to silence the cities," U.S. Rep. Dana \
Whitfield, D-Ohio, said in a statement.

Secretary of State Paul Brandt said the maps would stand.
""", source="Lake Wire", published="2031-05-02")
    positions = by_actor(run([doc]))
    assert "Dana Whitfield" in positions and "United States" not in positions


def test_who_in_a_relative_clause_is_the_person_it_stands_for():
    # Before: "Gov. Leah Marsh, who has condemned the plan" had "who" for subject, and no position.
    doc = make_doc("water", """Water bill splits the capitol

SALEM, Ore., June 9, 2031 (Valley Post) - Lawmakers will vote Monday on the river diversion bill, which would \
move water from farms to three growing cities.

The bill drew fire from Gov. Leah Marsh, who has condemned the plan as a giveaway to developers.
""", source="Valley Post", published="2031-06-09")
    positions = by_actor(run([doc]))
    assert "Leah Marsh" in positions
    assert "condemned the plan" in positions["Leah Marsh"].stance


def test_the_government_never_takes_up_a_union_and_an_acronym_is_its_spelled_out_name():
    # Before: "The federal government said ..." right after the union's president spoke was the union's own
    # statement, and "the Harbour Workers Federation (HWF)" and "HWF" were two sides, "HWF Local 12" a third.
    a = make_doc("port-a", """Dockers walk out at Halden port

HALDEN, Aug. 4, 2031 (Coast Daily) - Dockers represented by the Harbour Workers Federation (HWF) walked out \
on Monday.

"We will stay out until every hour on the quay is paid," HWF president Maren Solli said.

The federal government said it would order binding arbitration to protect the economy.
""", source="Coast Daily", published="2031-08-04")
    b = make_doc("port-b", """Port strike enters second day

HALDEN, Aug. 5, 2031 (Quay Report) - The HWF demanded pay for standby hours at the terminal.

HWF Local 12 said its members rejected the arbitration order.
""", source="Quay Report", published="2031-08-05")
    positions = by_actor(run([a, b], limit=10))
    assert "Harbour Workers Federation" in positions
    assert not {"HWF", "HWF Local 12"} & set(positions)
    union = positions["Harbour Workers Federation"]
    assert not any("arbitration to protect the economy" in c.quote for c in union.citations)


def test_a_name_most_articles_call_an_organisation_is_one_though_one_tags_it_a_person():
    # Before: NER tagging "Nordair" a person in one article ("president of the HWF's Nordair unit", a title
    # naming the union) made every "Nordair" of the story a person speaking for the union, and the airline's
    # own statements were the union's. A surname one article tags an organisation stays the titled person.
    from collections import Counter

    from summarizer.briefing.positions import story_table
    from summarizer.facts.actors import ORG_REF, PERSON_REF, resolve_ref
    from summarizer.facts.statements import Speech

    docs = [make_doc(f"air-{i}", "text") for i in range(5)]
    speech = {"air-0": Speech([], {"Nordair": Counter({"HWF": 2.0})}, [["org", "HWF"]]),
              "air-1": Speech([], {}, [["org", "Nordair"]]),
              "air-2": Speech([], {}, [["org", "Nordair"]]),
              "air-3": Speech([], {"Per Lunde": Counter({"HWF": 2.0})}, []),
              "air-4": Speech([], {}, [["org", "Lunde"]])}
    table = story_table(docs, speech)
    assert resolve_ref(PERSON_REF + "Nordair", table)[0] == "Nordair"
    assert resolve_ref(ORG_REF + "Nordair", table)[0] == "Nordair"
    assert resolve_ref(ORG_REF + "Lunde", table)[0] == "HWF"


def test_party_members_named_after_their_chamber_are_not_the_chamber_and_brackets_are_no_part_of_a_name():
    # Before: "Ohio Senate Republicans said" was the Senate's statement, and "Governor [Ruth] Kaye" a person
    # apart from "Gov. Ruth Kaye".
    doc = make_doc("budget", """Budget standoff in Ohio

COLUMBUS, Ohio, April 2, 2031 (Lake Wire) - Ohio Senate Republicans said in a statement that they would block \
the school funding formula.

Gov. Ruth Kaye warned that she would veto any budget without the formula.

"Governor [Ruth] Kaye has made her choice," the caucus said later.

Kaye said the formula is not up for negotiation.
""", source="Lake Wire", published="2031-04-02")
    positions = by_actor(run([doc], limit=10))
    assert any(a.endswith("Senate Republicans") for a in positions)
    assert not {"Ohio Senate", "Senate", "Ohio"} & set(positions)
    assert "Ruth Kaye" in positions and "Kaye" not in positions


def test_a_piece_of_a_headline_is_no_actor_and_a_board_that_orders_wants_it_done():
    # Before: NER cut "Harbour Board Threatens Fines Against Striking" out of a title-case headline and made it
    # an actor, and "the labour board ordered ..." was no statement ("ordered" was no stance verb).
    doc = make_doc("port-c", """Harbour Board Threatens Fines Against Striking Dockers In Halden

HALDEN, Aug. 6, 2031 (Quay Report) - The Halden Labour Relations Board ordered the dockers and the port \
operator to resume work by Friday noon.

"We will not go back without pay for standby hours," union president Maren Solli said.
""", source="Quay Report", published="2031-08-06")
    doc["title"] = "Harbour Board Threatens Fines Against Striking Dockers In Halden"
    positions = by_actor(run([doc], limit=10))
    assert not any("Threatens" in a for a in positions)
    board = positions["Halden Labour Relations Board"]
    assert "the dockers and the port operator to resume work by Friday noon" in board.demands


def test_in_a_domestic_story_the_president_is_a_side_of_their_own():
    # Before: "President Donald Trump said ..." in a fight over a state's map was "United States": the default
    # table makes a president his country's voice, right only where other countries speak too.
    home = make_doc("map-a", """Map fight goes national

AUSTIN, Texas, Aug. 6, 2031 (Lone Star Wire) - President Donald Trump said the new map must pass this week.

State Rep. Ana Ruiz, who chairs the minority caucus, said her members would stay away until the session ends.

Gov. Dale Pruitt said he would call a second special session if the map failed.

White House spokeswoman Lena Ortiz said the administration would not wait for the courts.
""", source="Lone Star Wire", published="2031-08-06")
    positions = by_actor(run([home], limit=10))
    assert "Donald Trump" in positions and "Lena Ortiz" not in positions
    # a spokesperson the title ties to the White House is still its voice, not a side of her own
    assert [c.quote for c in positions["United States"].citations] == [
        "White House spokeswoman Lena Ortiz said the administration would not wait for the courts."]
    abroad = make_doc("tariff-a", """Tariff talks

GENEVA, Aug. 6, 2031 (Lake Wire) - President Donald Trump said Canada must drop its dairy quotas this week.

Canada's trade minister said Ottawa would never accept the demand.
""", source="Lake Wire", published="2031-08-06")
    positions = by_actor(run([abroad], limit=10))
    assert {"United States", "Canada"} <= set(positions) and "Donald Trump" not in positions


def test_he_or_she_never_stands_for_an_organisation_ner_took_for_a_person():
    # Before: a sentence naming "Air Canada" (tagged a person) and no statement made it the last person, and
    # "she said" in the next sentence was the airline's.
    from summarizer.facts.actors import PERSON_REF
    from summarizer.facts.speech import Context, replay_passage

    def resolve(ref):
        return ("Nordair", False) if ref == PERSON_REF + "Nordair" else (None, None)

    ctx = Context(last_person=("Kari Lind", "Norway"))
    record = {"verbs": [], "quote": "", "continues": False, "list": None, "quote_adds": [], "list_adds": [],
              "person": [PERSON_REF + "Nordair", "Nordair"], "mentions": []}
    assert replay_passage(record, resolve, frozenset(), ctx, document_id="d", start=0, end=10, first_idx=0,
                          last_idx=0) == []
    assert ctx.last_person == ("Kari Lind", "Norway")


def test_a_headline_fragment_is_no_person_and_a_government_body_named_with_its_leader_is_the_state():
    # Before: NER tagged "Backs Nordvik" of the headline "Judge Backs Nordvik in Suit" a person, and every bare
    # "Nordvik" (the university) became his surname; "the Trump Administration" was an organisation of its own
    # beside the United States. "Air Canada" is a company still, though it holds an alias of Canada.
    from collections import Counter

    from summarizer.briefing.positions import story_table
    from summarizer.facts.actors import ORG_REF, resolve_ref
    from summarizer.facts.statements import Speech

    a = make_doc("grant-a", "Judge Backs Nordvik in Suit\n\nNordvik lawyers said the freeze was illegal.\n")
    a["title"] = "Judge Backs Nordvik in Suit"
    b = make_doc("grant-b", "Grant freeze\n\nNordvik said it would appeal.\n")
    speech = {"grant-a": Speech([], {"Backs Nordvik": Counter({"Backs Nordvik": 0.3})}, [["org", "Nordvik"]]),
              "grant-b": Speech([], {}, [["org", "Nordvik"]])}
    table = story_table([a, b], speech)
    assert resolve_ref(ORG_REF + "Nordvik", table)[0] == "Nordvik"
    assert resolve_ref(ORG_REF + "Trump Administration", table)[0] == "United States"
    assert resolve_ref(ORG_REF + "Air Canada", table)[0] == "Air Canada"


def test_neither_nor_wants_nothing():
    # Before: "neither goal should nor needs to be sacrificed" was a demand "to be sacrificed ...".
    doc = make_doc("court", "Judge Mara Voss wrote that the school must protect its students, and that neither goal "
                            "should nor needs to be given up for the other.")
    positions = by_actor(run([doc]))
    assert not any("given up" in d for p in positions.values() for d in p.demands)


def test_a_person_nothing_ties_to_a_side_speaks_for_themself_and_ranks_below_the_sides():
    # Before: an untitled person's statements were dropped ("Lazlo Varga said ..." in a custody fight had no
    # speaker), so the story lost one of its sides. A commentator still speaks for no one, and someone quoted
    # once comes after the sides heard from as many outlets.
    doc = make_doc("custody", """Custody fight over a boy reaches the courts

SPRINGFIELD, Ill., Feb. 2, 2031 (Prairie Wire) - The state's child welfare agency said on Monday that the boy \
must return to his mother by March 1.

Lazlo Varga, the boy's great-uncle, said the family would appeal to the state supreme court.

Varga demanded a hearing before any transfer.

Hanna Kiss, a professor of family law at the state university, said the appeal had little chance.

Erno Toth said the boy seemed happy at school.

Governor Zoltan Ziegler said he would not intervene.
""", source="Prairie Wire", published="2031-02-02")
    positions = run([doc], limit=10)
    found = by_actor(positions)
    assert "Lazlo Varga" in found and "Hanna Kiss" not in found
    assert "a hearing before any transfer" in found["Lazlo Varga"].demands
    order = [p.actor for p in positions]
    assert order.index("Zoltan Ziegler") < order.index("Erno Toth")  # a side first, then a passer-by


def test_and_inside_a_title_keeps_the_title_whole():
    # Before: the title of "Deputy Foreign Minister for Legal and International Affairs Kari Lind" stopped at
    # "and", so no title was seen and she became a side of her own instead of Norway's voice.
    doc = make_doc("quota", "Deputy Foreign Minister for Legal and International Affairs Kari Lind says the smaller "
                            "herring quota is unacceptable to Norway.")
    found = by_actor(run([doc]))
    assert "Norway" in found and "Kari Lind" not in found


def test_between_countries_an_untitled_voice_or_an_unnamed_countrys_minister_is_no_side():
    # A person nothing ties to a side is one of their own only where no two countries speak: between Norway
    # and Iceland, "Maria Jensen said" is an unnamed official, and "Deputy Foreign Minister Sven Dahl" a country's
    # voice the copy does not name, never a side.
    doc = make_doc("herring-b", """Herring quota talks

OSLO, March 5, 2031 (Fjord Wire) - Norway demanded that Iceland cut its catch by a third.

Iceland rejected the demand on Tuesday.

Maria Jensen said the talks would resume in April.

Deputy Foreign Minister Sven Dahl warned that the talks could collapse.
""", source="Fjord Wire", published="2031-03-05")
    found = by_actor(run([doc], limit=10))
    assert {"Norway", "Iceland"} <= set(found) and not {"Maria Jensen", "Sven Dahl"} & set(found)


def test_an_acronym_in_one_article_is_the_organisation_another_spells_out():
    # Before: "The CFWA rejected ..." in the second article was an actor apart from the association the first
    # article names in full, with no bracketed "(CFWA)" anywhere to tie them.
    a = make_doc("a", "The Coastal Ferry Workers Association said on Monday its members would stay off the job "
                      "until the operators raise wages by 20 percent.\n\n"
                      "The Harbour Operators Group said the demand would bankrupt smaller lines.",
                 published="2025-03-03")
    b = make_doc("b", "The CFWA rejected a fresh offer of 8 percent on Sunday.\n\n"
                      "The HOG said it would not improve its offer.", published="2025-03-10")
    found = by_actor(run([a, b]))
    assert "CFWA" not in found and "HOG" not in found
    assert any("CFWA" in c.quote for c in found["Coastal Ferry Workers Association"].citations)
    assert any("HOG" in c.quote for c in found["Harbour Operators Group"].citations)


def test_a_middle_initial_does_not_make_a_second_person():
    # Before: "Judge Amira P. Solberg" and "Judge Amira Solberg" were two positions.
    a = make_doc("a", "Judge Amira P. Solberg said she would hear arguments on Thursday on the operators' request "
                      "for an injunction.", published="2025-03-03")
    b = make_doc("b", "Judge Amira Solberg said the operators had not shown that the strike threatened public "
                      "safety.", published="2025-03-10")
    found = by_actor(run([a, b]))
    assert list(found) == ["Amira Solberg"]
    assert len(found["Amira Solberg"].citations) == 2


def test_each_side_named_in_a_coordinated_subject_holds_the_position():
    # Before: only the first of "Norway, Iceland and the Faroe Islands" rejected the split; the others had no
    # position at all. A newspaper known by two names ("Uhuru, or Freedom") is still one speaker.
    d = make_doc("a", "Norway, Iceland and the Faroe Islands rejected the proposed quota split on Monday, arguing "
                      "it ignored where the fish now swim.\n\n"
                      "The European Union and Britain urged the coastal states to return to the table.")
    found = by_actor(run([d], limit=10))
    for side in ("Norway", "Iceland", "Faroe Islands"):
        assert "rejected the proposed quota split" in found[side].stance
    assert "urged the coastal states" in found["United Kingdom"].stance
    assert_verbatim(found.values(), [d])
    paper = make_doc("b", "Border guards escorted the trader to the airport and put him on a flight to an undisclosed "
                          "destination, said Mwangaza, or Light, a Swahili newspaper owned by the ruling party.")
    assert len(run([paper], limit=10)) <= 1


@pytest.mark.parametrize("sentence, actor, stance", [
    # Before: "called" counted only as "called for"/"called on ... to": what a side calls a thing was no position.
    ('In a statement, Tidewater Lines called the allegations in the lawsuit "baseless and without merit."',
     "Tidewater Lines", 'Tidewater Lines: called the allegations in the lawsuit "baseless and without merit."'),
    ("The Coastal Ferry Workers Association called the offer an insult.", "Coastal Ferry Workers Association",
     "Coastal Ferry Workers Association: called the offer an insult."),
])
def test_what_a_side_calls_a_thing_is_its_position(sentence, actor, stance):
    found = by_actor(run([make_doc("a", sentence)]))
    assert found[actor].stance == stance
    assert not found[actor].demands


def test_naming_someone_is_no_position():
    assert run([make_doc("a", "The Harbour Operators Group called him Bob.")]) == []


def test_one_judge_spelled_three_ways_is_one_side_and_namesakes_stay_apart():
    docs = [
        make_doc("a", "Judge Rosalind Marie Okafor on Tuesday denied the port authority's request to halt the ferry "
                      "merger.\n\nJudge Okafor wrote: \"The authority has not shown that this merger may substantially "
                      "lessen competition on the crossing.\"", source="Harbour Times", published="2025-03-04"),
        make_doc("b", "Judge Rosalind Marie Okafor denied the injunction on Tuesday and rejected the authority's "
                      "reasoning.", source="Coast Post", published="2025-03-05"),
        make_doc("c", "Judge Rosalynd Marie Okafor denied the injunction, saying the authority's case was weak.",
                 source="Quay Daily", published="2025-03-05"),
        make_doc("d", "Union organiser Lena Brandt said the merger would cost jobs.\n\nShipping analyst Otto Brandt "
                      "said the merger would lower fares.", source="Dock Wire", published="2025-03-05"),
    ]
    positions = by_actor(run(docs, limit=10))
    judges = [a for a in positions if "Okafor" in a]
    assert judges == ["Rosalind Marie Okafor"]
    assert set(positions["Rosalind Marie Okafor"].aliases) == {"Rosalind Marie Okafor", "Okafor",
                                                               "Rosalynd Marie Okafor"}
    assert {"Lena Brandt", "Otto Brandt"} <= set(positions)
    assert_verbatim(list(positions.values()), docs)


def test_whom_a_titled_person_deals_with_is_not_whom_they_speak_for():
    # a bare title ("President", "acting Transport Secretary") and one organisation named as the other party
    text = ("Governor fails to avert ferry strike\n\n"
            "President Amara Castellano will not intervene to stop a walkout at the northern terminals by members of the "
            "Ferry Crews Guild, aides said.\n\n"
            "\u201cWe have never forced strikers back to work and will not start now,\u201d Castellano said on Monday.\n\n"
            "Last year acting Transport Secretary Tomas Berg brokered a deal between the terminal operators and the "
            "Harbour Pilots Federation.\n\n"
            "\u201cThe door to this office is always open,\u201d Berg said.")
    positions = by_actor(run([make_doc("a", text, source="Harbour Times", published="2025-03-04")], limit=10))
    assert "Ferry Crews Guild" not in positions
    assert "Harbour Pilots Federation" not in positions
    assert {"Amara Castellano", "Tomas Berg"} <= set(positions)


def test_the_union_is_the_union_the_story_is_about_not_one_named_once_in_the_background():
    background = make_doc("a", "Ferry crews set to strike\n\n"
                               "The Ferry Crews Guild (FCG) said its members would walk out on Monday.\n\n"
                               "In 2021 the minister helped settle a dispute between the operators and the Harbour "
                               "Pilots Union.", source="Harbour Times", published="2025-03-03")
    lead = make_doc("b", "Ferry strike suspended\n\n"
                         "The union, the Ferry Crews Guild, is to return to work immediately, the FCG said.\n\n"
                         "The union is demanding a 30% pay rise over four years, a spokeswoman said.",
                    source="Coast Post", published="2025-03-05")
    positions = by_actor(run([background, lead], limit=10))
    assert "Harbour Pilots Union" not in positions
    assert any("30% pay rise" in p.stance for p in positions.values() if p.actor == "Ferry Crews Guild")


def test_a_title_that_names_a_unit_between_the_body_and_the_title_still_names_the_body():
    text = ("Quota talks end without deal\n\n"
            "Even so, Ocean Conservancy fisheries campaign lead Marta Quist said the week wasn't wasted: \"I think the "
            "silver lining is that most coastal states stood up for a science-based cap.\"\n\n"
            "Harbour board communications director Piet Mol said the ferries would run.")
    positions = by_actor(run([make_doc("a", text, source="Harbour Times", published="2025-03-02")], limit=10))
    assert "Marta Quist" not in positions
    assert "silver lining" in positions["Ocean Conservancy"].stance


def test_one_sentence_naming_four_countries_does_not_fill_the_digest():
    text = ("Quota talks end without deal\n\n"
            "Norway wants the cap cut by a third. Iceland, Norway, Chile and Peru opposed changing the voting rule, "
            "arguing consensus is vital.\n\n"
            "Peru, Chile, Iceland and Norway had earlier agreed to meet again.\n\n"
            "Ocean Conservancy fisheries campaign lead Marta Quist said the week was not wasted.")
    positions = run([make_doc("a", text, source="Harbour Times", published="2025-03-02")], limit=3)
    actors = [p.actor for p in positions]
    assert "Ocean Conservancy" in actors  # a side of its own is shown before a second name from the same list
    assert actors[0] == "Norway"


def test_a_list_after_the_union_does_not_name_the_union():
    text = ("Ferry talks resume\n\n"
            "The Ferry Crews Guild said on Monday that while the union, Harbour Lines, and the state mediator had "
            "resumed talks, there was little to report.\n\n"
            "The union said it wants a 30% pay rise.\n\n"
            "Harbour Lines said it would not raise its offer.")
    positions = by_actor(run([make_doc("a", text, source="Harbour Times", published="2025-03-04")], limit=10))
    assert not any("30% pay rise" in p.stance for p in positions.values() if p.actor == "Harbour Lines")


def test_the_person_a_colon_hands_over_to_says_the_quotation():
    text = ("Quota talks end without deal\n\n"
            "Earlier, Harbour Lines chief executive Tomas Ferreira spoke to reporters in Leith.\n\n"
            "Though meeting chair Ilse Marquardt tried to sound a positive note: \"We have moved forward in many "
            "areas. However, critical points still need to be agreed.\"\n\n"
            "Coast Ferries' Anna Berg is of course firmly against the regulator's appeal: \"The ruling makes "
            "crystal clear that this merger is good for passengers,\" she says.")
    positions = by_actor(run([make_doc("a", text, source="Harbour Times", published="2025-03-02")], limit=10))
    assert "moved forward" in positions["Ilse Marquardt"].stance
    # "she" is the person the colon named, not the last person named before the sentence
    assert {a for a, p in positions.items() if "crystal clear" in p.stance} <= {"Coast Ferries", "Anna Berg"}
    assert any("crystal clear" in p.stance for p in positions.values())


def test_the_day_of_the_saying_does_not_open_what_was_said():
    text = ("Ferry strike looms\n\n"
            "The Ferry Crews Guild said Monday its members would walk out on Friday unless the operators raise "
            "their offer.\n\n"
            "Harbour Lines said Tuesday is the last day for talks.")
    positions = by_actor(run([make_doc("a", text, source="Harbour Times", published="2025-03-04")], limit=10))
    assert positions["Ferry Crews Guild"].stance.startswith("Ferry Crews Guild: its members would walk out")
    assert positions["Harbour Lines"].stance == "Harbour Lines: Tuesday is the last day for talks."  # the subject


def test_whom_a_group_called_on_is_not_who_speaks():
    text = ("Ferry strike looms\n\n"
            "Governor Amara Castellano will not intervene, aides said.\n\n"
            # the parser reads "called" as a modifier of "coalition", so Castellano sat inside the subject
            "A coalition of farmers on Monday called on Castellano to help restart wage negotiations between growers "
            "and union pickers, and said she should be ready to \u201cstep in\u201d to prevent a strike at the "
            "packing plants.\n\n"
            "A lawyer representing Harbour Lines said the operator would not raise its offer.")
    positions = by_actor(run([make_doc("a", text, source="Harbour Times", published="2025-03-04")], limit=10))
    assert not any("step in" in p.stance for p in positions.values())
    assert "would not raise its offer" in positions["Harbour Lines"].stance


def test_an_officer_whose_title_names_no_company_speaks_for_the_company_just_heard_from():
    text = ("Ferry operator freezes hiring as strike drags on\n\n"
            "The Ferry Crews Guild said its members would stay out.\n\n"
            "Meanwhile, Harbour Lines announced Monday a hiring freeze and cautioned that it was considering "
            "furloughs.\n\n"
            "\"Our business is in a difficult period,\" Chief Financial Officer Mara Voss said in a memo to staff.\n\n"
            "Voss told an investor conference Friday that the company was eager to get back to the table.")
    positions = by_actor(run([make_doc("a", text, source="Harbour Times", published="2025-03-04")], limit=10))
    assert "Mara Voss" not in positions and "Voss" not in positions
    assert "difficult period" in positions["Harbour Lines"].stance


def test_a_title_after_the_name_names_the_company_the_story_knows_though_the_parser_missed_it():
    known = make_doc("a", "Regulator sues to block grocery merger\n\nThe regulator sued to block the merger of Kroger and "
                          "Hendersons. Hendersons said it would fight the lawsuit.",
                     source="Harbour Times", published="2025-03-03")
    quoted = make_doc("b", "Grocer ends merger\n\n\"We will fight on in court,\" said Mara Quint, Hendersons CEO. "
                           "\"We are deeply disappointed.\"", source="Coast Post", published="2025-03-05")
    also = make_doc("c", "Grocer sues\n\n\"We are taking this action to protect our shareholders,\" said Tom Leary, "
                         "general counsel and chief policy officer with Hendersons.", source="Quay Daily",
                    published="2025-03-06")
    positions = by_actor(run([known, quoted, also], limit=10))
    assert "Mara Quint" not in positions and "Tom Leary" not in positions
    assert "fight on in court" in positions["Hendersons"].stance or any(
        "fight on in court" in c.quote for c in positions["Hendersons"].citations)


def test_titles_and_mentions_found_by_find_are_the_regular_expressions_matches():
    """story_table reads a story's whole text for titles after names and for how often an organisation is named;
    its one scan for titles and its str.find loops must give what the regular expressions they replace give (they
    took a minute on a story of a thousand articles)."""
    import re

    from summarizer.briefing.positions import _APPOSED_TITLE, _ApposedTitles, _mentions

    text = ("said Vivek Sankaran, Albertsons CEO. XVivek Sankaran, Albertsons CEO. Vivek Sankaran, who spoke. "
            "Vivek Sankaran,  the chief executive of Albertsons Inc, added. _Vivek Sankaran, Kroger CEO\n"
            "Albertsons' rival Albertsonsville, Albertsons_, (Albertsons) and Albertsons-owned stores; Albertsons\n"
            "Acme CEO, Acme CEO, Acme CEO. .Dana Roe, spokeswoman for Acme; Dana Roe, Acme's head of sales")
    names = ["Vivek Sankaran", "Sankaran", "Albertsons", "Acme CEO", "Dana Roe", ".Dana Roe"]
    titles = _ApposedTitles(text, names)
    for name in names:
        expected = [(m.span(), m.groupdict()) for m in re.finditer(
            rf"\b{re.escape(name)},\s+(?:the\s+)?(?:{_APPOSED_TITLE.pattern})", text)]
        found = [((m.start() - len(name), m.end()), m.groupdict()) for m in titles.after(name)]
        assert found == expected, name
    for phrase in ("Albertsons", "Vivek Sankaran", "CEO", "Sankaran,"):
        assert _mentions(text, phrase) == len(re.findall(rf"(?<!\w){re.escape(phrase)}(?!\w)", text)), phrase
    assert _mentions(text, "Albertsons") == 7 and len(list(titles.after("Vivek Sankaran"))) == 2
    assert len(list(titles.after("Acme CEO"))) == 1 and len(list(titles.after("Dana Roe"))) == 2


def test_the_noun_named_pattern_starts_at_a_word_as_its_word_boundary_form_did():
    """_NOUN_NAMED is written to start with its letter (a fast scan of a story's text); it must match where
    r"\\b[Tt]he..." matched, and nowhere else."""
    import re

    from summarizer.briefing.positions import _NOUN_NAMED

    text = ("The union, the Dockers' Association, is to resume work. XThe union, Acme Workers, said no. the union, "
            "Quay Guild, agreed; _the union, Quay Guild, agreed. (The union, Harbour Local, said it would. "
            "Bathe union, Harbour Local, said it\nthe union, Boeing, and the mediators; 9the union, Acme, set")
    lead = r"[Tt](?<=\b[Tt])"
    assert _NOUN_NAMED.pattern.startswith(lead)
    old = re.compile(r"\b[Tt]" + _NOUN_NAMED.pattern[len(lead):])
    expected = [(m.span(), m.groupdict()) for m in old.finditer(text)]
    assert [(m.span(), m.groupdict()) for m in _NOUN_NAMED.finditer(text)] == expected
    assert len(expected) == 3


def test_the_white_house_voice_joins_the_one_leader_the_story_names_an_administration_after():
    # Before: "President Dana Hale said ..." stood as "Dana Hale" and his press secretary's words as "United States":
    # one side, two lines saying the same thing. "the Hale administration" ties the White House to him.
    strike = make_doc("rail-a", """Rail strike looms as White House rules out stepping in

WASHINGTON, Sept. 30, 2031 (Capitol Wire) - President Dana Hale said on Sunday he would not force striking \
rail workers back to work. "It's collective bargaining, and I believe in it," Hale told reporters.

White House press secretary Mia Sorensen said the Hale administration had never used emergency powers to break \
a strike and would not start now.

The Brotherhood of Rail Crews said its members would walk out at midnight unless carriers raised their offer.

The National Carriers Conference said the union's demand for 40 percent was out of reach.
""", source="Capitol Wire", published="2031-09-30")
    positions = by_actor(run([strike], limit=10))
    assert "United States" not in positions
    quotes = [c.quote for c in positions["Dana Hale"].citations]
    assert any("President Dana Hale said on Sunday he would not force" in q for q in quotes)
    assert any(q.startswith("White House press secretary Mia Sorensen said the Hale administration") for q in quotes)


def test_a_handover_keeps_the_white_house_voice_apart_from_both_leaders():
    # Coverage of a handover names two administrations: the outgoing one's press secretary is not the
    # president-elect's side, and nothing here says which leader she speaks for.
    handover = make_doc("ban-a", """App ban deadline nears as administrations trade places

WASHINGTON, Jan. 15, 2031 (Capitol Wire) - President Dana Hale said on Tuesday the ban must take effect as \
the law requires.

President-elect Rosa Ruiz said she would look for a way to keep the app running.

White House press secretary Mia Sorensen said the outgoing Hale administration would leave enforcement to the \
incoming Ruiz administration.

The app's owner, Brightline Media, said it would go dark on Sunday without a clear assurance.
""", source="Capitol Wire", published="2031-01-15")
    positions = by_actor(run([handover], limit=10))
    assert {"Dana Hale", "Rosa Ruiz", "United States"} <= set(positions)
    assert [c.quote for c in positions["United States"].citations] == [
        "White House press secretary Mia Sorensen said the outgoing Hale administration would leave enforcement to "
        "the incoming Ruiz administration."]


def test_an_acronym_that_takes_a_last_letter_of_its_own_is_still_the_name_before_it():
    from summarizer.briefing.positions import spelled_out

    assert spelled_out("talks with the Pacific Shipping Employers Alliance (PSEX) resumed") == [
        ("PSEX", "Pacific Shipping Employers Alliance")]
    assert spelled_out("the Brotherhood of Rail Crews (BRC) said") == [("BRC", "Brotherhood of Rail Crews")]
    # one letter of its own at most, and the first letters must agree
    assert spelled_out("the Pacific Shipping Employers Alliance (PXEX) said") == []
    assert spelled_out("Halden Air (HX) said") == []


def test_a_storys_bodies_answer_whether_a_name_stands_below_its_headlines_as_their_whole_text_does():
    """A name a headline holds is looked for first under that headline, then in every article: the answers are
    those of the whole casefolded text below the headlines, whichever article holds the name or none."""
    from summarizer.briefing.positions import _below_headline, _StoryBodies

    documents = [
        {"id": "a", "title": "Dockers Strike at Port of Halifax",
         "text": "Dockers Strike at Port of Halifax\nThe ILA said the strike at the Port of Halifax goes on."},
        {"id": "b", "title": "Halifax Talks Resume",
         "text": "Halifax Talks Resume\nMediators met union leaders. Port Authority chief Ana Ruiz said the ΣΟΦΙΑ "
                 "vessel waits."},
        {"id": "c", "title": None, "text": "Shipping lines diverted cargo to Saint John."},
    ]
    whole = "\n".join(_below_headline(d) for d in documents).casefold()
    bodies = _StoryBodies(documents)
    names = ["port of halifax", "halifax talks", "talks resume", "ana ruiz", "saint john", "σοφια", "dockers strike",
             "strike at", "union leaders", "cargo to saint", "ruiz said the", "nowhere at all"]
    assert [name in bodies for name in names] == [name in whole for name in names]
    assert ("halifax talks" in bodies, "port of halifax" in bodies, "saint john" in bodies) == (False, True, True)
