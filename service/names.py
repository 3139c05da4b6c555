"""Normalised keys for matching names of speakers and outlets across articles."""
import re
import unicodedata

from .extraction.lexicon import COMPANY_SUFFIXES, HONORIFICS


def words(name: str) -> list[str]:
    text = unicodedata.normalize("NFKC", name).replace("’", "'").lower()
    return re.findall(r"[^\W_]+(?:['-][^\W_]+)*", text)


def speaker_key(name: str) -> str:
    """"Mr. Jan Derbeiko's" and "jan derbeiko" share the key "jan derbeiko"; honorifics and possessives go."""
    tokens = [w.removesuffix("'s") for w in words(name)]
    while len(tokens) > 1 and tokens[0].rstrip(".") in HONORIFICS | {"the"}:
        tokens = tokens[1:]  # never the last word: "Major" is a surname as well as a rank
    if len(tokens) > 1 and tokens[-1].rstrip(",") in COMPANY_SUFFIXES:
        tokens = tokens[:-1]  # "Samsung Electronics Co." is "Samsung Electronics"
    return " ".join(tokens)


def outlet_key(name: str) -> str:
    """"MailOnline", "Mail Online", "the Mail-Online" share the key "mailonline"."""
    tokens = words(name)
    if tokens[:1] == ["the"] and len(tokens) > 1:
        tokens = tokens[1:]
    return "".join(re.findall(r"[^\W_]+", "".join(tokens)))


def slugify(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or "unnamed"
