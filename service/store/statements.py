"""Statements built once and run many times, with each request's values as parameters.

A select built per request cost more Python than the database spends answering it, so each list keeps one
select per set of filters (quotes.quote_ids, speakers.speaker_list_ids) and marks it with `keep`; what is made
from a kept select (a page of it, its count, its JSON) is then made once too, by `derived`.
"""

from threading import Lock
from weakref import WeakSet

from sqlalchemy import Integer, bindparam

# A page's size is written into the SQL rather than sent as a parameter. PostgreSQL then plans a statement
# with a small page once per connection (a prepared statement's generic plan) instead of on every request, a
# plan it cannot make when the limit is a parameter: planning a page cost more than running it.
PAGE_SIZE = bindparam("size", type_=Integer, literal_execute=True)
COUNT_LIMIT = bindparam("count_limit", type_=Integer, literal_execute=True)
SKIP = bindparam("skip", type_=Integer)

_KEPT: WeakSet = (
    WeakSet()
)  # selects built once (quote_ids, speaker_list_ids) and every statement derived from them
_MADE: dict = {}  # (kept statement, how) -> the statement derived from it
MADE_LIMIT = 2048
_making = Lock()


def keep(statement):
    """Mark a select built once to be run many times: what is derived from it is then made once too."""
    _KEPT.add(statement)
    return statement


def derived(statement, how, build):
    """A statement made from `statement` (a page of it, its count, its JSON) by `build`: for a kept select
    (keep), made once and kept (the most recent MADE_LIMIT), so a quote list's page costs no statement
    building and no cache-key hashing per request (that cost more Python than PostgreSQL spends on the page);
    for a select built for one request, made anew."""
    if statement not in _KEPT:
        return build()
    key = (statement, how)
    made = _MADE.get(key)
    if made is None:
        made = keep(build())
        with _making:
            if len(_MADE) >= MADE_LIMIT:
                del _MADE[next(iter(_MADE))]  # the oldest
            _MADE[key] = made
    return made


def filter_values(args: dict, filters: dict, resolve: dict) -> dict:
    """The arguments that are `filters`, each through its `resolve` function if it has one: the values a kept
    select of those filters runs with."""
    return {
        name: resolve[name](value) if name in resolve else value
        for name, value in args.items()
        if name in filters
    }
