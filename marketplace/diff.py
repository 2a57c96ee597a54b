"""A readable word diff for curators: Chinese by character, other scripts by word, so that a changed sentence
shows what was taken out and what was put in rather than two whole paragraphs."""
import difflib
import re

TOKENS = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]|\w+|\s+|[^\w\s]")


def text_diff(before, after):
    """[(op, text)] with op "same", "del" or "ins"; consecutive pieces of one kind are joined."""
    old, new = TOKENS.findall(before or ""), TOKENS.findall(after or "")
    pieces = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag == "equal":
            pieces.append(("same", "".join(old[i1:i2])))
            continue
        if i2 > i1:
            pieces.append(("del", "".join(old[i1:i2])))
        if j2 > j1:
            pieces.append(("ins", "".join(new[j1:j2])))
    joined = []
    for op, text in pieces:
        if joined and joined[-1][0] == op:
            joined[-1] = (op, joined[-1][1] + text)
        else:
            joined.append((op, text))
    return joined
