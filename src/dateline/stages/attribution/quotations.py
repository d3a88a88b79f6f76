"""Quotation marks and text helpers: where the quotations of an article are, and small
span utilities every step shares."""
from __future__ import annotations

import bisect
import re

from spacy.tokens import Doc, Token

from ...extensions import doc_text
from . import settings as cfg


def find_quotes(text: str) -> list[tuple[int, int]]:
    """Quotation spans [start, end) including their marks.

    Curly, straight and guillemet marks; a quote left open at a paragraph end continues
    when the next paragraph opens with a quote mark (news convention for multi-paragraph
    quotes), else it runs to the paragraph end (unbalanced marks).
    """
    out: list[tuple[int, int]] = []
    # two apostrophes or backticks stand for a double quote mark in some wire text
    text = text.replace("''", '"\x00').replace("``", '"\x00')
    paras = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    open_at: int | None = None
    for pi, (ps, pe) in enumerate(paras):
        i = ps
        while i < pe:
            ch = text[i]
            if i == ps and open_at is not None and ch in cfg.QUOTE_CHARS:
                i += 1  # continuation paragraph of a multi-paragraph quote
                continue
            if ch in cfg.OPEN_QUOTES or (ch in '"' + cfg.CLOSE_QUOTES and open_at is None and _opens(text, i)):
                if open_at is None:
                    open_at = i
                elif ch in cfg.OPEN_QUOTES and i == ps:
                    pass  # continuation paragraph of a multi-paragraph quote
            elif ch in cfg.CLOSE_QUOTES or ch == '"':
                if open_at is not None:
                    out.append((open_at, i + 2 if text[i + 1:i + 2] == "\x00" else i + 1))
                    open_at = None
            i += 1
        if open_at is not None:
            nxt = paras[pi + 1][0] if pi + 1 < len(paras) else None
            if nxt is not None and text[nxt] in cfg.OPEN_QUOTES + '"':
                continue  # multi-paragraph quote: the next paragraph reopens it
            out.append((open_at, pe))
            open_at = None
    return out


def _in_quote(pos: int, quotes) -> bool:
    i = bisect.bisect_right(quotes, (pos, 1 << 60)) - 1
    return i >= 0 and quotes[i][0] < pos < quotes[i][1]


def _opens(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if before.isspace() or before in "([{-\u2014:;,":
        return True
    return not (after.isspace() or after in ".,;:!?)")


def _para_start(doc: Doc, tok: Token) -> int:
    """Index of the first token of tok's paragraph."""
    text = _text(doc)
    ps = text.rfind("\n", 0, tok.idx) + 1
    i = tok.i
    while i > 0 and doc[i - 1].idx >= ps and not doc[i - 1].is_space:
        i -= 1
    return i


def _near_quote(content, quotes) -> bool:
    s, e = content
    return any(qs < e and s < qe for qs, qe in quotes)


def _opening_quote_before(doc: Doc, tok: Token, lx: dict, quotes):
    """ '"A," X, wearing a "Cruz" pin, said' / '"A?" asked X': a quotation that opens its
    sentence and stops on a comma, question mark or dash right before the speaker and a
    speech cue is the content, whatever the parse hung on the cue (PolNeAR train)."""
    if tok.lemma_.lower() not in lx["speech"] or any(ch.dep_ in ("ccomp", "xcomp") and ch.i > tok.i
                                                    for ch in tok.children):
        return None
    if tok.tag_ not in ("VBD", "VBZ", "VBP") or tok.dep_ not in ("ROOT", "ccomp", "parataxis"):
        return None  # a finite main verb ('"A," X said'), not "recalling", "to say"
    q = _quote_before(doc, tok, quotes)
    if q is None or _quote_after(doc, tok, quotes) is not None:
        return None
    text = _text(doc)
    if text[q[0]:q[1]].rstrip("\"'\u201d\u00bb\u203a\u2019\x00 ")[-1:] not in ",?!\u2014-":
        return None
    before = text[:q[0]].rstrip(" \t")
    if before and before[-1] not in "\n.!?:" and not before.endswith(("\u201d", '"', "''")):
        return None  # 'He called it "a disaster," she said': the quotation is mid-sentence
    return q


def _quote_closes(s: str) -> bool:
    """A closing quote mark in these characters (the end of a quotation before a cue)."""
    return any(ch in cfg.CLOSE_QUOTES + '"' for ch in s) or "''" in s


def _quote_before(doc: Doc, tok: Token, quotes):
    """A quotation ending right before the source+cue ("'...,' he said",
    "'...,' Ramos, 58, told AFP", "'...,' James B. Comey Jr., wearing a "Cruz" pin, said")."""
    left = tok.idx
    text = _text(doc)
    skipped = []
    for qs, qe in reversed(quotes):
        if qe > left:
            continue
        if len(text[qs:qe].split()) < cfg.FLOATING_MIN_WORDS and left - qe < 80 and "\n" not in text[qe:left] \
                and re.fullmatch(r"[\w,]\s", text[max(0, qs - 2):qs]):
            skipped.append((qs, qe))
            continue  # a short quoted name inside the speaker's words ('X, wearing "Cruz" pins,')
        gap = text[qe:left]
        g = list(_abbrev_free(doc, qe, left))
        for a, b in skipped:
            g[a - qe:b - qe] = " " * (b - a)
        if len(gap) < 80 and "\n" not in gap and not re.search(r"[.!?;:\"\u201c\u201d]", "".join(g)):
            return (qs, qe)
        break
    return None


def _abbrev_free(doc: Doc, s: int, e: int) -> str:
    """text[s:e] with the periods of abbreviation tokens ("James B. Comey Jr.", "Sen.")
    blanked, so that only a sentence-ending period counts as punctuation."""
    text = _text(doc)
    periods = doc.user_data.get("_abbrev_periods")
    if periods is None:  # (token start, period offset) of every abbreviation token, once per Doc
        periods = [(t.idx, t.idx + len(t.text) - 1) for t in doc
                   if len(t.text) > 1 and t.text.endswith(".") and not t.is_sent_end]
        doc.user_data["_abbrev_periods"] = periods
    out = None
    for ts, p in periods[bisect.bisect_left(periods, (s, -1)):]:
        if p >= e:
            break
        if out is None:
            out = list(text[s:e])
        out[p - s] = " "
    return text[s:e] if out is None else "".join(out)


def _quote_after(doc: Doc, tok: Token, quotes):
    """ "X said: '...'" or "X said, '...'" with nothing else between."""
    right = _tok_end(tok.right_edge) if tok.right_edge.i > tok.i else _tok_end(tok)
    right = _tok_end(tok)
    for qs, qe in quotes:
        if qs >= right:
            gap = _text(doc)[right:qs]
            if len(gap) < 4 and re.fullmatch(r"[\s,:\u2014-]*", gap):
                return (qs, qe)
            # "tweeted in response: '...'", "added warily: '...'"
            if cfg.COLON_GAP.fullmatch(gap):
                return (qs, qe)
            break
    return None


def _trim(doc: Doc, lo: int, hi: int) -> tuple[int, int] | None:
    if hi < lo:
        return None
    while hi > lo and (doc[hi].is_punct and doc[hi].text not in cfg.QUOTE_CHARS or doc[hi].is_space):
        hi -= 1
    while lo < hi and (doc[lo].is_punct and doc[lo].text not in cfg.QUOTE_CHARS or doc[lo].is_space):
        lo += 1
    if hi < lo:
        return None
    return doc[lo].idx, _tok_end(doc[hi])


def _ends_open(text: str, s: int, e: int) -> bool:
    """A quotation text[s:e] whose words stop on a comma or dash inside the closing
    mark(s) ('"A,"', "''A,''", '"'House of Cards,'"'): the sentence goes on after the cue."""
    body = text[s:e].rstrip(" \x00")
    core = body.rstrip(cfg.CLOSE_QUOTES + "\"'\u2019")
    return len(core) < len(body) and core[-1:] in ",\u2014-"


def _dedup(xs):
    out = []
    for x in xs:
        if x and x not in out:
            out.append(x)
    return out


def _overlap(a, b) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _quoted(text: str, span) -> bool:
    """The span holds a quotation mark (curly, straight, guillemet, or a doubled
    apostrophe/backtick standing for one, as in some wire text)."""
    seg = text[span[0]:span[1]]
    return any(ch in cfg.QUOTE_CHARS for ch in seg) or "''" in seg or "``" in seg


def _sent_index(starts, pos) -> int:
    import bisect

    return max(0, bisect.bisect_right(starts, pos) - 1)


def _kind_of(content: str) -> str:
    s = content.strip().replace("''", '"').replace("``", '"')
    if not any(ch in cfg.QUOTE_CHARS for ch in s):
        return "indirect"
    if s[0] in cfg.QUOTE_CHARS and s.rstrip(".,")[-1:] in cfg.CLOSE_QUOTES + '"':
        return "direct"
    return "mixed"


def _text(doc: Doc) -> str:
    """The article text, built once per Doc (``extensions.doc_text``)."""
    return doc_text(doc)


def _tok_end(t: Token) -> int:
    return t.idx + len(t.text)
