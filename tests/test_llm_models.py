"""The LLM engine against scripted models on 127.0.0.1, through the real openai client: what a sloppy model
got right is kept and shown as the sources wrote it, what an inventing model made up reaches no output, and
every rendering says which engine answered."""

from __future__ import annotations

import datetime as dt
import json
import re

import openai
import pytest

from adapters import discord_render, slack_render
from adapters.markdown import render_answer_text, render_markdown
from bot.commands import Commands
from summarizer.llm import FAILED_VERIFICATION, LLMEngine, LLMError, LLMSettings, VerificationFailed
from summarizer.llm.verify import squeeze
from tests.fake_openai import Canned, FakeOpenAI, completion, passages_in, reply, tool_call
from tests.llm_window import (
    CHIPS,
    CHIPS_TWO,
    COAST,
    DOCS,
    FAROE,
    HARBOUR,
    INVENTED,
    SLOPPY_EXPECTED,
    WINDOW,
    as_json,
    inventing_model,
    rows,
    sloppy_model,
    texts_of,
)

TODAY = dt.date(2025, 7, 18)
UNTIL = "2025-07-18T08:00:00+00:00"


def engine_on(fake: FakeOpenAI, **settings) -> LLMEngine:
    settings = {"model": "gpt-4o-mini", "timeout": 5.0, "max_retries": 0, **settings}
    client = openai.OpenAI(base_url=fake.base_url, api_key="test-key", max_retries=0, timeout=10)
    return LLMEngine(LLMSettings(**settings), client=client, sleep=lambda s: None)


def brief(engine: LLMEngine, documents=WINDOW):
    return engine.brief(documents, rows(*documents), today=TODAY, topic="mackerel", since=None, until=UNTIL)


def quoted_spans(text: str) -> list[str]:
    """Everything a rendering shows in quotation marks (straight or curly), cut-off marks removed."""
    spans = re.findall(r'\u201c([^\u201c\u201d]+)\u201d|"([^"\n]+)"', text)
    return [s.rstrip("\u2026").strip() for pair in spans for s in pair if s and s.strip()]


def assert_only_sources_in_quotes(rendered: str, documents) -> None:
    sources = [squeeze(d["text"]) for d in documents]
    for span in quoted_spans(rendered):
        words = squeeze(span).strip(" ,.;:")
        assert any(words in text for text in sources), f"in quotation marks but not in any source: {span!r}"


# -- quote repair -------------------------------------------------------------------------------

def test_a_sloppy_models_true_quotes_are_found_and_shown_as_the_sources_wrote_them():
    with FakeOpenAI(respond=sloppy_model) as fake:
        briefing, report = brief(engine_on(fake))
    assert briefing.engine == "openai"
    citations = {c.quote: c for item in (*briefing.positions, *briefing.deadlines, *briefing.open_questions,
                                          *briefing.developments) for c in item.citations}
    for case, (source, verbatim) in SLOPPY_EXPECTED.items():
        assert verbatim in citations, f"{case}: {verbatim!r} not among {list(citations)}"
        c = citations[verbatim]
        assert c.source == source and DOCS[c.document_id]["text"][c.start:c.end] == c.quote, case
    assert [p.actor for p in briefing.positions] == ["Norway", "European Union"]  # Iceland's claim was invented
    (question,) = briefing.open_questions
    assert question.citations[0].document_id == FAROE["id"]  # cited to the passage it comes from
    (development,) = briefing.developments
    assert development.citations[0].start == COAST["text"].index("Skippers")  # the whole sentence
    assert report.dropped == 1 and report.repaired == 5 and report.kept == 5 and report.items == 6


def test_the_sloppy_models_answer_is_repaired_too():
    with FakeOpenAI(respond=sloppy_model) as fake:
        answer, report = engine_on(fake).answer("Will Norway accept the offer?", rows(*WINDOW), DOCS)
    assert answer.answerable and report.repaired == 1
    (c,) = answer.citations
    assert c.quote == SLOPPY_EXPECTED["typography"][1] and HARBOUR["text"][c.start:c.end] == c.quote
    # The model's own words keep quotation marks only around what the quote says.
    assert answer.answer == 'Norway calls the offer final but "not good enough", and says it has walked out.'


def _one_quote_reply(passage_words: str, quote: str):
    def respond(body):
        number = next(n for n, text in passages_in(body).items() if passage_words in text)
        return reply({"answer": "An answer.", "answerable": True, "citations": [{"passage": number, "quote": quote}]})
    return respond


@pytest.mark.parametrize("quote, holds", [
    ("Skippers in \u00c5lesund said they had lost \u2026 the Faroese government has not decided", False),
    ("Coastal fleets stayed in port on Monday \u2026 lost three weeks of fishing", False),
    ("Skippers in \u00c5lesund said \u2026 blamed", False),
    ("blamed both governments \u2026 Skippers in \u00c5lesund said", False),
    ("Skippers in \u00c5lesund said . . . the longest stoppage since 2019", True),
    ("skippers in \u00c5lesund said they had lost three weeks... blamed both governments.", True),
], ids=["two-documents", "two-sentences", "one-word-part", "reversed", "spaced-dots", "three-dots-case-stop"])
def test_an_elided_quote_holds_only_when_its_parts_are_in_one_sentence_in_order(quote, holds):
    with FakeOpenAI(respond=_one_quote_reply("Skippers in", quote)) as fake:
        answer, report = engine_on(fake).answer("What did the skippers say?", rows(*WINDOW), DOCS)
    assert answer.answerable is holds and report.dropped == (not holds)
    if holds:
        (c,) = answer.citations
        assert c.quote == SLOPPY_EXPECTED["ellipsis"][1] and COAST["text"][c.start:c.end] == c.quote


def test_a_quote_is_not_bent_to_fit():
    """What normalising forgives: typography. Not a changed word, nor a quote whose case differs past its first
    letter, nor a passage number the request never showed."""
    for passage_words, quote in [("The offer on the table", "The offer on the table is final and it is good enough"),
                                 ("Both sides must submit", "BOTH SIDES must submit revised proposals"),
                                 ("Both sides must submit", "Both sides must submit revised proposals by September 6")]:
        with FakeOpenAI(respond=_one_quote_reply(passage_words, quote)) as fake:
            answer, _ = engine_on(fake).answer("What is due?", rows(*WINDOW), DOCS)
        assert not answer.answerable, quote
    with FakeOpenAI() as fake:
        fake.queue(reply({"answer": "x", "answerable": True,
                          "citations": [{"passage": 999, "quote": "Both sides must submit revised proposals"}]}))
        answer, _ = engine_on(fake).answer("What is due?", rows(*WINDOW), DOCS)
    assert not answer.answerable


# -- verification that keeps (nearly) nothing -----------------------------------------------------

def _briefing_reply(kept: int, invented: int):
    def respond(body):
        number = next(n for n, text in passages_in(body).items() if "The European Union wants" in text)
        true = {"passage": number, "quote": "The European Union wants a return to the 2020 allocation"}
        made_up = {"passage": number, "quote": "The European Union walked out of the talks on Friday"}
        items = [{"summary": f"True {i}.", "citations": [true]} for i in range(kept)]
        items += [{"summary": f"Invented {i}.", "citations": [made_up]} for i in range(invented)]
        return reply({"positions": [], "deadlines": [], "open_questions": [], "developments": items})
    return respond


@pytest.mark.parametrize("kept, invented, falls_back", [
    (0, 6, True), (1, 5, True), (1, 2, False), (2, 4, False), (0, 0, True),
], ids=["none-of-6", "1-of-6", "1-of-3", "2-of-6", "nothing-returned"])
def test_a_briefing_verification_nearly_empties_is_written_by_the_offline_engine(store, kept, invented, falls_back):
    """"Nearly everything dropped": fewer than 2 items kept and fewer than a third of those returned."""
    now = _ingested(store)
    with FakeOpenAI(respond=_briefing_reply(kept, invented)) as fake:
        briefing = Commands(store, now=lambda: now, llm=engine_on(fake)).digest()
    if falls_back:
        assert briefing.engine in ("extractive (model output failed verification)", "extractive (LLM failed)")
        assert briefing.llm["kept"] == kept and briefing.llm["items"] == kept + invented
        assert not any(d.summary.startswith(("True", "Invented")) for d in briefing.developments)
        assert briefing.positions or briefing.deadlines  # the offline engine's own briefing
        text = render_markdown(briefing)
        if kept + invented:
            assert briefing.llm["failure"] == FAILED_VERIFICATION
            assert text.rstrip().endswith("_offline engine: the model's output failed verification_")
        else:
            assert text.rstrip().endswith("_offline engine: the model failed (returned nothing)_")
    else:
        assert briefing.engine == "openai" and len(briefing.developments) == kept
        assert render_markdown(briefing).rstrip().endswith("_model gpt-4o-mini_")


def test_the_engine_itself_raises_when_verification_keeps_nothing():
    with FakeOpenAI(respond=inventing_model) as fake:
        with pytest.raises(VerificationFailed) as caught:
            brief(engine_on(fake))
    report = caught.value.report
    assert caught.value.reason == FAILED_VERIFICATION and report.kept == 0 and report.items == 5
    assert "verification kept 0 of the 5 items" in str(caught.value)


# -- tool calls --------------------------------------------------------------------------------

def test_a_tool_call_is_reported_as_one(store):
    with FakeOpenAI() as fake:
        fake.queue(tool_call())
        with pytest.raises(LLMError) as caught:
            engine_on(fake).answer("Will Norway accept the offer?", rows(*WINDOW), DOCS)
        assert len(fake.requests) == 1  # not retried as if it were broken JSON
    assert caught.value.reason == "tool call" and "the model answered with a tool call" in str(caught.value)
    assert "JSON" not in caught.value.reason and "not valid" not in str(caught.value)
    assert caught.value.report.failure == "tool call"


# -- the footer: which engine answered -----------------------------------------------------------

def _ingested(store):
    from bot.ingest import Ingester

    drop = store.path.parent / "drop"
    drop.mkdir(exist_ok=True)
    for doc in WINDOW:
        (drop / f"{doc['source'].replace(' ', '-').lower()}.txt").write_text(doc["title"] + "\n\n" + doc["text"])
    now = dt.datetime(2025, 7, 18, 8, tzinfo=dt.timezone.utc)
    list(Ingester(store, now=lambda: now).ingest_paths([drop]))
    return now


def renderings(briefing, answer) -> dict[str, str]:
    return {
        "markdown": render_markdown(briefing),
        "text answer": render_answer_text(answer),
        "slack digest": "\n".join(m["text"] for m in slack_render.briefing_messages(briefing)),
        "slack answer": slack_render.answer_message(answer)["text"],
        "discord digest": discord_render.briefing_messages(briefing)[-1]["embeds"][-1]["footer"]["text"],
        "discord answer": discord_render.answer_message(answer)["embeds"][-1]["footer"]["text"],
    }


@pytest.mark.parametrize("state, expected", [
    ("offline", "offline engine"),
    ("model", "model gpt-4o-mini"),
    ("timeout", "offline engine: the model failed (timeout)"),
    ("tool call", "offline engine: the model failed (tool call)"),
])
def test_every_rendering_says_which_engine_answered(store, state, expected):
    now = _ingested(store)
    with FakeOpenAI(respond=sloppy_model) as fake:
        if state == "timeout":
            fake.queue(Canned(200, completion("{}"), delay=5), Canned(200, completion("{}"), delay=5))
        if state == "tool call":
            fake.queue(tool_call(), tool_call())
        llm = None if state == "offline" else engine_on(fake, timeout=0.3)
        commands = Commands(store, now=lambda: now, llm=llm)
        briefing = commands.digest()
        answer = commands.ask("Will Norway accept the offer on the table?")
    for name, text in renderings(briefing, answer).items():
        last = text.rstrip().splitlines()[-1].strip("_ ")
        assert last.removeprefix("\u2014 ") == expected, (name, text[-300:])
    assert_only_sources_in_quotes(texts_of(renderings(briefing, answer)), WINDOW)


# -- the inventing model: nothing it says gets out -------------------------------------------------

def test_nothing_an_inventing_model_says_reaches_any_output(store):
    now = _ingested(store)
    with FakeOpenAI(respond=inventing_model) as fake:
        commands = Commands(store, now=lambda: now, llm=engine_on(fake))
        briefing = commands.digest()
        answer = commands.ask("Did the talks collapse?")
    outputs = {**renderings(briefing, answer),
               "slack": as_json(slack_render.briefing_messages(briefing) + [slack_render.answer_message(answer)]),
               "discord": as_json(discord_render.briefing_messages(briefing) + [discord_render.answer_message(answer)]),
               "json": json.dumps([briefing.to_json(), answer.to_json()], ensure_ascii=False)}
    for name, text in outputs.items():
        for invented in INVENTED:
            assert invented not in text, (name, invented)
    assert briefing.engine == "extractive (model output failed verification)" and briefing.positions
    assert not answer.answerable and answer.citations == []


# -- the model's words are never shown as a quote -------------------------------------------------

def test_a_models_summary_is_plain_text_beside_its_verified_quote():
    with FakeOpenAI(respond=sloppy_model) as fake:
        briefing, _ = brief(engine_on(fake))
    text = render_markdown(briefing)
    # The summary is the model's: plain; the quote next to it is the source's, whole sentence, in marks.
    assert '- Fishing crews lost three weeks of work. \u2014 "Skippers in \u00c5lesund said' in text
    assert '"Fishing crews' not in text
    # A stance's quoted fragment keeps its marks only where the source says it.
    (norway, _eu) = briefing.positions
    assert norway.stance == ('Will not go below 30 percent; calls the offer "not good enough" and says the talks '
                             'collapsed on Friday.')
    for rendered in (text, texts_of(slack_render.briefing_messages(briefing)),
                     texts_of(discord_render.briefing_messages(briefing))):
        assert_only_sources_in_quotes(rendered, WINDOW)
        assert "Fishing crews lost three weeks of work." in rendered


# -- stories -------------------------------------------------------------------------------------

def test_the_models_items_are_grouped_by_the_offline_engines_stories(store):
    from bot.ingest import Ingester

    drop = store.path.parent / "drop"
    drop.mkdir()
    for doc in (*WINDOW, CHIPS, CHIPS_TWO):
        (drop / f"{doc['source'].replace(' ', '-').lower()}.txt").write_text(doc["title"] + "\n\n" + doc["text"])
    now = dt.datetime(2025, 7, 18, 8, tzinfo=dt.timezone.utc)
    list(Ingester(store, now=lambda: now).ingest_paths([drop]))

    def respond(body):
        passages = passages_in(body)
        chips = next(n for n, t in passages.items() if "tighten export licences" in t)
        fleets = next(n for n, t in passages.items() if "Coastal fleets stayed in port" in t)
        return reply({"positions": [], "deadlines": [], "open_questions": [], "developments": [
            {"summary": "Export licences tighten.", "citations": [
                {"passage": chips, "quote": "The Dutch government will tighten export licences"}]},
            {"summary": "Fleets idle.", "citations": [{"passage": fleets, "quote": "Coastal fleets stayed in port"}]},
        ]})

    with FakeOpenAI(respond=respond) as fake:
        briefing = Commands(store, now=lambda: now, llm=engine_on(fake)).digest()
    offline = Commands(store, now=lambda: now).digest()
    assert briefing.engine == "openai" and briefing.stories == offline.stories
    story_of = {source: s["story"] for s in offline.stories for source in s["sources"]}
    chips_story = story_of["delta-tech-wire"]
    assert story_of["polder-business"] == chips_story != story_of["coast-post"]
    by_summary = {d.summary: d.story for d in briefing.developments}
    assert by_summary == {"Export licences tighten.": chips_story, "Fleets idle.": story_of["coast-post"]}
    text = render_markdown(briefing)
    assert "## Other" not in text and f"## {chips_story} (2 documents)" in text
    assert text.index("Export licences tighten.") > text.index(f"## {chips_story}")
    fleets = f"## {story_of['coast-post']}"
    assert text.index("Fleets idle.") > text.index(fleets)


# -- context fitting -------------------------------------------------------------------------------

def test_passages_are_chosen_to_fit_the_context_and_the_json_says_what_was_left_out(store):
    now = _ingested(store)
    sent: list[dict[int, str]] = []

    def respond(body):
        sent.append(passages_in(body))
        return sloppy_model(body)

    with FakeOpenAI(respond=respond) as fake:
        roomy = Commands(store, now=lambda: now, llm=engine_on(fake, context_tokens=8000)).digest().to_json()
        briefing = Commands(store, now=lambda: now, llm=engine_on(fake, context_tokens=1700)).digest()
        tight = briefing.to_json()
    everything, fitted = sent
    # The republished copy's sentences go once: everything fits the default context, nothing is left out.
    assert roomy["llm"]["passages_left_out"] == 0 and roomy["llm"]["duplicates_merged"] >= 3
    assert len(everything) == roomy["llm"]["passages"] and len(set(everything.values())) == len(everything)
    leads = [t for t in everything.values() if "as the coastal states met for a third day" in t]
    assert len(leads) == 1 and "said on Tuesday" in leads[0]  # the original's wording, not the copy's
    # A tight context: fewer passages, whole ones, every outlet's lead among them, and the JSON counts the rest.
    assert 0 < len(fitted) < len(everything)
    assert tight["llm"]["passages"] == len(fitted)
    assert tight["llm"]["passages_left_out"] == len(everything) - len(fitted)
    assert set(fitted.values()) <= set(everything.values())  # whole sentences, none cut short
    for lead in ("Norway will not accept a mackerel share", "The European Union wants", "Coastal fleets stayed",
                 "The Faroese government has not decided"):
        assert any(lead in t for t in fitted.values()), lead
    assert tight["engine"] == "openai"
    assert render_markdown(briefing).rstrip().endswith(
        f"_model gpt-4o-mini ({tight['llm']['passages_left_out']} passages left out to fit its context)_")
