"""Public news search: bigram tokens (each pair of adjacent CJK characters, plus latin words
and numbers), one function for the stored tokens and for the query, so a two-character
Chinese query is an indexed lookup (GIN on Article.search_tokens) instead of a LIKE scan.
The passage shown under a hit is taken from the plain text and escaped before <mark> is added."""

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
RUN = re.compile(rf"[{CJK}]+|[0-9a-z]+")
MAX_WORDS = 5
PASSAGE = 60


def tokens(text: str) -> list[str]:
    """The distinct tokens of `text`: CJK bigrams (a lone CJK character is its own token)
    and lower-cased latin words/numbers, in first-seen order."""
    seen: dict[str, None] = {}
    for run in RUN.findall((text or "").lower()):
        if run[0].isascii():
            seen[run] = None
        elif len(run) == 1:
            seen[run] = None
        else:
            for i in range(len(run) - 1):
                seen[run[i : i + 2]] = None
    return list(seen)


def document_tokens(title: str, body_text: str) -> list[str]:
    """What is stored for an article: tokens of its title and body, plus every single
    CJK character so a one-character query can still be answered from the index."""
    found = tokens(f"{title}\n{body_text}")
    singles = dict.fromkeys(c for c in f"{title}{body_text}" if re.match(rf"[{CJK}]", c))
    return list(dict.fromkeys(found + list(singles)))


def words(query: str) -> list[str]:
    """The words of a query (split on blanks, at most MAX_WORDS, duplicates dropped)."""
    return list(dict.fromkeys(w for w in query.lower().split() if w))[:MAX_WORDS]


def query_tokens(query: str) -> list[str]:
    found: dict[str, None] = {}
    for word in words(query):
        for token in tokens(word):
            found[token] = None
    return list(found)


def passage(text: str, query: str, *, width: int = PASSAGE) -> SafeString:
    """The stretch of `text` around the first matching word, escaped, each word in <mark>."""
    text = text or ""
    terms = [w for w in words(query) if w]
    lower = text.lower()
    hits = [lower.find(w) for w in terms if lower.find(w) >= 0]
    start = max(0, min(hits) - width // 3) if hits else 0
    chunk = text[start : start + width]
    pattern = re.compile("|".join(re.escape(w) for w in sorted(terms, key=len, reverse=True)), re.I)
    out, last = [], 0
    if terms:
        for m in pattern.finditer(chunk):
            out.append(escape(chunk[last : m.start()]))
            out.append(f"<mark>{escape(m.group())}</mark>")
            last = m.end()
    out.append(escape(chunk[last:]))
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + width < len(text) else ""
    return mark_safe(prefix + "".join(out) + suffix)  # noqa: S308 - every piece escaped above
