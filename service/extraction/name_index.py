"""The names an article writes, found by their words: resolving a short form ("Derbeiko") looks only at the
names that hold its words, nearest first, so an article with n names costs about n look-ups, not n²."""

import bisect
from collections import Counter, defaultdict

from .naming import contains_words, name_key

THING_LABELS = {"FAC", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW"}  # never a person's name


class NameIndex:
    def __init__(self) -> None:
        self._by_word: dict[str, list[tuple[int, str, tuple[str, ...]]]] = defaultdict(
            list
        )  # word -> in order
        self.keys: set[tuple[str, ...]] = set()
        self._labels: dict[tuple[str, ...], Counter] = defaultdict(
            Counter
        )  # name -> what the recogniser called it

    def vote(self, name: str, label: str) -> None:
        """Count what the recogniser called this name here: one name keeps one sense through an article."""
        key = name_key(name)
        key = key[1:] if key[:1] == ("the",) else key  # "the Hale Building"
        self._labels[key]["thing" if label in THING_LABELS else label] += 1

    def _a_thing(self, key: tuple[str, ...]) -> bool:
        """ "Trump Tower", once read as a person and three times as a building, is no fuller name for "Trump"."""
        votes = self._labels.get(key)
        return bool(votes) and votes["thing"] > votes["PERSON"]

    def add(self, position: int, name: str) -> None:
        key = name_key(name)
        self.keys.add(key)
        for word in set(key):
            bisect.insort(self._by_word[word], (position, name, key))

    def nearest(
        self, key: tuple[str, ...], position: int, last_word: bool = False, after: bool = True
    ) -> str | None:
        """The nearest longer name holding `key` before `position`, else (with `after`) the first after it; with
        `last_word`, only names that end with the key's last word."""
        if not key:
            return None
        bucket = min((self._by_word.get(word, []) for word in key), key=len)
        split = bisect.bisect_right(bucket, (position, "\uffff"))
        for k in [*range(split - 1, -1, -1), *(range(split, len(bucket)) if after else ())]:
            _, full, fkey = bucket[k]
            if (
                len(fkey) > len(key)
                and (not last_word or fkey[-1] == key[-1])
                and contains_words(fkey, key)
                and not self._a_thing(fkey)
            ):
                return full
        return None

    def surname_holders(self, surname: str, position: int) -> list[str]:
        """The different people named before `position` whose name ends with this one word, in the order the
        article named them ("Robert Major", "Brenden Major"); a name holding another ("Rip Donald Trump" from a
        headline) is the same person as the shorter one."""
        bucket = self._by_word.get(surname, [])
        names = list(dict.fromkeys(full for pos, full, fkey in bucket if pos < position and len(fkey) > 1))
        keys = {name: name_key(name) for name in names}
        return [
            name
            for name in names
            if keys[name][-1] == surname
            and not any(other != name and contains_words(keys[name], keys[other]) for other in names)
        ]
