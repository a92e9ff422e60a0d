"""A five-article window (one of them a republished copy) and a second story, written for the LLM tests,
and two scripted models that answer from the passages a request carries: a sloppy one and an inventing one.

The sloppy model behaves like a decent model that retypes what it copies: straight
quotation marks for curly ones, a hyphen for a dash, collapsed whitespace, a dropped
full stop, a lower-case first letter, an ellipsis, a quote cited to the wrong passage,
and one claim of its own. The inventing model makes every claim up.
"""

from __future__ import annotations

import json

from summarizer.text.sentences import split_sentences
from tests.fake_openai import Canned, passages_in, reply

HARBOUR = {
    "id": "a" * 64, "source": "Harbour Wire", "title": "Norway holds out for 30 percent of the mackerel quota",
    "published": "2025-07-15T08:00:00+00:00",
    "text": "BERGEN, July 15 (Harbour Wire) \u2013 Norway will not accept a mackerel share below 30 percent, "
            "Fisheries Minister Ingrid Dahl said on Tuesday, as the coastal states met for a third day.\n\n"
            "\u201cOslo will not sign anything that gives us less than 30 percent,\u201d Dahl told reporters outside "
            "the talks. \u201cThe offer on the table is final \u2014 and it is not good enough.\u201d\n\n"
            "Both sides must submit revised proposals by September 5, according to a draft seen by Harbour Wire.\n\n"
            "It remains unclear whether the Faroe Islands will join the next round.",
}
ISLAND = {  # Harbour Wire's story republished, lightly edited: a near-duplicate
    "id": "e" * 64, "source": "Island Review", "title": "Norway holds out for 30 percent of mackerel quota",
    "published": "2025-07-15T11:00:00+00:00", "duplicate_of": "a" * 64,
    "text": "BERGEN, July 15 (Harbour Wire) \u2013 Norway will not accept a mackerel share below 30 percent, "
            "Fisheries Minister Ingrid Dahl said Tuesday, as the coastal states met for a third day.\n\n"
            "\"Oslo will not sign anything that gives us less than 30 percent,\" Dahl told reporters outside "
            "the talks. \"The offer on the table is final - and it is not good enough.\"\n\n"
            "Both sides must submit revised proposals by September 5, according to a draft seen by Harbour Wire.\n\n"
            "This article was republished with permission.",
}
NORDIC = {
    "id": "b" * 64, "source": "Nordic Ledger", "title": "EU wants a return to the 2020 mackerel allocation",
    "published": "2025-07-16T09:30:00+00:00",
    "text": "The European Union wants a return to the 2020 allocation, a Commission spokesperson said on "
            "Wednesday.  Brussels called Norway\u2019s demand \u201cunilateral\u201d and said the talks would "
            "continue next month in T\u00f3rshavn.\nThe spokesperson said the bloc was \u201cready to compromise, "
            "but not at any price\u201d.",
}
COAST = {
    "id": "c" * 64, "source": "Coast Post", "title": "Mackerel fleets stay in port",
    "published": "2025-07-17T06:00:00+00:00",
    "text": "Coastal fleets stayed in port on Monday as the mackerel quota dispute dragged on.\n\n"
            "Skippers in \u00c5lesund said they had lost three weeks of fishing \u2014 the longest stoppage since "
            "2019 \u2014 and blamed both governments for the mackerel talks.",
}
FAROE = {
    "id": "d" * 64, "source": "Faroe Times", "title": "T\u00f3rshavn undecided on mackerel round",
    "published": "2025-07-17T14:00:00+00:00",
    "text": "The Faroese government has not decided whether it will take part in the September round of "
            "mackerel talks, Fisheries Minister J\u00f3gvan Hansen said in a statement on Thursday.\n\n"
            "The statement gave no reason for the delay in the mackerel quota talks.",
}
WINDOW = [HARBOUR, ISLAND, NORDIC, COAST, FAROE]
CHIPS = {  # another story in the same window
    "id": "f" * 64, "source": "Delta Tech Wire", "title": "Dutch tighten chip machine export rules",
    "published": "2025-07-17T10:00:00+00:00",
    "text": "The Dutch government will tighten export licences for advanced lithography machines from "
            "September 1, the trade ministry said on Thursday.\n\n"
            "Lithography makers said the new export licences would delay shipments of chip-making machines "
            "to customers in Asia.",
}
CHIPS_TWO = {
    "id": "g" * 64, "source": "Polder Business", "title": "Chip machine makers warn on export licences",
    "published": "2025-07-17T12:00:00+00:00",
    "text": "Makers of lithography machines warned that the Dutch export licences for chip-making machines "
            "would cost them orders from Asia.\n\n"
            "The trade ministry said the licences for lithography machines were needed for security reasons.",
}
DOCS = {d["id"]: d for d in (*WINDOW, CHIPS, CHIPS_TWO)}


def rows(*documents: dict) -> list[dict]:
    """The store's sentence rows for these documents (the real splitter; text == document text[start:end])."""
    out = []
    for doc in documents:
        for idx, (start, end, text) in enumerate(split_sentences(doc["text"])):
            out.append({"id": len(out) + 1, "document_id": doc["id"], "idx": idx, "start": start, "end": end,
                        "text": text})
    return out


def _number(body: dict, words: str) -> int | None:
    """The number of the first passage holding these words (the sloppy model knows where it read them)."""
    return next((n for n, text in sorted(passages_in(body).items()) if words in text), None)


def _seen(out: dict) -> dict:
    """Only the items whose passages the request carried (a tight context sends fewer)."""
    return {kind: [i for i in items if all(c["passage"] is not None for c in i["citations"])]
            for kind, items in out.items()}


# What the sloppy model writes, and the verbatim source text each of its quotes must be shown as.
SLOPPY_EXPECTED = {
    "typography": ("Harbour Wire", "\u201cThe offer on the table is final \u2014 and it is not good enough.\u201d"),
    "stop-and-case": ("Harbour Wire", "Both sides must submit revised proposals by September 5, according to a "
                                      "draft seen by Harbour Wire"),
    "whitespace": ("Nordic Ledger", "The European Union wants a return to the 2020 allocation, a Commission "
                                    "spokesperson said on Wednesday.  Brussels called Norway\u2019s demand"),
    "ellipsis": ("Coast Post", "Skippers in \u00c5lesund said they had lost three weeks of fishing \u2014 the "
                               "longest stoppage since 2019 \u2014 and blamed both governments for the mackerel "
                               "talks."),
    "wrong-passage": ("Faroe Times", "has not decided whether it will take part in the September round"),
}
INVENTED = ("Iceland will join the talks in September", "walked out", "collapsed on Friday", "Reykjavik",
            "Iceland")


def sloppy_model(body: dict) -> Canned:
    """A briefing whose true quotes are retyped (see SLOPPY_EXPECTED), with one invented claim among them."""
    if "Question:" in next(m["content"] for m in body["messages"] if m["role"] == "user"):
        return reply({"answer": "Norway calls the offer final but \"not good enough\", and says it has \"walked "
                                "out\".", "answerable": True,
                      "citations": [{"passage": _number(body, "The offer on the table"),
                                     "quote": '"The offer on the table is final - and it is not good enough."'}]})
    out = {
        "positions": [
            {"actor": "Norway", "stance": 'Will not go below 30 percent; calls the offer "not good enough" and '
                                          'says the talks "collapsed on Friday".',
             "citations": [{"passage": _number(body, "The offer on the table"),
                            "quote": '"The offer on the table is final - and it is not good enough."'}]},
            {"actor": "European Union", "stance": "Wants the 2020 allocation back.",
             "citations": [{"passage": _number(body, "The European Union wants"),
                            "quote": "The European Union wants a return to the 2020 allocation, a Commission "
                                     "spokesperson said on Wednesday. Brussels called Norway's demand"}]},
            {"actor": "Iceland", "stance": "Will join the talks.",
             "citations": [{"passage": _number(body, "The European Union wants"),
                            "quote": "Iceland will join the talks in September, Reykjavik said."}]},
        ],
        "deadlines": [
            {"what": "Revised proposals are due", "due": "2025-09-05", "due_text": "by September 5",
             "citations": [{"passage": _number(body, "Both sides must submit"),
                            "quote": "both sides must submit revised proposals by September 5, according to a "
                                     "draft seen by Harbour Wire"}]},
        ],
        "open_questions": [
            {"question": "Will the Faroe Islands take part in the September round?",
             "citations": [{"passage": _number(body, "Coastal fleets stayed in port"),  # the wrong passage
                            "quote": "has not decided whether it will take part in the September round"}]},
        ],
        "developments": [
            {"summary": "Fishing crews lost three weeks of work.",
             "citations": [{"passage": _number(body, "Skippers in"),
                            "quote": "Skippers in \u00c5lesund said they had lost three weeks of fishing ... and "
                                     "blamed both governments"}]},
        ],
    }
    return reply(_seen(out))


def inventing_model(body: dict) -> Canned:
    """Every claim made up, each cited to a real passage number."""
    first = min(passages_in(body))
    if "Question:" in next(m["content"] for m in body["messages"] if m["role"] == "user"):
        return reply({"answer": "Iceland walked out and the talks collapsed on Friday.", "answerable": True,
                      "citations": [{"passage": first, "quote": "The talks collapsed on Friday after Iceland walked "
                                                                "out."}]})
    claim = {"passage": first, "quote": "Iceland will join the talks in September, Reykjavik said."}
    return reply({
        "positions": [{"actor": "Iceland", "stance": "Iceland walked out.", "citations": [claim]},
                      {"actor": "Norway", "stance": "Norway walked out too.",
                       "citations": [{"passage": first, "quote": "Norway walked out of the talks on Friday."}]}],
        "deadlines": [{"what": "Talks collapsed on Friday", "due": "2025-07-18", "due_text": "on Friday",
                       "citations": [{"passage": first, "quote": "The talks collapsed on Friday, Reykjavik said."}]}],
        "open_questions": [{"question": "Will Reykjavik return?", "citations": [claim]}],
        "developments": [{"summary": "The talks collapsed on Friday.", "citations": [claim]}],
    })


def as_json(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, default=vars)


def texts_of(obj) -> str:
    """Every string inside a rendering (Slack blocks, Discord embeds), one a line: what a reader sees."""
    if isinstance(obj, str):
        return obj
    if isinstance(obj, dict):
        return "\n".join(texts_of(v) for v in obj.values())
    if isinstance(obj, (list, tuple)):
        return "\n".join(texts_of(v) for v in obj)
    return ""
