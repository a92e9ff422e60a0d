"""Turn the bytes of one dropped file into text plus whatever metadata the format carries.

One reader per format, picked by extension. Readers never guess a publication
date: only a date the file states as metadata (HTML meta tags, an email Date
header) is returned, so that an undated file stays visibly undated. Anything we
cannot turn into text raises ReadError with a short reason meant for humans.
"""

from __future__ import annotations

import codecs
import datetime
import email
import email.policy
import email.utils
import html
import io
import logging
import re
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path
from typing import TYPE_CHECKING

import charset_normalizer

if TYPE_CHECKING:
    from trafilatura.settings import Document

__all__ = ["RawDocument", "ReadError", "cap_text", "decode_text", "limit_html", "read_document"]


class ReadError(Exception):
    """A file that cannot be turned into text; str(err) is a short reason for humans,
    e.g. "binary content", "empty file", "not a valid PDF", "no text part in email"."""


@dataclass
class RawDocument:
    text: str
    format: str  # "txt" | "md" | "html" | "eml" | "pdf"
    title: str | None = None
    published: datetime.date | None = None
    published_source: str | None = None  # "html-meta" | "email-header"
    author: str | None = None
    source: str | None = None
    url: str | None = None
    # trafilatura has removed the page's furniture and kept its headline once: the cleaner then only
    # drops what it still let through (a "See also" teaser), never that headline as a repeat of the title.
    extracted: bool = False
    truncated: bool = False  # the text was cut at the character cap (see `cap_text`)


# Signatures of formats people drop by mistake; some carry no NUL in the first bytes.
_BINARY_MAGIC = (
    b"\x89PNG\r\n\x1a\n", b"GIF87a", b"GIF89a", b"\xff\xd8\xff", b"PK\x03\x04",
    b"\x1f\x8b", b"%PDF-", b"\x7fELF", b"\xd0\xcf\x11\xe0",  # the last: OLE2 .doc/.xls
)
# C0/C1 controls other than tab, newlines, form feed and the DOS end-of-file mark.
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0e-\x19\x1b-\x1f\x7f-\x9f]")
_MAX_CONTROL_RATIO = 0.02
# cp1252 is by far the most common legacy encoding of English web copy, yet on short
# samples charset-normalizer often ranks cp1250, mac_iceland or even big5 above it.
# These are the non-ASCII characters a Western text decoded as cp1252 plausibly holds.
_ACCENTED_RUN = re.compile(r"[^\W\d_\x00-\x7f]{3,}")
_WESTERN_EXTRA = frozenset("“”‘’‚„–—…•€™«»°§©®±·¿¡£¥¢¶†‡‰‹›ˆ˜\u00a0\u00ad")


def _is_plausible_western(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    high = [c for c in letters if ord(c) > 127]
    # Cyrillic or Greek read as cp1252 turns whole words into accented Latin letters.
    if len(high) > 0.3 * len(letters) or _ACCENTED_RUN.search(text):
        return False
    return all(c in _WESTERN_EXTRA or (c.isalpha() and ord(c) <= 0x17F) for c in text if ord(c) > 127)


def _looks_like_bomless_utf16(data: bytes) -> str | None:
    """ASCII-heavy UTF-16 without a BOM has a NUL in every other byte."""
    if len(data) < 4 or len(data) % 2:
        return None
    odd_nuls = data[1::2].count(0)
    even_nuls = data[0::2].count(0)
    half = len(data) // 2
    if odd_nuls > 0.7 * half and even_nuls == 0:
        return "utf-16-le"
    if even_nuls > 0.7 * half and odd_nuls == 0:
        return "utf-16-be"
    return None


def _decode_bytes(data: bytes) -> str:
    for bom, codec in ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
                       (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                       (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(codec)
            except UnicodeDecodeError:
                raise ReadError(f"invalid {codec.upper()} text") from None
    if data.startswith(_BINARY_MAGIC):
        raise ReadError("binary content")
    if b"\x00" in data:
        codec = _looks_like_bomless_utf16(data)
        if codec is None:
            raise ReadError("binary content")
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            raise ReadError("binary content") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = charset_normalizer.from_bytes(data).best()
    if best is None or best.encoding != "cp1252":
        try:
            as_cp1252 = data.decode("cp1252")
        except UnicodeDecodeError:
            as_cp1252 = None
        if as_cp1252 is not None and _is_plausible_western(as_cp1252):
            return as_cp1252
    if best is None:
        raise ReadError("binary content")
    return str(best)


def decode_text(data: bytes) -> str:
    """Decode a text file without ever producing mojibake or replacement characters.

    UTF-8 (with or without BOM) and UTF-16/32 with a BOM are trusted; anything
    else goes through charset-normalizer, except that a clean cp1252 reading of
    Western text wins over its guess. Newlines come out as "\\n".
    """
    if not data:
        raise ReadError("empty file")
    text = _decode_bytes(data)
    controls = len(_CONTROL_CHARS.findall(text))
    if "\x00" in text or controls > _MAX_CONTROL_RATIO * len(text):
        raise ReadError("binary content")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    if not text.strip():
        raise ReadError("blank file")
    return text


_MIN_ARTICLE_WORDS = 5
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


def _decode_html(data: bytes) -> str:
    """Honour a declared charset when the bytes are not UTF-8: the page knows better than a guess."""
    if not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) and b"\x00" not in data[:1024]:
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            declared = _META_CHARSET.search(data[:4096])
            if declared:
                name = declared.group(1).decode("ascii").lower()
                # Browsers read a declared latin-1 as cp1252; so do we.
                name = "cp1252" if name in {"iso-8859-1", "latin-1", "latin1", "us-ascii"} else name
                try:
                    text = data.decode(name)
                except (LookupError, UnicodeDecodeError):
                    pass
                else:
                    return text.replace("\r\n", "\n").replace("\r", "\n")
    return decode_text(data)


def _iso_date(value: str | None) -> datetime.date | None:
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value[:10])
    except ValueError:
        return None


HTML_PER_TEXT = 2  # trafilatura gets at most this many characters of page per character of the text cap
_SCRIPT_LIKE = ("script", "style", "svg", "noscript", "template")
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def cap_text(text: str, max_chars: int | None) -> tuple[str, bool]:
    """The text cut to at most `max_chars` characters (None: no cap), at a line end when one is near,
    else at a space; and whether it was cut."""
    if not max_chars or len(text) <= max_chars:
        return text, False
    for mark in ("\n", " "):
        cut = text.rfind(mark, max(0, max_chars - 2000), max_chars + 1)
        if cut > 0:
            return text[:cut], True
    return text[:max_chars], True


def limit_html(html_text: str, max_chars: int | None) -> tuple[str, bool]:
    """What trafilatura may parse, and whether page content was cut: scripts, styles and the like
    emptied, then at most `max_chars` characters, cut before a tag. Its parse of a huge page grows
    faster than the page (a 15 MB page of repeated tags took 1.3 GB); a real article is far shorter.
    JSON-LD stays: it carries the metadata. Linear: every search resumes where the last one stopped.
    """
    if not max_chars or len(html_text) <= max_chars:
        return html_text, False
    lower = html_text.translate(_ASCII_LOWER)  # str.lower() may change the length ("İ"), and so the offsets
    upcoming = {tag: lower.find(f"<{tag}") for tag in _SCRIPT_LIKE}  # next opening of each kind, -1: none left
    parts, at, kept = [], 0, 0
    while kept < max_chars:
        for tag, found in upcoming.items():
            if 0 <= found < at:
                upcoming[tag] = lower.find(f"<{tag}", at)
        opened = [(found, tag) for tag, found in upcoming.items() if found >= 0]
        if not opened:
            parts.append(html_text[at:at + max_chars - kept])
            break
        start, tag = min(opened)
        parts.append(html_text[at:start])
        kept += start - at
        open_end = lower.find(">", start)
        close = lower.find(f"</{tag}", open_end) if open_end >= 0 else -1
        if close < 0:
            break  # unclosed: a browser would swallow the rest too (nothing readable is lost)
        close_end = lower.find(">", close)
        block_end = len(html_text) if close_end < 0 else close_end + 1
        if "ld+json" in lower[start:open_end]:
            parts.append(html_text[start:block_end])
            kept += block_end - start
        at = block_end
    limited = "".join(parts)
    if len(limited) < max_chars:
        return limited, False
    limited = limited[:max_chars]
    cut = limited.rfind("<")
    return (limited[:cut] if cut > 0 else limited), True


def load_readers(name: str | None = None) -> None:
    """Import the library that reads a file of this name (trafilatura for a page or a mail, pypdf for a PDF);
    every one without a name. Each takes 0.3-0.5 s to import, which a folder of plain text never needs;
    called before a file's time budget starts, as the first such file would wait for it."""
    suffix = Path(name).suffix.lower() if name is not None else None
    if suffix in (None, ".html", ".htm", ".eml"):
        import trafilatura  # noqa: F401
    if suffix in (None, ".pdf"):
        import pypdf  # noqa: F401


def _extract_html(html: str) -> tuple[str, Document] | None:
    import trafilatura

    # extensive_search would guess a date from the body text; we want metadata only.
    doc = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, include_tables=True,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    # trafilatura falls back to any text at all ("Home"); a page of menus is not an article.
    if doc is None or len((doc.text or "").split()) < _MIN_ARTICLE_WORDS:
        return None
    # trafilatura puts one paragraph per line; the rest of the pipeline expects blank lines.
    paragraphs = [line.strip() for line in doc.text.splitlines() if line.strip()]
    return "\n\n".join(paragraphs), doc


def _read_html(data: bytes, max_chars: int | None = None) -> RawDocument:
    html_text = _decode_html(data)
    page, cut = limit_html(html_text, max_chars and max_chars * HTML_PER_TEXT)
    extracted = _extract_html(page)
    if extracted is None:
        raise ReadError("no article text in HTML page")
    text, doc = extracted
    text, truncated = cap_text(text, max_chars)
    published = _iso_date(doc.date)
    return RawDocument(
        text=text, format="html", title=doc.title or None, published=published,
        published_source="html-meta" if published else None, author=doc.author or None,
        source=doc.sitename or _site_from_title(html_text, doc.title) or None, url=doc.url or None,
        extracted=True, truncated=truncated or cut,
    )


_TITLE_TAG = re.compile(r"<title[^>]*>(.*?)</title>", re.I | re.S)


def _site_from_title(html_text: str, title: str | None) -> str | None:
    """"Strike looms at Rotterdam | Maritime Ledger": the outlet, when the page names it nowhere else.

    A " | " segment at the end is the site's by convention; a dash only when the
    article's own title (from the h1 or og:title) leaves the segment out, since
    "Ukraine - Russia talks" is a headline, not a site.
    """
    m = _TITLE_TAG.search(html_text[:20000])
    if not m:
        return None
    full = " ".join(html.unescape(m.group(1)).split())
    for sep in (" | ", " – ", " — ", " - "):
        head, found, site = full.rpartition(sep)
        if not found or not head or not site[:1].isupper() or len(site) > 40 or len(site.split()) > 5:
            continue
        if sep == " | " or (title and site not in title):
            return site
    return None


def _part_text(part: EmailMessage) -> str:
    """A MIME part's text, decoded by its declared charset if that works, else by our detector."""
    payload = part.get_payload(decode=True) or b""
    charset = part.get_content_charset()
    if charset:
        try:
            return payload.decode(charset).replace("\r\n", "\n").replace("\r", "\n")
        except (LookupError, UnicodeDecodeError):
            pass  # mislabelled parts are common in mail; fall back to detection
    try:
        return decode_text(payload)
    except ReadError:
        return ""


def _header(msg: EmailMessage, name: str) -> str | None:
    try:
        value = msg[name]
    except Exception:  # malformed headers raise from the policy's parser
        return None
    if value is None:
        return None
    return str(value).strip() or None


def _read_eml(data: bytes, max_chars: int | None = None) -> RawDocument:
    if b"\x00" in data or data.startswith(_BINARY_MAGIC):
        raise ReadError("binary content")
    msg = email.message_from_bytes(data, policy=email.policy.default)
    if not msg.keys():
        raise ReadError("not an email message")
    title = _header(msg, "Subject")
    published = None
    date_header = _header(msg, "Date")
    if date_header:
        try:
            # The sender's own local date: the day the message says it was written.
            published = email.utils.parsedate_to_datetime(date_header).date()
        except (TypeError, ValueError, IndexError):
            published = None
    source = None
    sender = _header(msg, "From")
    if sender:
        name, address = email.utils.parseaddr(sender)
        source = name or address or None
    base = RawDocument(text="", format="eml", title=title, published=published,
                       published_source="email-header" if published else None, source=source)

    plain = msg.get_body(preferencelist=("plain",))
    if plain is not None:
        text = _part_text(plain)
        if text.strip():
            base.text, base.truncated = cap_text(text, max_chars)
            return base
    html_part = msg.get_body(preferencelist=("html",))
    if html_part is not None:
        html_text = _part_text(html_part)
        page, cut = limit_html(html_text, max_chars and max_chars * HTML_PER_TEXT)
        extracted = _extract_html(page)
        if extracted is not None:
            text, doc = extracted
            base.text, truncated = cap_text(text, max_chars)
            base.truncated = truncated or cut
            base.author = doc.author or None
            base.extracted = True
            return base
    raise ReadError("no text part in email")


def _read_pdf(data: bytes, max_chars: int | None = None) -> RawDocument:
    import pypdf

    # pypdf logs recoverable damage as warnings; the ReadError below is what a user sees.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise ReadError("encrypted PDF")
        pages, total = [], 0
        for page in reader.pages:  # no more pages than the cap needs
            pages.append(page.extract_text() or "")
            total += len(pages[-1]) + 2
            if max_chars and total > max_chars:
                break
        meta = reader.metadata
    except ReadError:
        raise
    except Exception as err:  # pypdf raises many types on damaged files
        raise ReadError("not a valid PDF") from err
    text = "\n\n".join(p.strip() for p in pages if p.strip())
    if not text:
        raise ReadError("no text in PDF (scanned image?)")
    text, truncated = cap_text(text, max_chars)
    truncated = truncated or len(pages) < len(reader.pages)
    title = author = None
    if meta is not None:
        title = (meta.title or "").strip() or None
        author = (meta.author or "").strip() or None
    # The creation date is when the file was made, not when the story was published.
    return RawDocument(text=text, format="pdf", title=title, author=author, truncated=truncated)


def read_document(path: Path, data: bytes, *, max_chars: int | None = None) -> RawDocument:
    """Read one file's bytes according to its extension; raises ReadError.

    `max_chars` caps the text (None: no cap); `RawDocument.truncated` says when it cut.
    """
    suffix = path.suffix.lower()
    if not data:
        raise ReadError("empty file")
    if suffix in (".txt", ".md"):
        text, truncated = cap_text(decode_text(data), max_chars)
        return RawDocument(text=text, format=suffix[1:], truncated=truncated)
    if suffix in (".html", ".htm"):
        return _read_html(data, max_chars)
    if suffix == ".eml":
        return _read_eml(data, max_chars)
    if suffix == ".pdf":
        if b"%PDF-" not in data[:1024]:  # the spec tolerates junk before the header
            raise ReadError("not a valid PDF")
        return _read_pdf(data, max_chars)
    raise ReadError(f"unsupported file type {suffix or '(none)'}")
