"""A small reader of nginx's configuration syntax, enough for the shipped deploy/nginx.conf:
directives (words, quoted strings) ending in ``;`` and blocks in braces; ``#`` comments."""

import re
from dataclasses import dataclass, field
from pathlib import Path

TOKEN = re.compile(
    r"""\s+|\#[^\n]*|"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|([{};])|([^\s{};"'#][^\s{};]*)"""
)


@dataclass
class Block:
    name: str = ""
    args: list[str] = field(default_factory=list)
    directives: list[tuple[str, list[str]]] = field(default_factory=list)
    blocks: list["Block"] = field(default_factory=list)

    def values(self, name: str) -> list[list[str]]:
        return [args for directive, args in self.directives if directive == name]

    def value(self, name: str) -> list[str]:
        [args] = self.values(name)
        return args

    def block(self, name: str, *args: str) -> "Block":
        [found] = [b for b in self.blocks if b.name == name and b.args[: len(args)] == list(args)]
        return found


def tokens(text: str):
    position = 0
    while position < len(text):
        match = TOKEN.match(text, position)
        if match is None:
            raise ValueError(f"cannot read nginx config at {text[position : position + 20]!r}")
        position = match.end()
        double, single, punctuation, word = match.groups()
        if double is not None or single is not None:
            yield "word", double if double is not None else single
        elif punctuation:
            yield punctuation, punctuation
        elif word:
            yield "word", word


def parse(path: Path) -> Block:
    root = Block()
    stack, words = [root], []
    for kind, value in tokens(path.read_text(encoding="utf-8")):
        if kind == "word":
            words.append(value)
        elif kind == ";":
            stack[-1].directives.append((words[0], words[1:]))
            words = []
        elif kind == "{":
            block = Block(name=words[0], args=words[1:])
            stack[-1].blocks.append(block)
            stack.append(block)
            words = []
        else:  # "}"
            stack.pop()
    assert len(stack) == 1 and not words, "unbalanced braces or a directive without ;"
    return root


def size_in_bytes(value: str) -> int:
    """nginx sizes: ``20m``, ``512k``, ``1048576``."""
    number, unit = re.fullmatch(r"(\d+)([kKmMgG]?)", value).groups()
    return int(number) * {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}[unit.lower()]
