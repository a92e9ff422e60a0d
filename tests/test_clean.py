"""Plain-text cleaning: furniture goes, content that merely sounds like furniture stays."""

from __future__ import annotations

from pathlib import Path

import pytest

from summarizer.text.clean import clean_text

MESSY = Path(__file__).parent / "fixtures" / "messy"

BODY = "Negotiators from Norway and the EU met in Geneva on Monday to discuss the steel quota."


def test_furniture_fixture_exact_result():
    cleaned = clean_text((MESSY / "steel-talks-furniture.txt").read_text(encoding="utf-8"))
    assert cleaned.text == "\n\n".join([
        "EU and Norway edge closer to steel safeguard deal",
        "By Anna Petrova",
        "BRUSSELS, July 15 (Harbour Wire) - European Union and Norwegian negotiators said on Tuesday they "
        "were within reach of a deal that would exempt Norwegian steel from the bloc's safeguard tariffs, "
        "after a third round of talks ran late into the night.",
        "\"We are closer than we have ever been, but we are not there yet,\" Norway's trade minister Eirik "
        "Halvorsen said in a video address to industry representatives in Oslo.",
        "Related talks on aluminium quotas, which stalled in May, are expected to resume next week, two "
        "officials familiar with the matter said.",
        "The Commission has proposed a quota of 1.2 million tonnes a year for Norwegian flat steel, above "
        "which a 25 percent tariff would apply. Oslo wants the quota lifted to 1.6 million tonnes.",
        "Officials declined to share details of the draft text, but said it would be reviewed by member "
        "states before the deadline of September 2, 2025.",
        "\"We will not sign anything before September 2, 2025 that leaves our mills exposed,\" Halvorsen said.",
    ])
    assert cleaned.title == "EU and Norway edge closer to steel safeguard deal"
    assert cleaned.source == "Harbour Wire"
    assert cleaned.copyright_year == 2025


def test_furniture_fixture_reasons():
    cleaned = clean_text((MESSY / "steel-talks-furniture.txt").read_text(encoding="utf-8"))
    expected = {
        ("nav", "Skip to main content"), ("nav", "Home > Business > Trade"),
        ("repeated-title", "EU and Norway edge closer to steel safeguard deal"),
        ("share", "Share on Facebook"), ("share", "Tweet"), ("share", "Share this article"),
        ("share", "Copy link"), ("share", "WhatsApp | Telegram | Email"),
        ("share", "Follow us on X/Twitter/Telegram"), ("reading-time", "4 min read"),
        ("video", "WATCH: Halvorsen on the steel talks"),
        ("video", "Video: What the safeguard tariffs mean for Nordic mills 2:14"), ("video", "Play video"),
        ("teaser", "Read more:"), ("teaser", "Norway's mills warn of job losses as tariffs bite"),
        ("teaser", "EU ministers split over safeguard extension"),
        ("teaser", "Steel prices slide on weak Chinese demand"),
        ("tags", "Tags: Steel, Tariffs, Norway, European Union, Trade"),
        ("newsletter", "Sign up for our newsletter"), ("newsletter", "Subscribe"),
        ("cookie", "We use cookies to improve your experience. By continuing you agree to our cookie policy."),
        ("cookie", "Accept all cookies"), ("comments", "Leave a comment"),
        ("comments", "Your email address will not be published. Required fields are marked *"),
        ("comments", "Post comment"), ("copyright", "\u00a9 2025 Harbour Wire. All rights reserved."),
        ("repeated-paragraph", "The Commission has proposed a quota of 1.2 million tonnes a year for"),
        ("repeated-paragraph", "Norwegian flat steel, above which a 25 percent tariff would apply. Oslo wants"),
        ("repeated-paragraph", "the quota lifted to 1.6 million tonnes."),
    }
    assert set(cleaned.removed) == expected
    assert len(cleaned.removed) == len(expected)  # nothing dropped twice, nothing else dropped


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Share on Facebook", "share"), ("Tweet", "share"), ("Share this article", "share"),
        ("Copy link", "share"), ("WhatsApp | Telegram | Email", "share"), ("Follow us on Telegram", "share"),
        ("Facebook  Twitter  LinkedIn  Email", "share"),
        ("See also: Norway's mills warn of job losses", "teaser"), ("Most read", "teaser"),
        ("Recommended", "teaser"), ("READ MORE: EU fines three banks over bond cartel", "teaser"),
        ("Topics: Trade, Steel, Norway", "tags"), ("Filed under: Fisheries, Faroe Islands", "tags"),
        ("Copyright 2025 Coast Post Media B.V.", "copyright"), ("(c) 2024 Nordic Wire", "copyright"),
        ("Required fields are marked *", "comments"), ("Comments (12)", "comments"),
        ("Play video", "video"), ("WATCH: Halvorsen walks out of talks", "video"),
        ("This website uses cookies to ensure you get the best experience.", "cookie"),
        ("Subscribe to our newsletter", "newsletter"), ("Unsubscribe | Manage preferences", "newsletter"),
        ("ADVERTISEMENT", "ad"), ("https://harbourwire.example/steel-talks", "link"), ("* * *", "separator"),
        ("Privacy | Terms | Contact", "nav"), ("Photo: Jonas Lie/Nordic Wire", "caption"),
        ("(Reporting by Anna Kovacs; Editing by Tom Reed)", "credits"), ("Tags", "tags"),
        ("Additional reporting by Jonas Lie in Oslo; editing by Kari Dahl", "credits"),
        ("Contact: VDA Press Office, +49 30 000000", "contact"), ("Media contact: press@coastpost.example", "contact"),
        ("You are receiving this email because you subscribed to VDA press releases. Unsubscribe", "newsletter"),
    ],
)
def test_furniture_line_is_removed(line, reason):
    cleaned = clean_text(f"Steel talks resume\n\n{BODY}\n\n{line}\n\nThe next round is due in September.")
    assert (reason, " ".join(line.split())) in cleaned.removed  # reported with spacing normalised
    assert line not in cleaned.text
    assert BODY in cleaned.text and "The next round is due in September." in cleaned.text


@pytest.mark.parametrize(
    "line",
    [
        "Related talks on aluminium quotas resumed on Monday in Brussels.",
        "He said in a video address that tariffs on steel would rise to 25 percent.",
        "Tariffs on Norwegian steel will rise to 25 percent from October.",
        "Topics discussed included tariffs, quotas and state aid.",
        "Share prices of Nordic steel mills fell 4 percent after the announcement.",
        "Subscribers to the port authority's data service saw the figures first.",
        "Watch for a decision on Friday, officials said.",
        "Copyright claims on seed varieties were not part of the trade talks, the ministry said.",
        "Comments from the Commission are expected later on Tuesday.",
        "The video showed trawlers leaving Bergen harbour at dawn.",
        "Follow-up talks are planned for September in Reykjavik.",
        "Latest figures show that exports of flat steel fell 3 percent in June.",
        "Accept the offer or face tariffs, the minister told the Norwegian delegation.",
        "Read more carefully, the draft gives Oslo far less than it claims, one diplomat said.",
        "Most read the draft as a concession to Norway.",
        "Reporting by the Financial Times suggested the talks had stalled in June.",
        "Contact between the two delegations has been limited since the walkout.",
        "Tags on the shipments showed they came from Oslo.",
    ],
)
def test_content_that_sounds_like_furniture_is_kept(line):
    cleaned = clean_text(f"Steel talks resume\n\n{BODY}\n\n{line}")
    assert line in cleaned.text.split("\n\n")
    assert cleaned.removed == []


def test_teaser_run_stops_at_blank_line_and_at_prose():
    text = (f"{BODY}\n\nRelated\nNorway's mills warn of job losses\nEU ministers split over safeguards\n"
            "Officials said on Monday that the quota would be reviewed by member states before the deadline.\n\n"
            "Oslo wants the quota lifted to 1.6 million tonnes.")
    cleaned = clean_text(text)
    assert [r for r in cleaned.removed if r[0] == "teaser"] == [
        ("teaser", "Related"), ("teaser", "Norway's mills warn of job losses"),
        ("teaser", "EU ministers split over safeguards")]
    assert "Officials said on Monday that the quota would be reviewed" in cleaned.text
    assert "Oslo wants the quota lifted to 1.6 million tonnes." in cleaned.text


def test_teaser_label_heading_covers_the_next_block():
    text = f"{BODY}\n\nMore on this story\n\nIceland walks out of herring talks\nWhat the 2020 allocation said\n\nSecond paragraph of the story, which is content."
    cleaned = clean_text(text)
    assert "Iceland walks out" not in cleaned.text and "2020 allocation said" not in cleaned.text
    assert cleaned.text.endswith("Second paragraph of the story, which is content.")


def test_given_title_repeated_as_first_line_is_dropped():
    cleaned = clean_text(f"Herring talks collapse in London\n\n{BODY}",
                         title="Herring talks collapse in London | Nordic Wire")
    assert cleaned.text == BODY
    assert cleaned.title == "Herring talks collapse in London | Nordic Wire"
    assert cleaned.removed == [("repeated-title", "Herring talks collapse in London")]


def test_headline_is_adopted_as_title_and_kept_once():
    cleaned = clean_text(f"Herring talks collapse in London\nHerring talks collapse in London\n{BODY}")
    assert cleaned.title == "Herring talks collapse in London"
    assert cleaned.text == f"Herring talks collapse in London\n\n{BODY}"


def test_no_title_when_first_line_is_prose():
    assert clean_text(f"{BODY}\n\nMore details to follow.").title is None


def test_repeated_paragraph_and_pull_quote():
    quote = "\u201cNobody is walking out this time,\u201d one EU negotiator told reporters on Monday."
    text = (f"{BODY}\n\nNobody is walking out this time, one EU negotiator told reporters\n\n"
            f"{quote}\n\n{BODY}")
    cleaned = clean_text(text)
    assert cleaned.text == f"{BODY}\n\n{quote}"
    assert ("repeated-paragraph", BODY) in cleaned.removed
    assert ("pull-quote", "Nobody is walking out this time, one EU negotiator told reporters") in cleaned.removed


def _reference_pull_quotes(text: str) -> list[str]:
    """The pull-quote rule stated plainly (and quadratically): a one-line paragraph of 8 words or more whose
    key is inside a longer paragraph's key, once verbatim repeats are gone. Keys: the paragraph's words,
    lower-cased, joined by one space."""
    import re

    paragraphs = list(dict.fromkeys(p for p in text.split("\n\n") if p))  # a verbatim repeat goes first
    keys = [" ".join(re.findall(r"\w+", p.casefold())) for p in paragraphs]
    return [p for i, (p, k) in enumerate(zip(paragraphs, keys))
            if "\n" not in p and len(p.split()) >= 8
            and any(j != i and len(o) > len(k) and k in o for j, o in enumerate(keys))]


def test_pull_quotes_are_found_as_the_plain_rule_finds_them():
    """The indexed search finds exactly what comparing every paragraph with every other finds,
    including a quote whose first or last word is only the end or start of a word in its source."""
    import random

    from benchmarks.bigtext import ArchiveWriter

    writer, rng = ArchiveWriter(seed=5), random.Random(5)
    paragraphs = [writer.paragraph() for _ in range(300)]
    for _ in range(60):
        source = rng.choice(paragraphs).split()
        a = rng.randrange(0, max(1, len(source) - 12))
        b = min(len(source), a + rng.randint(8, 14))
        quote = source[a:b]
        if rng.random() < 0.3:  # cut inside the first and last words: "aid the talks ... resu"
            quote[0], quote[-1] = quote[0][len(quote[0]) // 2:], quote[-1][: max(1, len(quote[-1]) // 2)]
        if rng.random() < 0.2:
            quote[len(quote) // 2] = "altered"  # a near-quote: not inside anything
        paragraphs.insert(rng.randrange(len(paragraphs)), " ".join(quote))
    text = "\n\n".join(paragraphs)
    expected = _reference_pull_quotes(text)
    assert len(expected) >= 30  # the test exercises the rule
    found = [line for reason, line in clean_text(text).removed if reason == "pull-quote"]
    assert found == expected


def test_the_runs_a_pull_quote_candidate_looks_up_are_linspaces_spread_to_the_integer():
    """The inner runs a candidate looks up, worked out for every candidate at once, are those of one
    `np.linspace` per candidate, duplicates dropped: for short spans (repeats, a span of one run), long ones
    and ones where the float step falls just short of an integer."""
    import random

    import numpy as np

    from summarizer.text.clean import _SAMPLES, _spread

    rng = random.Random(11)
    spans = [(a, a + width) for a in (0, 1, 7, 1_000_003) for width in range(0, 40)]
    spans += [(a, a + rng.randint(0, 5_000)) for a in (rng.randrange(10**7) for _ in range(2_000))]
    picks, counts = _spread([a for a, _ in spans], [b for _, b in spans])
    expected = [np.unique(np.linspace(a, b, _SAMPLES).astype(np.int64)) for a, b in spans]
    assert counts == [len(e) for e in expected]
    assert picks.tolist() == np.concatenate(expected).tolist()


def test_the_pull_quote_search_grows_linearly_with_the_text():
    """Counted in Python lines executed, not seconds: twice the paragraphs, about twice the work
    (every paragraph compared with every other would be four times)."""
    import sys

    from benchmarks.bigtext import ArchiveWriter

    def lines_run(count: int) -> int:
        writer = ArchiveWriter(seed=count)
        text = "\n\n".join(writer.paragraph() for _ in range(count))
        events = 0

        def tracer(frame, event, arg):
            nonlocal events
            if frame.f_code.co_filename.endswith("clean.py"):
                events += 1
                return tracer
            return None

        sys.settrace(tracer)
        try:
            clean_text(text)
        finally:
            sys.settrace(None)
        return events

    small, large = lines_run(1000), lines_run(2000)
    assert large < 2.3 * small, (small, large)


def test_hard_wrapped_lines_are_rejoined_but_bylines_stay_apart():
    text = ("By Maren Solberg\nTROMS\u00d8, 18 July 2025 - Talks between Norway and the Faroe\n"
            "Islands stalled on Friday over the Faroese claim to historic\nrights, and the well-\n"
            "known Antwerp-\nBruges port said nothing.\nA second sentence.")
    cleaned = clean_text(text)
    assert cleaned.text == ("By Maren Solberg\nTROMS\u00d8, 18 July 2025 - Talks between Norway and the Faroe "
                            "Islands stalled on Friday over the Faroese claim to historic rights, and the "
                            "well-known Antwerp-Bruges port said nothing.\nA second sentence.")


def test_crlf_nbsp_and_zero_width_characters_are_normalised():
    cleaned = clean_text("Steel\u00a0talks resume\r\n\r\nThe quota\u200b is 1.2\u00a0million tonnes.\r\n")
    assert cleaned.text == "Steel talks resume\n\nThe quota is 1.2 million tonnes."


@pytest.mark.parametrize(
    ("text", "source"),
    [
        (f"{BODY}\n\nSource: Harbour Wire", "Harbour Wire"),
        (f"KYIV, July 15 (Nordic Wire) - {BODY}\n\n\u00a9 2025 Coast Post. All rights reserved.", "Nordic Wire"),
        # a US dateline names the state; old wire copy writes its dash as an underscore
        (f"COLUMBUS, Ohio (Buckeye Wire) - {BODY}", "Buckeye Wire"),
        (f"SPRINGFIELD, Ill., March 3 (Prairie Post) - {BODY}", "Prairie Post"),
        (f"NAIROBI, Kenya (AP) _ {BODY}", "AP"),
        (f"{BODY}\n\n\u00a9 2025 Coast Post Media. All rights reserved.", "Coast Post Media"),
        (f"{BODY}\n\nCopyright \u00a9 2003\u20132025 Alpine Markets", "Alpine Markets"),
        (f"Lumber duties\n\nBy Claire Tremblay | 12 August 2025 | Northern Ledger\n\n{BODY}", "Northern Ledger"),
        (f"Lumber duties\n\nBy Claire Tremblay | Senior correspondent\n\n{BODY}", None),
        (f"Lumber duties\n\nOctober 4, 2025 (Harbour Wire)\n\n{BODY}", "Harbour Wire"),
        (f"EV talks\n\nAsia-Europe Trade Monitor \u2014 Thursday, October 16, 2025\n\n{BODY}", "Asia-Europe Trade Monitor"),
        (f"EV talks\n\nThe talks resumed \u2014 October 16, 2025\n\n{BODY}", None),  # not a name: lower case
        (BODY, None),
    ],
)
def test_source_from_the_copy(text, source):
    assert clean_text(text).source == source


def test_all_furniture_gives_empty_text():
    cleaned = clean_text("Share on Facebook\nTweet\n\n\u00a9 2025 Harbour Wire\n")
    assert cleaned.text == "" and cleaned.title is None and len(cleaned.removed) == 3


def test_markdown_fixture():
    cleaned = clean_text((MESSY / "mackerel-talks.md").read_text(encoding="utf-8"), markdown=True)
    assert cleaned.text == "\n\n".join([
        "Mackerel quota talks resume in Bergen",
        "By Jonas Lie | Nordic Wire",
        "Coastal states resumed talks on the mackerel quota in Bergen on Monday, with the European Union "
        "pressing for a return to the 2020 allocation and Norway holding out for a larger share.",
        "The main sticking points, according to a note seen by Nordic Wire:",
        "- Norway's demand for a 30 percent share of the total catch\n"
        "- the Faroe Islands' claim to \"historic rights\"\n"
        "- a UK proposal to phase in any cuts over three years",
        "\"Nobody is walking out this time,\" one EU negotiator told reporters.",
    ])
    assert cleaned.title == "Mackerel quota talks resume in Bergen"
    assert cleaned.stamps == ["Published: 21 July 2025"]  # metadata, out of the text (read for the date)
    reasons = [reason for reason, _ in cleaned.removed]
    assert reasons.count("markdown") == 2  # the image and the horizontal rule
    assert reasons.count("teaser") == 3 and "share" in reasons and "tags" in reasons


def test_markdown_inline_syntax_and_plain_mode_leaves_markup_alone():
    md = ("## Levy talks\n\n**By Lotte Vermeulen** for [Coast Post](https://coastpost.example)\n\n"
          "The levy of `\u20ac45` per box is *not* climate policy, said the port_authority_id owner, "
          "see [the letter][1] and <https://coastpost.example/letter>.\n\n[1]: https://coastpost.example/l")
    cleaned = clean_text(md, markdown=True)
    assert cleaned.text == ("Levy talks\n\nBy Lotte Vermeulen for Coast Post\n\nThe levy of \u20ac45 per box is "
                            "not climate policy, said the port_authority_id owner, see the letter and "
                            "https://coastpost.example/letter.")
    assert clean_text("**By Lotte Vermeulen**").text == "**By Lotte Vermeulen**"


def test_section_menus_mastheads_and_follow_lines_are_furniture():
    raw = ("MERIDIAN REPORT\nCONTINENTAL LEDGER | World | Europe | Markets | Opinion\n\n"
           "Kremlin denies talks have stalled\n\n"
           "MOSCOW, July 21 (Meridian) - The Kremlin said the talks were not stalled, and that the delegation "
           "would travel to Istanbul on Wednesday.\n\n"
           "Follow us on X and Telegram: @MeridianReport\n")
    cleaned = clean_text(raw)
    assert cleaned.title == "Kremlin denies talks have stalled"
    reasons = {line: reason for reason, line in cleaned.removed}
    assert reasons["MERIDIAN REPORT"] == "masthead"
    assert reasons["CONTINENTAL LEDGER | World | Europe | Markets | Opinion"] == "nav"
    assert reasons["Follow us on X and Telegram: @MeridianReport"] == "share"
    assert "MOSCOW, July 21 (Meridian) - The Kremlin said" in cleaned.text


def test_capitals_and_pipes_inside_the_body_are_content():
    raw = ("Talks resume\n\nFirst paragraph of the story, with enough words to read as prose here.\n\n"
           "NATO AND EU LEADERS MEET\n\n"
           "Prices rose | fell | held, the survey said, depending on the region and the month.\n")
    text = clean_text(raw).text
    assert "NATO AND EU LEADERS MEET" in text
    assert "Prices rose | fell | held" in text


def test_source_from_a_copyright_line_with_the_year_last():
    cleaned = clean_text("Headline of the day\n\nA body sentence with enough words to read as prose.\n\n"
                         "\u00a9 Neva Business Daily 2025\n")
    assert cleaned.source == "Neva Business Daily" and cleaned.copyright_year == 2025


def test_a_bare_tags_heading_takes_the_topic_list_under_it():
    cleaned = clean_text(f"Steel talks resume\n\n{BODY}\n\n## Tags\ntrade, EU, steel, Norway", markdown=True)
    assert cleaned.text.endswith(BODY) and ("tags", "trade, EU, steel, Norway") in cleaned.removed


def test_a_see_also_teaser_trafilatura_kept_is_removed_from_an_html_page(tmp_path):
    from bot.ingest import Ingester
    from bot.store import Store

    page = ("<html><head><title>EU and China trade talks collapse | The Brussels Ledger</title></head><body>"
            "<article><h1>EU and China trade talks collapse</h1>"
            f"<p>{BODY}</p><p>{BODY.replace('Norway', 'Iceland')}</p>"
            "<p class='see-also'>See also: <a href='/x'>China's brandy probe: what you need to know</a></p>"
            "<p>The next round is due in September, two diplomats said, without giving a date.</p></article></body></html>")
    (tmp_path / "drop").mkdir()
    (tmp_path / "drop" / "page.html").write_text(page, encoding="utf-8")
    store = Store(tmp_path / "s.db")
    (outcome,) = Ingester(store).ingest_paths([tmp_path / "drop"])
    text = store.document(outcome.document_id)["text"]
    assert "brandy" not in text and text.startswith("EU and China trade talks collapse") and "next round" in text


def test_date_stamps_are_metadata_and_list_widgets_are_widgets():
    text = ("date 2025-03-07\nHarbour board approves new ferry terminal\n\n"
            "Posted at 4:15 PM, March 6, 2025\nUpdated 6:02 PM\n\n"
            "The harbour board on Friday approved a new ferry terminal for Port Alder, its chairman said.\n\n"
            "- Share\n- Email\n- Print\n\n"
            "- the terminal opens in 2027\n- it will take 12 ferries a day")
    cleaned = clean_text(text)
    assert cleaned.title == "Harbour board approves new ferry terminal"
    assert cleaned.stamps == ["date 2025-03-07", "Posted at 4:15 PM, March 6, 2025", "Updated 6:02 PM"]
    assert "2025-03-07" not in cleaned.text and "Posted" not in cleaned.text and "Updated" not in cleaned.text
    assert "Share" not in cleaned.text and "Print" not in cleaned.text
    assert "- the terminal opens in 2027\n- it will take 12 ferries a day" in cleaned.text  # a real list stays
    # A dateline inside the story's first sentence is prose, not a stamp.
    wire = clean_text("LINDMARK, March 5, 2025 (Nordpost) - The regulator fined the bank on Wednesday.")
    assert wire.stamps == [] and wire.text.startswith("LINDMARK, March 5, 2025")


@pytest.mark.parametrize("first", ["[October 8, 1999]", "CAPE TOWN, South Africa (AP) --", "NAIROBI, Kenya (AP) _",
                                   "[Moscow, July 21, 2025]"])
def test_a_date_or_a_dateline_on_the_first_line_is_no_headline(first):
    # Before, old wire copy with no headline line was titled "[October 8, 1999]" or by its dateline.
    cleaned = clean_text(f"{first}\n\nAnother man has been arrested in connection with the embassy bombings, "
                         "police said on Friday.\n")
    assert cleaned.title is None
    assert first in cleaned.text  # still the text's (a dateline is the copy's; the date is read from it)


def test_a_date_stamp_written_as_a_list_item_still_dates_the_copy():
    # Before: "- May 28, 2025" was taken out of the text as a stamp, and its bullet kept the date finder from
    # reading it: the article was undated.
    from summarizer.text.published import find_published_date

    cleaned = clean_text("Steel deal wins approval\n\n- May 28, 2025\n- By Jane Roe\n\nPITTSBURGH - The president "
                         "approved the takeover on Friday, officials said.\n")
    assert "May 28" not in cleaned.text
    found = find_published_date(cleaned.dated_text())
    assert found is not None and found.date.isoformat() == "2025-05-28"


@pytest.mark.parametrize("line, stamp, rest", [
    ("date 2024-11-05 Watch Now", "date 2024-11-05", None),  # the rest is furniture of its own
    (" date 2024-09-13 On Thursday, the dockworkers voted to strike, their union said.", "date 2024-09-13",
     "On Thursday, the dockworkers voted to strike, their union said."),
    ("Updated March 5, 2025 at 4:15 PM The council met on Monday.", "Updated March 5, 2025 at 4:15 PM",
     "The council met on Monday."),
    ("Posted 2025-03-05 14:05 CET | The ferry board met.", "Posted 2025-03-05 14:05 CET", "The ferry board met."),
])
def test_a_date_stamp_glued_to_the_line_after_it_is_metadata(line, stamp, rest):
    # Before, a labelled stamp at the start of a longer line stayed in the text: the copy went undated and
    # "date 2024-09-13 On Thursday, ..." reached a briefing as a sentence.
    cleaned = clean_text(f"Dockworkers walk out at Port Alder\n\n{line}\n\nThe strike closed the port, officials said.")
    assert cleaned.stamps == [stamp]
    assert stamp not in cleaned.text
    if rest:
        assert rest in cleaned.text


def test_a_date_inside_prose_is_no_glued_stamp():
    for prose in ("Dated March 5, 2025, the letter asks the board to resign.",
                  "The report was published on 4 March 2025 and found no fault.",
                  "March 4, 2025 was the last day of talks."):
        cleaned = clean_text(f"Board under pressure\n\n{prose}")
        assert cleaned.stamps == [] and prose in cleaned.text


def test_teasers_after_the_story_and_a_live_note_are_furniture():
    # Seen on real web copy gathered for measurement: a live page's note and, after a lone "Source", the site's
    # teasers for other stories (a headline, its section, an excerpt the site cut off with "[…]") stayed in the
    # stored text, where a development or an answer could quote a tennis final in a story about a port strike.
    page = ("Dockers end Portmoy strike\n\n"
            "The dockers at Portmoy voted on Friday to accept the port's offer and end their strike, the union said.\n\n"
            "This is breaking news. Please refresh for updates.\n\n\n\nSource\n\n"
            "Harbour rowing crew wins the autumn regatta\nSport\n\n"
            "Harbour rowing crew wins the autumn regatta\n\n"
            "The eight from Portmoy's rowing club won the autumn regatta on Saturday after leading from the start "
            "in a race that the organisers had moved to the inner harbour because of […]\n\n"
            "Read More\nWhy ferry fares keep rising\nBusiness\n")
    cleaned = clean_text(page)
    assert cleaned.text == ("Dockers end Portmoy strike\n\nThe dockers at Portmoy voted on Friday to accept the port's "
                            "offer and end their strike, the union said.")
    # A page that is only an excerpt keeps it: the text is all there is.
    alone = clean_text("Dockers end Portmoy strike\n\nThe dockers at Portmoy voted on Friday to accept the port's "
                       "offer and end their strike, the union said in […]\n\nRead More")
    assert "voted on Friday" in alone.text
    # A sentence about breaking news is prose.
    assert "breaking news" in clean_text("Ferry news\n\nThe board said on Friday that it was breaking news to "
                                         "nobody that fares would rise.").text


def test_a_notice_with_its_close_button_is_a_banner():
    # Seen on real web copy gathered for measurement: a platform notice over the article ("This is the new ...
    # platform. ... / Dismiss") titled its story.
    page = ("This is the new Harbour Wire reader. Existing subscribers should keep using the old app until moved.\n"
            "For any queries, please contact our help desk.\nDismiss\n\n"
            "Port board fines ferry operator\n\n"
            "The port board fined the ferry operator on Monday for missed sailings, its chairman said.")
    cleaned = clean_text(page)
    assert cleaned.title == "Port board fines ferry operator"
    assert "reader" not in cleaned.text and "Dismiss" not in cleaned.text
    assert ("banner", "For any queries, please contact our help desk.") in cleaned.removed
