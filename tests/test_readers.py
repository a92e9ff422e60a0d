"""Readers: every format, every encoding trap, every way a dropped file can be junk."""

from __future__ import annotations

import datetime
import random
from email.message import EmailMessage
from pathlib import Path

import pytest

from bot.readers import ReadError, decode_text, read_document

MESSY = Path(__file__).parent / "fixtures" / "messy"


def _read(name: str):
    path = MESSY / name
    return read_document(path, path.read_bytes())


# --- decoding -------------------------------------------------------------------------

def test_cp1252_fixture_comes_out_with_real_quotes_and_dashes():
    raw = (MESSY / "faroe-talks-cp1252.txt").read_bytes()
    assert b"\x93historic rights\x94" in raw and b"\x97" in raw  # really cp1252 on disk
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    doc = read_document(MESSY / "faroe-talks-cp1252.txt", raw)
    assert doc.format == "txt" and not doc.extracted
    assert doc.text.startswith("Fishing talks stall over \u201chistoric rights\u201d claim\n\n")
    assert "TROMS\u00d8, 18 July 2025 \u2014 Talks between Norway" in doc.text
    assert "Norway\u2019s fisheries ministry said it would \u2018reflect\u2019" in doc.text
    assert "T\u00f3rshavn" in doc.text
    assert "\r" not in doc.text and "\u00e2\u20ac" not in doc.text  # no CRLF, no mojibake


def test_utf16_fixture_with_bom():
    raw = (MESSY / "consent-banners-utf16.txt").read_bytes()
    assert raw[:2] == b"\xff\xfe"
    doc = read_document(MESSY / "consent-banners-utf16.txt", raw)
    assert doc.text.split("\n\n")[:2] == [
        "Data regulator gives platforms 30 days to fix consent banners",
        "Published: 16 July 2025 09:12 CET",
    ]
    assert "fines of up to \u20ac20 million" in doc.text
    assert "\u201creject\u201d buttons" in doc.text
    assert "Stra\u00dfburg-based" in doc.text
    assert "\ufeff" not in doc.text and "\x00" not in doc.text


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"\xef\xbb\xbfTariff talks resume", "Tariff talks resume"),
        (b"\xfe\xff" + "Tariff talks \u2014 day two".encode("utf-16-be"), "Tariff talks \u2014 day two"),
        ("Quota deal \u201cclose\u201d".encode("utf-16-le"), "Quota deal \u201cclose\u201d"),  # no BOM
        (b"Line one\r\nLine two\rLine three", "Line one\nLine two\nLine three"),
        (b"BMW and Volvo welcomed the tariff deal.", "BMW and Volvo welcomed the tariff deal."),  # not a bitmap
        # Short cp1252 snippets that charset-normalizer alone reads as cp855 or big5.
        (b"It\x92s done.", "It\u2019s done."),
        (b"\x93No\x94", "\u201cNo\u201d"),
        (b"Deal reached \x97 for now.", "Deal reached \u2014 for now."),
        ("N\u00e9gociations: accord \u00abproche\u00bb.".encode("latin-1"), "N\u00e9gociations: accord \u00abproche\u00bb."),
    ],
)
def test_decode_text_encodings(data, expected):
    assert decode_text(data) == expected


def test_cyrillic_legacy_encoding_is_not_forced_into_cp1252():
    text = "Переговоры о тарифах на сталь продолжатся в понедельник, заявил министр торговли."
    assert decode_text(text.encode("cp1251")) == text


@pytest.mark.parametrize(
    "data",
    [
        random.Random(7).randbytes(600) + b"\x00\x00",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00\x08\x02",
        b"\x89PNG\r\n\x1a\n",  # the bare signature, no NUL to give it away
        bytes(range(1, 9)) * 40 + b"some text",  # control characters without NULs
        b"PK\x03\x04\x14\x00\x06\x00",  # a .docx renamed to .txt
    ],
)
def test_binary_content_is_rejected(data):
    with pytest.raises(ReadError, match="^binary content$"):
        read_document(Path("drop/story.txt"), data)


@pytest.mark.parametrize(
    ("data", "reason"),
    [(b"", "empty file"), (b"  \n\t\r\n   ", "blank file"), (b"\xef\xbb\xbf\n\n", "blank file"),
     ("   \n".encode("utf-16"), "blank file")],
)
def test_empty_and_blank_files(data, reason):
    with pytest.raises(ReadError) as err:
        read_document(Path("drop/story.md"), data)
    assert str(err.value) == reason


def test_suffix_is_case_insensitive_and_unknown_suffixes_are_refused():
    assert read_document(Path("STORY.TXT"), b"Quota talks").format == "txt"
    assert read_document(Path("notes.Md"), b"# Quota talks").format == "md"
    with pytest.raises(ReadError, match="unsupported"):
        read_document(Path("story.docx"), b"Quota talks")


# --- HTML -----------------------------------------------------------------------------

def test_html_fixture_main_text_and_metadata():
    doc = _read("port-levy.html")
    assert doc.format == "html" and doc.extracted
    assert doc.title == "Rotterdam and Antwerp push back on EU port levy"
    assert doc.published == datetime.date(2025, 7, 18)
    assert doc.published_source == "html-meta"
    assert doc.source == "Coast Post"
    assert doc.author == "Lotte Vermeulen"
    assert doc.url == "https://coastpost.example/trade/2025/07/port-levy-pushback"
    assert "add about \u20ac45 to the cost of moving a container" in doc.text
    assert "\u201cWe support the climate goal" in doc.text
    assert "alongside rules on port state aid." in doc.text
    for furniture in ("Share on Facebook", "Copy link", "Shipping lines reroute", "Most read",
                      "Baltic grain corridor", "Sign up for our newsletter", "We use cookies",
                      "All rights reserved", "Privacy", "Skip to content"):
        assert furniture not in doc.text, furniture
    # One paragraph per block, blank-line separated like every other reader's output.
    assert "carbon market.\n\nIn a joint letter" in doc.text


@pytest.mark.parametrize("title, source", [
    ("Dockworkers threaten strike at Rotterdam | Maritime Ledger", "Maritime Ledger"),
    ("Dockworkers threaten strike at Rotterdam - Maritime Ledger", "Maritime Ledger"),
    ("Ukraine - Russia talks resume in Istanbul", None),  # the h1 keeps "Russia talks": a headline, not a site
    ("Dockworkers threaten strike at Rotterdam", None),
])
def test_an_html_page_without_a_site_name_takes_its_outlet_from_the_title_suffix(title, source):
    h1 = title.split(" | ")[0].rsplit(" - Maritime", 1)[0]
    page = (f"<html><head><title>{title}</title></head><body><article><h1>{h1}</h1>"
            "<p>The union said on Thursday it would call a 48-hour strike at Europe's largest port starting next "
            "Monday unless employers improve their pay offer, after a fourth round of talks broke down.</p>"
            "<p>No date has been set for further talks, a spokesperson for the employers said.</p>"
            "</article></body></html>")
    assert read_document(Path("a1.html"), page.encode()).source == source


def test_html_date_comes_from_metadata_never_from_the_body():
    page = ("<html><head><title>Tariff talks collapse</title></head><body><article><h1>Tariff talks collapse</h1>"
            "<p>Negotiators walked out on Monday, 14 July 2025 after failing to agree on the deadline of "
            "September 2, 2025 for the quota review, officials in Geneva said on condition of anonymity.</p>"
            "<p>They will meet again next month, according to a note circulated to delegations.</p>"
            "</article></body></html>")
    doc = read_document(Path("talks.html"), page.encode())
    assert "walked out on Monday" in doc.text
    assert doc.published is None and doc.published_source is None


def test_html_declared_windows_1252_charset_is_honoured():
    page = ("<html><head><meta http-equiv='Content-Type' content='text/html; charset=windows-1252'>"
            "<title>Port levy</title></head><body><article><p>The levy is \u201cnot climate policy\u201d "
            "\u2014 it is cargo policy, the port\u2019s chief executive told reporters in Antwerp on Friday "
            "after the ministers met.</p><p>The Commission said the proposal was carefully calibrated and "
            "that talks would continue in September.</p></article></body></html>")
    doc = read_document(Path("levy.htm"), page.encode("cp1252"))
    assert "\u201cnot climate policy\u201d \u2014 it is cargo policy, the port\u2019s chief" in doc.text


def test_html_without_article_text_is_rejected():
    with pytest.raises(ReadError, match="no article text"):
        read_document(Path("empty.html"), b"<html><head><title>x</title></head><body><nav>Home</nav></body></html>")


# --- email ----------------------------------------------------------------------------

def test_eml_fixture_quoted_printable_plain_part_and_headers():
    doc = _read("swiss-custody-rules.eml")
    assert doc.format == "eml" and not doc.extracted
    assert doc.title == "Z\u00fcrich regulator delays crypto custody rules \u2014 banks get until 2026"
    assert doc.published == datetime.date(2025, 7, 22)
    assert doc.published_source == "email-header"
    assert doc.source == "Alpine Markets Desk"
    assert "lenders in Z\u00fcrich and Gen\u00e8ve warned" in doc.text
    assert "said on Tuesday it would give banks" in doc.text  # soft line break rejoined
    assert "\u201cWe would rather have the rules right than early,\u201d" in doc.text
    assert "\u20ac2 million per bank" in doc.text
    assert "=C3" not in doc.text and "<p>" not in doc.text  # the plain part, decoded


def _mail(**headers) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = headers.get("From", "Nordic Wire <desk@nordicwire.example>")
    msg["Subject"] = headers.get("Subject", "Herring talks")
    if "Date" in headers:
        msg["Date"] = headers["Date"]
    return msg


def test_eml_html_only_goes_through_trafilatura():
    msg = _mail(Date="Mon, 21 Jul 2025 23:40:00 -0400")
    msg.set_content(
        "<html><body><nav>Home | World</nav><article><p>Iceland walked out of herring talks in London on "
        "Monday after coastal states refused to revisit the 2021 sharing key, two delegates said.</p>"
        "<p>The next round is due in October, but no venue has been agreed.</p></article>"
        "<footer>Unsubscribe</footer></body></html>", subtype="html")
    doc = read_document(Path("mail.eml"), msg.as_bytes())
    assert "Iceland walked out of herring talks" in doc.text
    assert "Unsubscribe" not in doc.text
    assert doc.extracted
    assert doc.published == datetime.date(2025, 7, 21)  # the sender's date, not UTC's 22nd
    assert doc.source == "Nordic Wire"


def test_eml_with_only_an_attachment_has_no_text_part():
    msg = _mail()
    msg.add_attachment(b"\x89PNG\r\n\x1a\n\x00\x00", maintype="image", subtype="png", filename="chart.png")
    with pytest.raises(ReadError) as err:
        read_document(Path("mail.eml"), msg.as_bytes())
    assert str(err.value) == "no text part in email"


def test_eml_mislabelled_charset_falls_back_to_detection():
    body = "Talks \u201cstalled\u201d again \u2014 Norway\u2019s delegation left early.\n".encode("cp1252")
    raw = (b"From: Coast Post <news@coastpost.example>\nSubject: Talks stall\nMIME-Version: 1.0\n"
           b"Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n" + body)
    doc = read_document(Path("mail.eml"), raw)
    assert doc.text.strip() == "Talks \u201cstalled\u201d again \u2014 Norway\u2019s delegation left early."
    assert doc.published is None and doc.published_source is None  # no Date header


def test_eml_that_is_binary_is_rejected():
    with pytest.raises(ReadError, match="^binary content$"):
        read_document(Path("mail.eml"), b"\x00\x01\x02 not a message" * 10)


# --- PDF ------------------------------------------------------------------------------

def _pdf(lines: list[str], info: bytes = b"<< >>") -> bytes:
    """A minimal but valid one-page PDF: Helvetica text, a correct xref table."""
    def esc(s: str) -> str:
        return s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    content = ("BT /F1 12 Tf 14 TL 72 720 Td " + " ".join(f"({esc(x)}) Tj T*" for x in lines) + " ET").encode("cp1252")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        info,
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 6 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def test_pdf_text_and_title_but_no_publication_date():
    data = _pdf(["Norway and the EU agreed a steel quota on Friday.", "Talks on aluminium resume next week."],
                info=b"<< /Title (Steel quota agreed) /Author (Anna Petrova) /CreationDate (D:20250101120000Z) >>")
    doc = read_document(Path("quota.pdf"), data)
    assert doc.format == "pdf" and not doc.extracted
    assert doc.text == "Norway and the EU agreed a steel quota on Friday.\nTalks on aluminium resume next week."
    assert doc.title == "Steel quota agreed" and doc.author == "Anna Petrova"
    assert doc.published is None  # a creation date says when the file was made, not the story


@pytest.mark.parametrize("damage", ["truncated", "garbled", "no header"])
def test_corrupted_pdf_is_rejected(damage):
    good = _pdf(["Tariffs rise on Monday."])
    data = {"truncated": good[:150], "garbled": good[:60] + random.Random(3).randbytes(400),
            "no header": b"this is not a pdf at all"}[damage]
    with pytest.raises(ReadError) as err:
        read_document(Path("broken.pdf"), data)
    assert str(err.value) == "not a valid PDF"


def test_pdf_without_text_says_so():
    with pytest.raises(ReadError, match="no text in PDF"):
        read_document(Path("scan.pdf"), _pdf([]))
