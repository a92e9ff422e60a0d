"""Story grouping and the sentences that belong to a story."""

from __future__ import annotations

from pathlib import Path

from summarizer.briefing.stories import group_stories, is_body_sentence
from summarizer.text.sentences import split_sentences

STEEL = ("Negotiators from the European Union and the United States agreed to extend talks on steel and aluminium "
         "tariffs by two weeks. The steel truce expires on March 31, and the EU will reimpose duties on US goods. "
         "Eurofer, the European steel association, urged a quick deal on steel quotas.")
STEEL_2 = ("EU and US steel negotiators remain apart on the melt-and-pour rule for steel and aluminium tariffs. "
           "Eurofer said steel plants were cutting shifts while the tariff talks go on. "
           "Read more: Spartak close in on a record transfer for their new striker from Brazil.")
CHIPS = ("South Korea asked Washington for a 90-day extension before export controls on memory chips take effect. "
         "Chip makers said they needed time to apply for export licences for advanced memory.")


def doc(doc_id: str, text: str, **extra) -> dict:
    return {"id": doc_id, "text": text, "title": None, "source": doc_id, "duplicate_of": None, **extra}


def rows(d: dict) -> list[dict]:
    return [{"document_id": d["id"], "idx": i, "start": s, "end": e, "text": t}
            for i, (s, e, t) in enumerate(split_sentences(d["text"]))]


def story_texts(docs: list[dict]) -> list[str]:
    """The sentences the single story of these documents keeps."""
    (story,) = group_stories(docs, [r for d in docs for r in rows(d)])
    return [s["text"] for s in story.sentences]


def test_documents_are_grouped_by_story_and_copies_follow_their_original():
    docs = [doc("steel", STEEL), doc("steel2", STEEL_2), doc("chips", CHIPS),
            doc("copy", "A short note that shares no words at all.", duplicate_of="chips")]
    stories = group_stories(docs, [r for d in docs for r in rows(d)])
    assert sorted(sorted(s.ids) for s in stories) == [["chips", "copy"], ["steel", "steel2"]]


def test_a_teaser_for_another_story_does_not_belong():
    texts = story_texts([doc("steel", STEEL), doc("steel2", STEEL_2)])
    assert not any("Spartak" in t for t in texts)
    assert any("melt-and-pour" in t for t in texts)


def test_the_first_half_of_a_quote_stays_with_its_attribution():
    # '"Members worked flat out through record volumes.' shares no word with the other articles,
    # but it is the start of the quotation the steel negotiator's attribution closes.
    quoted = (STEEL_2 + ' "Our members have been working flat out through record volumes at the mills. They will '
              'not accept steel tariffs on Eurofer plants," a Eurofer negotiator said.')
    texts = story_texts([doc("steel", STEEL), doc("steel2", quoted)])
    assert any(t.startswith('"Our members have been working flat out') for t in texts)
    assert not any("Spartak" in t for t in texts)


def test_a_sentence_woven_into_its_article_belongs_though_it_shares_one_word_with_the_others():
    # "Countervailing duties ... later this month" shares only "duties" with the other source, but its
    # own article is about duties too: it is the story's next deadline, not a teaser.
    lumber = ("The US Commerce Department on Monday doubled anti-dumping duties on Canadian softwood lumber. "
              "Countervailing duties, set separately, will be announced later this month. "
              "Read more: Blue Jays clinch wildcard spot with a big win over the Yankees on Sunday.")
    other = ("Canada will challenge the new US anti-dumping duties on Canadian softwood lumber at the World Trade "
             "Organization, its trade minister said on Tuesday. The Commerce Department doubled the lumber duties.")
    texts = story_texts([doc("a", lumber), doc("b", other)])
    assert any(t.startswith("Countervailing duties") for t in texts)
    assert not any("Blue Jays" in t for t in texts)


def test_headlines_and_bylines_are_not_body_sentences():
    d = {"title": "Steel talks extended"}
    assert not is_body_sentence({"text": "Steel talks extended"}, d)
    assert not is_body_sentence({"text": "By Anna Petrova and John Smith."}, d)
    assert not is_body_sentence({"text": "07/23/2025 / By Anna Petrova"}, d)
    assert not is_body_sentence({"text": "By Anna Petrova in Kyiv and John Smith in Washington."}, d)
    assert not is_body_sentence({"text": "By ANNA PETROVA, Lakeside Wire staff writer."}, d)


def test_a_sentence_opening_with_by_and_a_time_is_body_not_a_byline():
    d = {"title": "Harbour board faces contractor bill"}
    assert is_body_sentence({"text": "By the end of the month the board must pay the contractors 8 million euros."}, d)
    assert is_body_sentence({"text": "By Friday, the union must answer the company's final offer."}, d)
    assert is_body_sentence({"text": "By late Tuesday the two delegations had still not agreed on a text."}, d)
    assert not is_body_sentence({"text": "Most read: heatwave grips Spain"}, d)
    assert is_body_sentence({"text": "Negotiators agreed on Monday to extend the talks."}, d)


# A month of one story, each article on its own angle: what they share ("Harrowgate", "dockers", "strike",
# "port") is in every one of them, so inside a window of this story alone it weighs next to nothing.
DOCK_STRIKE = [
    ("Harrowgate dockers walk out", "Harrowgate dockers began a strike at the port on Monday after pension talks "
     "collapsed, leaving cranes idle and ships anchored offshore."),
    ("Shipping lines divert from Harrowgate", "Two container lines diverted vessels to Felbridge as the Harrowgate "
     "dockers' strike closed the port, costing exporters an estimated four million euros a day."),
    ("Fuel runs short in Harrowgate", "Petrol stations near Harrowgate ran dry because tankers could not unload "
     "during the dockers' strike at the port, and the council opened an emergency depot."),
    ("Harrowgate dockers vote to stay out", "Harrowgate dockers voted by show of hands at a rally to continue "
     "their strike, while bishops appealed for mediation to reopen the port."),
]
ELECTION = [
    ("Greens win Lindmark", "Voters in Lindmark chose a new mayor on Sunday, with turnout at 61 percent, the "
     "election board said. Ada Korhonen of the Greens won 52 percent of the vote against the sitting mayor."),
    ("Korhonen sets out plans", "Lindmark's new mayor Ada Korhonen promised on Monday to build 2,000 homes and to "
     "cut bus fares. The outgoing mayor conceded the election and congratulated the Greens."),
    ("Lindmark recount confirms result", "The Lindmark election board confirmed the result of Sunday's vote after "
     "a recount in two districts. Korhonen takes office on the first of next month."),
]


def test_one_story_alone_in_a_window_stays_one_story_with_the_stores_word_weights(tmp_path):
    import datetime as dt

    from bot.ingest import Ingester
    from bot.store import Store

    drop = tmp_path / "drop"
    drop.mkdir()
    for name, texts in (("dock", DOCK_STRIKE), ("vote", ELECTION)):
        for i, text in enumerate(texts):
            headline, body = text
            (drop / f"{name}{i}.txt").write_text(f"{headline}\n\n[May {i + 4}, 2025]\n\n{body}\n", encoding="utf-8")
    # The store holds other news too (the team's own fixtures), as a real one does.
    fixtures = Path(__file__).parent / "fixtures"
    others = [fixtures / "qa" / "distractors", *sorted(p for p in (fixtures / "gold").iterdir() if p.is_dir())]
    store = Store(tmp_path / "s.db")
    list(Ingester(store, now=lambda: dt.datetime(2025, 5, 9, tzinfo=dt.timezone.utc)).ingest_paths([drop, *others]))
    docs = [d for d in store.documents_in_window(None, "9999") if str(drop) in d["path"]]
    strike = [d for d in docs if "dock" in d["path"]]
    sentences = store.sentences_of([d["id"] for d in strike])
    assert len(group_stories(strike, sentences, background=store.word_idf)) == 1
    # With the window's own weights the shared words count for nothing: the month falls apart.
    assert len(group_stories(strike, sentences)) > 1
    # And two stories in one window stay two.
    everything = store.sentences_of([d["id"] for d in docs])
    assert len(group_stories(docs, everything, background=store.word_idf)) == 2


def test_the_digest_built_from_stored_facts_weighs_words_over_the_whole_store(tmp_path):
    """The same month of one story, through Commands.digest (facts stored at ingest, merged by the briefing):
    it must group with the store's word weights too, not the window's own."""
    import datetime as dt

    from bot.commands import Commands
    from bot.ingest import Ingester
    from bot.store import Store

    drop = tmp_path / "drop"
    drop.mkdir()
    for i, (headline, body) in enumerate(DOCK_STRIKE):
        (drop / f"dock{i}.txt").write_text(f"{headline}\n\n[May {i + 4}, 2025]\n\n{body}\n", encoding="utf-8")
    fixtures = Path(__file__).parent / "fixtures"
    others = [fixtures / "qa" / "distractors", *sorted(p for p in (fixtures / "gold").iterdir() if p.is_dir())]
    store = Store(tmp_path / "s.db")
    day = dt.datetime(2025, 5, 9, tzinfo=dt.timezone.utc)
    list(Ingester(store, now=lambda: day - dt.timedelta(days=3)).ingest_paths(others))
    list(Ingester(store, now=lambda: day).ingest_paths([drop]))  # the window: the strike's articles only
    briefing = Commands(store, now=lambda: day + dt.timedelta(hours=1)).digest(since=day - dt.timedelta(hours=1))
    assert briefing.documents == len(DOCK_STRIKE) and len(briefing.stories) == 1, briefing.stories


# Three reports of one ferry strike. The fullest report sits at the story's centre, but its page gave
# the site's slogan as its title; another's title is its file name, another's a date stamp.
FERRY = [
    ({"title": "Independent journalism since 1884"},
     "Ferry crews on the Kessmouth crossing went on strike on Tuesday over rosters. The Kessmouth ferry strike "
     "stranded lorries at both harbours, and the ferry operator said crossings would stay cancelled while crews "
     "strike. Union leaders said the strike would go on until the rosters were withdrawn."),
    ({"title": "kessmouth-0412", "path": "/drop/kessmouth-0412.txt"},
     "The Kessmouth ferry strike entered its second day, with crews picketing both harbours over rosters."),
    ({"title": "[April 12, 2025]"},
     "Hauliers said the ferry strike at Kessmouth had left lorries queuing for miles at the harbours."),
    ({"title": "Kessmouth ferry crews strike over rosters"},
     "Crews walked off the Kessmouth ferries on Tuesday; the strike cancelled every crossing."),
]


def test_a_story_is_titled_by_its_most_central_headline_never_a_slogan_a_file_name_or_a_date():
    docs = [doc(f"f{i}", text, **extra) for i, (extra, text) in enumerate(FERRY)]
    (story,) = group_stories(docs, [r for d in docs for r in rows(d)])
    assert story.label == "Kessmouth ferry crews strike over rosters"


def test_a_story_without_any_headline_is_titled_by_its_central_opening_sentence():
    docs = [doc(f"f{i}", text, **extra) for i, (extra, text) in enumerate(FERRY[:3])]
    (story,) = group_stories(docs, [r for d in docs for r in rows(d)])
    assert story.label.startswith("Ferry crews on the Kessmouth crossing went on strike")


def test_a_kicker_before_a_headline_is_not_part_of_the_story_title():
    # "PRESS RELEASE:", "UPDATE 2 -", "BREAKING:" say what kind of page it is, not what happened.
    ferry = [dict(extra) for extra, _ in FERRY]
    ferry[3] = {"title": "PRESS RELEASE: Kessmouth ferry crews strike over rosters"}
    docs = [doc(f"f{i}", text, **extra) for i, (extra, (_, text)) in enumerate(zip(ferry, FERRY))]
    (story,) = group_stories(docs, [r for d in docs for r in rows(d)])
    assert story.label == "Kessmouth ferry crews strike over rosters"


# A strike told by four outlets: three alike, and a hauliers' piece that shares a little with each of them (under
# SAME_STORY with every one: 0.17, 0.17, 0.14) but much with the three together (0.21 with their centroid).
KESSMOUTH = {
    "walkout": "Ferry crews at Kessmouth walked out on Tuesday over new rosters, cancelling every crossing to the "
               "islands. The union said the strike would go on until the operator withdrew the rosters.",
    "picket": "The Kessmouth ferry strike entered its second day on Wednesday, with crews picketing both harbours. "
              "The operator said talks with the union on the rosters would resume on Friday.",
    "talks": "Talks between the ferry operator and the crews' union broke up without a deal on Friday; the union "
             "said the Kessmouth strike over rosters would continue into next week.",
    "hauliers": "Hauliers said lorries were queuing for miles at both harbours, island shops were short of fresh "
                "food since Tuesday, and nothing would move until the union and the operator settle the rosters.",
    # the strike's cost in words of its own: too little in common to tell, left apart
    "growers": "Island growers counted the cost on Thursday: with no crossings to the mainland since Tuesday, "
               "strawberries rotted in packing sheds and one co-operative said it had lost a fortnight of sales.",
    "chips": CHIPS,
}


def test_an_article_like_a_story_as_a_whole_joins_it_though_like_no_one_article_enough():
    # Before: the hauliers' piece was a story of its own (single link: no pair of articles alike enough).
    docs = [doc(k, v) for k, v in KESSMOUTH.items()]
    stories = group_stories(docs, [r for d in docs for r in rows(d)])
    assert sorted(sorted(s.ids) for s in stories) == [["chips"], ["growers"], ["hauliers", "picket", "talks",
                                                                               "walkout"]]


def test_documents_linked_through_a_chain_of_alike_pairs_are_one_story_whatever_their_order():
    """Single link over the cosine matrix, worked out on all pairs at once: the stories are those a pair-by-pair
    union-find gives, for chains that wind back and forth through the window and for documents linked to none."""
    import numpy as np

    from summarizer.briefing.disjoint import DisjointSet
    from summarizer.briefing.stories import SAME_STORY, _linked

    def pair_by_pair(gram):
        sets = DisjointSet(len(gram))
        for i, j in zip(*np.nonzero(np.triu(gram >= SAME_STORY, k=1))):
            sets.union(int(i), int(j))
        return sets.groups()

    def at_once(gram):
        sets = DisjointSet(len(gram))
        for i, first in enumerate(_linked(gram).tolist()):
            if first != i:
                sets.union(first, i)
        return sets.groups()

    rng = np.random.default_rng(18)
    grams = []
    for n in (1, 2, 7, 40, 200):
        order = rng.permutation(n)  # one chain through every document, in a scrambled order
        chain = np.eye(n, dtype=np.float32)
        chain[order[:-1], order[1:]] = chain[order[1:], order[:-1]] = SAME_STORY
        grams.append(chain)
        cosines = rng.uniform(0, SAME_STORY * 1.05, (n, n)).astype(np.float32)
        grams.append(np.maximum(cosines, cosines.T))
    for gram in grams:
        assert at_once(gram) == pair_by_pair(gram)
    assert at_once(grams[-2]) == [list(range(200))]
