"""Text from the records, made safe for a Word document without losing anything else.

Word's XML forbids most C0 control characters, U+FFFE/U+FFFF and lone
surrogates; python-docx (lxml) raises on them. Everything else survives:
`&`, `<`, `>`, quotes, emoji and right-to-left text are plain text to XML.
A vertical tab (what Word puts on the clipboard for a manual line break),
a newline, a carriage return and a form feed become line breaks.
"""

from __future__ import annotations

import re

#: Characters that start a new line inside a paragraph.
LINE_BREAKS = re.compile(r"\r\n|[\n\r\x0b\x0c\x85\u2028\u2029]")

# XML 1.0 allows #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF].
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean(text: object) -> str:
    """Return `text` as a str holding only characters XML allows (line breaks kept as '\\n').

    None gives ''. Vertical tab, form feed, CR/LF and Unicode line separators
    become '\\n'; the other forbidden characters are removed. Nothing else is
    changed.
    """
    if text is None:
        return ""
    if not isinstance(text, str):
        text = str(text)
    text = LINE_BREAKS.sub("\n", text)
    return _FORBIDDEN.sub("", text)


def lines(text: object) -> list[str]:
    """Return the lines of `text` after `clean` (at least one, possibly empty, line)."""
    return clean(text).split("\n")


def one_line(text: object) -> str:
    """Return `text` cleaned with every line break (and tab) turned into a single space.

    For places that cannot hold a line break: email headers, file names,
    calendar summaries.
    """
    return " ".join(clean(text).replace("\t", " ").split())


def tidy_lines(text: object) -> str:
    """Return `text` cleaned, its lines kept (a line break each) but each line's runs of
    spaces and tabs made one space and its blank lines dropped: a person's paragraphs, as
    typed, without the indents and gaps of an email they came from."""
    return "\n".join(" ".join(line.split()) for line in lines(text) if line.strip())


def shorten(text: object, limit: int) -> str:
    """Return `text` on one line, whole when it has at most `limit` characters, else cut at
    the last word boundary before `limit` and ended with '…' (never inside a word)."""
    words = " ".join(clean(text).split())
    if len(words) <= limit:
        return words
    cut = words[:limit].rsplit(" ", 1)[0] if " " in words[:limit] else words[:limit]
    return cut.rstrip(" ,;:-") + "…"
