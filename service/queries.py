"""The read queries that the JSON API and the pages share: what a name refers to, the quote filters, and a
page of quotations read as plain rows, or, for the API on PostgreSQL, as JSON the database writes.

A page of 20 quotations as ORM objects dumped by marshmallow cost ~14 ms of Python; as one joined row each,
turned into dicts here, ~1 ms; as JSON text built by PostgreSQL, which Python passes through, a few tenths.
The API's QuoteSchema stays the documented shape (and the detail endpoint's serialiser); tests check that
all three give the same JSON.
"""
import json
from datetime import datetime, time, timezone
from functools import lru_cache
from threading import Lock
from typing import NamedTuple
from weakref import WeakSet

from sqlalchemy import (ColumnClause, Integer, TextClause, bindparam, func, literal_column, or_, select, text, true,
                        union)
from sqlalchemy.orm import aliased, selectinload

from .extensions import db
from .models import Article, Outlet, OutletAlias, Quote, Speaker, SpeakerAlias
from .names import outlet_key, speaker_key
from .search import contains_parameter, contains_pattern, literal_like, text_matches, text_query

MAX_ID = 2**31 - 1  # ids are 32-bit integers on PostgreSQL
# A page's size is written into the SQL rather than sent as a parameter. PostgreSQL then plans a statement with a
# small page once per connection (a prepared statement's generic plan) instead of on every request, a plan it
# cannot make when the limit is a parameter: planning a page cost more than running it.
PAGE_SIZE = bindparam("size", type_=Integer, literal_execute=True)
COUNT_LIMIT = bindparam("count_limit", type_=Integer, literal_execute=True)
SKIP = bindparam("skip", type_=Integer)


def as_id(value: str) -> int | None:
    """The row id a string of digits names, or None when it is no id at all."""
    if value.isascii() and value.isdigit() and 0 < int(value) <= MAX_ID:
        return int(value)
    return None


def find_by_ref(model, ref: str):
    """The speaker or outlet a path names by id or by slug, or None."""
    if as_id(ref):
        return db.session.get(model, as_id(ref))
    return db.session.scalar(select(model).where(model.slug == ref))


def speaker_ids(value: str) -> list[int]:
    """Speakers named by id, slug, name or alias ("Mr Derbeiko" finds Jan Derbeiko); a lone surname or
    forename finds every speaker it could be."""
    return sorted(speaker_counts(value))


# Built once: a statement built per request cost more Python than the database spends answering it. Each finds the
# rows a name refers to, with their kept quotation counts (n), from the parameters name_params gives: by id for a
# string of digits; else by slug, key or an alias's key; a speaker's lone surname or forename, only where nothing
# else matched (a one-time filter: the LIKE scan runs only then).
def _speakers_matching(*conditions):
    return select(Speaker.id, Speaker.quote_count.label("n")).where(or_(*conditions))


_SPEAKERS_EXACT = union(
    _speakers_matching(Speaker.id == bindparam("named_id"), Speaker.slug == bindparam("named_value"),
                       Speaker.key == bindparam("named_key")),
    select(Speaker.id, Speaker.quote_count.label("n")).join(SpeakerAlias, SpeakerAlias.speaker_id == Speaker.id)
    .where(SpeakerAlias.key == bindparam("named_key")))
SPEAKERS_NAMED = union(_SPEAKERS_EXACT.subquery().select(), _speakers_matching(
    Speaker.key.like(bindparam("named_surname"), escape="\\"), Speaker.key.like(bindparam("named_forename"), escape="\\"))
    .where(~select(_SPEAKERS_EXACT.subquery()).exists()))
OUTLETS_NAMED = union(
    select(Outlet.id, Outlet.quotes_spoken_to.label("n")).where(or_(
        Outlet.id == bindparam("named_id"), Outlet.slug == bindparam("named_value"), Outlet.key == bindparam("named_key"))),
    select(Outlet.id, Outlet.quotes_spoken_to.label("n")).join(OutletAlias, OutletAlias.outlet_id == Outlet.id)
    .where(OutletAlias.key == bindparam("named_key")))


def name_params(value: str, key_of=speaker_key) -> dict:
    """The parameters of SPEAKERS_NAMED (key_of=speaker_key) or OUTLETS_NAMED (outlet_key) for what a user typed."""
    if value.isdigit():
        return {"named_id": as_id(value) or 0, "named_value": None, "named_key": None,
                "named_surname": None, "named_forename": None}
    key = key_of(value)
    one_word, pattern = key and " " not in key, literal_like(key)
    return {"named_id": None, "named_value": value, "named_key": key,
            "named_surname": f"% {pattern}" if one_word else None, "named_forename": f"{pattern} %" if one_word else None}


def speaker_counts(value: str) -> dict[int, int]:
    """speaker_ids with each speaker's kept quote count, read by the same one query."""
    return dict(db.session.execute(SPEAKERS_NAMED, name_params(value)).all())


def outlet_ids(value: str) -> list[int]:
    return sorted(outlet_counts(value))


def outlet_counts(value: str) -> dict[int, int]:
    """The outlets named by id, slug, name or alias, with how many quotations were spoken to each (kept)."""
    return dict(db.session.execute(OUTLETS_NAMED, name_params(value, outlet_key)).all())


_KEPT: WeakSet = WeakSet()  # selects built once (quote_ids, speaker_list_ids) and every statement derived from them
_MADE: dict = {}  # (kept statement, how) -> the statement derived from it
MADE_LIMIT = 2048
_making = Lock()


def keep(statement):
    """Mark a select built once to be run many times: what is derived from it is then made once too."""
    _KEPT.add(statement)
    return statement


def derived(statement, how, build):
    """A statement made from `statement` (a page of it, its count, its JSON) by `build`: for a kept select (keep),
    made once and kept (the most recent MADE_LIMIT), so a quote list's page costs no statement building and no
    cache-key hashing per request (that cost more Python than PostgreSQL spends on the page); for a select built
    for one request, made anew."""
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


# The quote filters, each a WHERE clause whose value is the parameter named like the filter: quote_ids builds a
# list's select once per set of filters, quote_filter_values gives the values of one request.
QUOTE_FILTERS = {
    "speaker": lambda dialect: Quote.speaker_id.in_(bindparam("speaker", expanding=True)),
    "outlet": lambda dialect: or_(Quote.spoke_to_id.in_(bindparam("outlet", expanding=True)),
                                  Article.publisher_id.in_(bindparam("outlet", expanding=True))),
    "spoke_to": lambda dialect: Quote.spoke_to_id.in_(bindparam("spoke_to", expanding=True)),
    "publisher": lambda dialect: Article.publisher_id.in_(bindparam("publisher", expanding=True)),
    "article": lambda dialect: Quote.article_id == bindparam("article"),
    "kind": lambda dialect: Quote.kind == bindparam("kind"),
    "min_confidence": lambda dialect: Quote.confidence >= bindparam("min_confidence"),
    "q": text_matches,
    "since": lambda dialect: Article.published_at >= bindparam("since", type_=Article.published_at.type),
    "until": lambda dialect: Article.published_at <= bindparam("until", type_=Article.published_at.type),
    # an outlet's own list (not a query parameter): quotations spoken to it or published in it
    "in_outlet": lambda dialect: or_(Quote.spoke_to_id == bindparam("in_outlet"), Quote.article_id.in_(
        select(Article.id).where(Article.publisher_id == bindparam("in_outlet")))),
}
ARTICLE_FILTERS = {"outlet", "publisher", "since", "until"}  # filters on the article's columns: joined


def quote_filter_values(args: dict, dialect: str) -> dict:
    """The values of the quote filters given in `args`: names resolved to ids, days to the instants that bound
    them, a text query to what the engine's index takes."""
    return _filter_values(args, QUOTE_FILTERS, {
        "speaker": speaker_ids, "outlet": outlet_ids, "spoke_to": outlet_ids, "publisher": outlet_ids,
        "q": lambda query: text_query(query, dialect), "since": _day_start, "until": _day_end})


def _filter_values(args: dict, filters: dict, resolve: dict) -> dict:
    """The arguments that are `filters`, each through its `resolve` function if it has one."""
    return {name: resolve[name](value) if name in resolve else value
            for name, value in args.items() if name in filters}


@lru_cache(maxsize=512)
def quote_ids(filters: frozenset, dialect: str, by_date: bool = False):
    """The select of the ids of the quotations that pass `filters` (names of QUOTE_FILTERS), built once for each
    set and kept; `by_date` joins the articles for an order by publication date."""
    return keep(with_quote_filters(select(Quote.id), filters, dialect, by_date))


NAMED_FILTERS = {"speaker": (SPEAKERS_NAMED, Quote.speaker_id, speaker_key),
                 "spoke_to": (OUTLETS_NAMED, Quote.spoke_to_id, outlet_key)}


@lru_cache(maxsize=None)
def named_quote_ids(name: str, later_page: bool = False):
    """For a list narrowed by one name alone (NAMED_FILTERS), in id order, on PostgreSQL: the select of its
    quotation ids (unordered; order by its one column), and the select of its total, the named rows' kept counts,
    both reading the named rows from one CTE, so that the page is one statement. Each named row's first quotations
    come from its (speaker_id, id) or (spoke_to_id, id) index and are merged: `IN (the named ids)` sorted all
    1,229 quotations of a speaker for a page of 20 (1.4 ms against 0.04). A `later_page` takes each row's first
    size + skip: on the first page the limit is a constant, so PostgreSQL keeps one generic plan for the statement
    (with a parameter in it, it planned every request anew: 2.0 ms against 0.5). Run with name_params and `after`."""
    lookup, column, _ = NAMED_FILTERS[name]
    named = lookup.cte("named")
    firsts = (select(Quote.id).where(column == named.c.id, Quote.id > bindparam("after", type_=Integer))
              .order_by(Quote.id).limit(PAGE_SIZE + SKIP if later_page else PAGE_SIZE).lateral("firsts"))
    ids = select(firsts.c.id).select_from(named).join(firsts, true())
    return keep(ids), select(func.coalesce(func.sum(named.c.n), 0).label("n"))


def named_values(name: str, value: str, after: int = 0) -> dict:
    """The parameters of named_quote_ids(name) for one request (paginate sets `skip`)."""
    return name_params(value, NAMED_FILTERS[name][2]) | {"after": after}


def with_quote_filters(statement, filters, dialect: str, by_date: bool = False):
    if by_date or ARTICLE_FILTERS & set(filters):
        statement = statement.join(Quote.article)
    for name in sorted(filters):
        statement = statement.where(QUOTE_FILTERS[name](dialect))
    return statement


def filter_quotes(statement, args: dict):
    """The quote filters of `args` applied to a select of quote ids, with their values in it (the pages and the
    export, which build their select per request)."""
    dialect = db.session.get_bind().dialect.name
    values = quote_filter_values(args, dialect)
    return with_quote_filters(statement, values, dialect).params(values)


def _day_start(day):
    return datetime.combine(day, time.min, tzinfo=timezone.utc)


def _day_end(day):
    return datetime.combine(day, time.max, tzinfo=timezone.utc)

SpokeTo = aliased(Outlet, name="spoke_to")
Publisher = aliased(Outlet, name="publisher")

COLUMNS = (
    Quote.id, Quote.text, Quote.kind, Quote.speaker_label, Quote.speaker_mention, Quote.mention_start,
    Quote.mention_end, Quote.cue, Quote.cue_start, Quote.cue_end, Quote.start, Quote.end, Quote.parts, Quote.confidence,
    Speaker.id.label("speaker_id"), Speaker.name.label("speaker_name"), Speaker.slug.label("speaker_slug"),
    Speaker.kind.label("speaker_kind"),
    SpokeTo.id.label("spoke_to_id"), SpokeTo.name.label("spoke_to_name"), SpokeTo.slug.label("spoke_to_slug"),
    Article.id.label("article_id"), Article.title.label("article_title"), Article.url.label("article_url"),
    Article.published_at.label("article_published_at"),
    Publisher.id.label("publisher_id"), Publisher.name.label("publisher_name"),
    Publisher.slug.label("publisher_slug"),
)


def quote_rows(ids_statement, order_by, params: dict | None = None) -> list[dict]:
    """The quotations an id-selecting statement (already filtered, sorted and limited; run with `params`) picks,
    as JSON-ready dicts in `order_by` order; one query with every many-to-one join."""
    page = ids_statement.subquery()
    statement = (select(*COLUMNS).join(page, page.c.id == Quote.id)
                 .join(Article, Article.id == Quote.article_id)
                 .outerjoin(Speaker, Speaker.id == Quote.speaker_id)
                 .outerjoin(SpokeTo, SpokeTo.id == Quote.spoke_to_id)
                 .outerjoin(Publisher, Publisher.id == Article.publisher_id)
                 .order_by(*order_by))
    return [quote_json(row) for row in db.session.execute(statement, params)]


class JsonRows(NamedTuple):
    """A page of rows (quotations or speakers) as the text of a JSON array, how many it holds and the highest id
    among them (where a keyset page in id order ends); `total`: the rows of a select counted by the same
    statement (speaker_rows_json's `counting`, quote_rows_json's `total`), else None."""
    text: str
    count: int
    highest_id: int | None
    total: int | None = None


def rfc3339(column: str) -> str:
    """SQL writing a timestamp as Python's isoformat does (_rfc3339): in UTC, with six digits of fraction or none.
    PostgreSQL's own JSON drops a fraction's trailing zeros and uses the session's time zone."""
    utc = f"({column} AT TIME ZONE 'UTC')"
    return f"replace(to_char({utc}, 'YYYY-MM-DD\"T\"HH24:MI:SS.US') || '+00:00', '.000000+', '+')"


class PageTemplate(NamedTuple):
    """A page of rows as JSON, written by PostgreSQL around the ids a select picks (the CTE page_ids): the JSON
    array of the rows in the ids' order (an array keeps the order its select gives; WITH ORDINALITY numbers
    it), the highest id among them, and the joins that reach each row's columns. Built once, as SQLAlchemy
    text, so that a page is one statement whose compiled form SQLAlchemy keeps: compiling the ids' select into
    SQL text for every request cost more Python than the database spends running it."""
    name: str
    rows: ColumnClause
    highest: ColumnClause
    source: TextClause


def page_template(name: str, rows: str, highest: str, joins: str) -> PageTemplate:
    source = "unnest(ARRAY(SELECT page_ids.id FROM page_ids)) WITH ORDINALITY AS page (id, position)\n" + joins
    return PageTemplate(name, literal_column(rows), literal_column(highest), text(source))


def page_statement(template: PageTemplate, ids_statement, total=None):
    """The page's JSON, its row count and highest id; with `total`, a select of one number, also that number."""
    columns, ctes = [template.rows, func.count(), template.highest], [ids_statement.cte("page_ids")]
    if total is not None:  # a CTE read by text: a subquery of ORM columns would make this an ORM select
        columns.append(literal_column("(SELECT page_total.n FROM page_total)"))
        ctes.append(total.cte("page_total"))
    return select(*columns).select_from(template.source).add_cte(*ctes)


# One page of quotations as JSON: what quote_json writes.
QUOTE_PAGE_JSON = page_template("quotes", rows=f"""coalesce(json_agg(json_build_object(
    'id', quotes.id, 'text', quotes.text, 'kind', quotes.kind,
    'speaker', CASE WHEN speakers.id IS NOT NULL THEN json_build_object(
        'id', speakers.id, 'name', speakers.name, 'slug', speakers.slug, 'kind', speakers.kind) END,
    'speaker_label', quotes.speaker_label,
    'speaker_mention', CASE WHEN quotes.speaker_mention IS NOT NULL THEN json_build_object(
        'text', quotes.speaker_mention, 'start', quotes.mention_start, 'end', quotes.mention_end) END,
    'cue', CASE WHEN quotes.cue IS NOT NULL THEN json_build_object(
        'text', quotes.cue, 'start', quotes.cue_start, 'end', quotes.cue_end) END,
    'spoke_to', CASE WHEN spoke_to.id IS NOT NULL THEN json_build_object(
        'id', spoke_to.id, 'name', spoke_to.name, 'slug', spoke_to.slug) END,
    'start', quotes.start_offset, 'end', quotes.end_offset,
    'parts', CASE WHEN jsonb_typeof(quotes.parts) = 'array' AND quotes.parts <> '[]'::jsonb
        THEN (SELECT json_agg(json_build_object('start', part -> 'start', 'end', part -> 'end'))
              FROM jsonb_array_elements(quotes.parts) AS part)
        ELSE json_build_array(json_build_object('start', quotes.start_offset, 'end', quotes.end_offset)) END,
    'confidence', quotes.confidence,
    'article', json_build_object(
        'id', articles.id, 'title', articles.title, 'url', articles.url, 'published_at', {rfc3339('articles.published_at')},
        'publisher', CASE WHEN publisher.id IS NOT NULL THEN json_build_object(
            'id', publisher.id, 'name', publisher.name, 'slug', publisher.slug) END)
) ORDER BY page.position)::text, '[]')""", highest="max(quotes.id)", joins="""JOIN quotes ON quotes.id = page.id
JOIN articles ON articles.id = quotes.article_id
LEFT JOIN speakers ON speakers.id = quotes.speaker_id
LEFT JOIN outlets AS spoke_to ON spoke_to.id = quotes.spoke_to_id
LEFT JOIN outlets AS publisher ON publisher.id = articles.publisher_id""")


def quote_rows_json(ids_statement, order_by, params: dict | None = None, total=None) -> JsonRows:
    """quote_rows as JSON text. On PostgreSQL one statement returns the text, so a page costs Python no row
    objects, no dicts and no encoding (the statement's text is built once: PageTemplate), and with `total` (a
    kept select of one number: named_quote_ids) the list's total; elsewhere the rows are encoded here."""
    connection = db.session.connection()
    if connection.dialect.name != "postgresql":
        rows = quote_rows(ids_statement, order_by, params)
        return JsonRows(json.dumps(rows), len(rows), max((row["id"] for row in rows), default=None))
    return _json_page(connection, QUOTE_PAGE_JSON, ids_statement, params, total)


SPEAKER_PAGE_JSON = page_template("speakers", rows="""coalesce(json_agg(json_build_object(
    'id', speakers.id, 'name', speakers.name, 'slug', speakers.slug, 'kind', speakers.kind,
    'aliases', coalesce((SELECT json_agg(speaker_aliases.alias ORDER BY speaker_aliases.id) FROM speaker_aliases
                         WHERE speaker_aliases.speaker_id = speakers.id), '[]'),
    'descriptors', speakers.descriptors, 'quote_count', speakers.quote_count
) ORDER BY page.position)::text, '[]')""", highest="max(speakers.id)",
                                  joins="JOIN speakers ON speakers.id = page.id")


def speaker_rows_json(ids_statement, params: dict | None = None, counting=None) -> JsonRows:
    """The speakers an id-selecting statement (filtered, sorted and limited) picks, as JSON text: the
    documented SpeakerSchema shape, written by PostgreSQL in one statement, by Python elsewhere. On PostgreSQL
    the same statement counts the rows of `counting` (the list's total: a second statement cost more Python
    than its count)."""
    connection = db.session.connection()
    if connection.dialect.name == "postgresql":
        total = None if counting is None else derived(
            counting, "count", lambda: select(func.count().label("n")).select_from(counting.subquery()))
        return _json_page(connection, SPEAKER_PAGE_JSON, ids_statement, params, total)
    order = [speaker_id for speaker_id in db.session.scalars(ids_statement, params)]
    found = {s.id: s for s in db.session.scalars(select(Speaker).where(Speaker.id.in_(order))
                                                 .options(selectinload(Speaker.aliases)))}
    rows = [{"id": s.id, "name": s.name, "slug": s.slug, "kind": s.kind, "aliases": [a.alias for a in s.aliases],
             "descriptors": s.descriptors, "quote_count": s.quote_count} for s in map(found.get, order)]
    return JsonRows(json.dumps(rows), len(rows), max(order, default=None))


SPEAKER_JSON = f"""SELECT json_build_object(
    'id', speakers.id, 'name', speakers.name, 'slug', speakers.slug, 'kind', speakers.kind,
    'aliases', coalesce((SELECT json_agg(speaker_aliases.alias ORDER BY speaker_aliases.id) FROM speaker_aliases
                         WHERE speaker_aliases.speaker_id = speakers.id), '[]'),
    'descriptors', speakers.descriptors, 'quote_count', speakers.quote_count,
    'outlets', coalesce((SELECT json_agg(json_build_object(
            'id', outlets.id, 'name', outlets.name, 'slug', outlets.slug, 'quote_count', spoken.quote_count)
            ORDER BY spoken.quote_count DESC, outlets.id)
        FROM (SELECT quotes.spoke_to_id, count(*) AS quote_count FROM quotes
              WHERE quotes.speaker_id = speakers.id AND quotes.spoke_to_id IS NOT NULL
              GROUP BY quotes.spoke_to_id) AS spoken
        JOIN outlets ON outlets.id = spoken.spoke_to_id), '[]'),
    'first_seen', {rfc3339('speakers.first_seen')}, 'last_seen', {rfc3339('speakers.last_seen')})::text
FROM speakers WHERE speakers.id = %(id)s OR speakers.slug = %(slug)s"""


def speaker_json(ref: str) -> str | None:
    """One speaker, by id or slug, as the JSON text of the documented SpeakerDetailSchema (with the outlets they
    spoke to, most quoted first), or None. PostgreSQL writes it in one statement (three statements and a
    marshmallow dump served 2.4x fewer requests at 1M quotes); elsewhere it is written here."""
    connection = db.session.connection()
    if connection.dialect.name == "postgresql":
        return connection.exec_driver_sql(SPEAKER_JSON, {"id": as_id(ref), "slug": None if as_id(ref) else ref}).scalar()
    speaker = find_by_ref(Speaker, ref)
    if speaker is None:
        return None
    return json.dumps({"id": speaker.id, "name": speaker.name, "slug": speaker.slug, "kind": speaker.kind,
                       "aliases": [a.alias for a in speaker.aliases], "descriptors": speaker.descriptors,
                       "quote_count": speaker.quote_count, "outlets": speaker_outlets(speaker.id),
                       "first_seen": _rfc3339(speaker.first_seen), "last_seen": _rfc3339(speaker.last_seen)})


def _json_page(connection, template: PageTemplate, ids_statement, params: dict | None, total=None) -> JsonRows:
    statement = derived(ids_statement, (template.name, total), lambda: page_statement(template, ids_statement, total))
    return JsonRows(*connection.execute(statement, params).one())


def quote_json(row) -> dict:
    return {
        "id": row.id, "text": row.text, "kind": row.kind,
        "speaker": _ref(row.speaker_id, row.speaker_name, row.speaker_slug) | {"kind": row.speaker_kind}
        if row.speaker_id is not None else None,
        "speaker_label": row.speaker_label,
        "speaker_mention": _span(row.speaker_mention, row.mention_start, row.mention_end),
        "cue": _span(row.cue, row.cue_start, row.cue_end),
        "spoke_to": _ref(row.spoke_to_id, row.spoke_to_name, row.spoke_to_slug),
        "start": row.start, "end": row.end, "parts": quote_parts(row), "confidence": row.confidence,
        "article": {
            "id": row.article_id, "title": row.article_title, "url": row.article_url,
            "published_at": _rfc3339(row.article_published_at),
            "publisher": _ref(row.publisher_id, row.publisher_name, row.publisher_slug),
        },
    }


def quote_parts(quote) -> list[dict]:
    """Each piece of the spoken words; a quote stored before parts existed is one piece, its envelope."""
    return [{"start": p["start"], "end": p["end"]} for p in quote.parts] if quote.parts \
        else [{"start": quote.start, "end": quote.end}]


def _ref(id_, name, slug) -> dict | None:
    return None if id_ is None else {"id": id_, "name": name, "slug": slug}


def _span(text, start, end) -> dict | None:
    return None if text is None else {"text": text, "start": start, "end": end}


def _rfc3339(value) -> str | None:
    if value is None:
        return None
    return (value if value.tzinfo else value.replace(tzinfo=timezone.utc)).isoformat()


def speaker_outlets(speaker_id: int) -> list[dict]:
    """The outlets a speaker spoke to, most quoted first (an index-only scan: count(*), not count(id))."""
    rows = db.session.execute(
        select(Outlet.id, Outlet.name, Outlet.slug, func.count().label("quote_count"))
        .join(Quote, Quote.spoke_to_id == Outlet.id).where(Quote.speaker_id == speaker_id)
        .group_by(Outlet.id, Outlet.name, Outlet.slug).order_by(func.count().desc(), Outlet.id))
    return [row._asdict() for row in rows]


def speaker_article_count(speaker_id: int) -> int:
    return db.session.scalar(select(func.count(func.distinct(Quote.article_id))).where(Quote.speaker_id == speaker_id))


def quotes_per_month(speaker_id: int) -> list[tuple[str, int]]:
    """("YYYY-MM", quotations) for each month the speaker's articles were published in, oldest first."""
    month = _month_of(Article.published_at)
    rows = db.session.execute(
        select(month.label("month"), func.count().label("n")).select_from(Quote)
        .join(Article, Article.id == Quote.article_id).where(Quote.speaker_id == speaker_id, Article.published_at.is_not(None)).group_by(month).order_by(month))
    return [(row.month, row.n) for row in rows]


def _month_of(column):
    if db.session.get_bind().dialect.name == "postgresql":
        return func.to_char(func.timezone("UTC", column), "YYYY-MM")
    return func.strftime("%Y-%m", column)


# The speaker list's filters, like QUOTE_FILTERS: each value a parameter named like the filter.
SPEAKER_FILTERS = {
    "name": lambda: or_(contains_parameter(Speaker.name, "name"), Speaker.id.in_(
        select(SpeakerAlias.speaker_id).where(contains_parameter(SpeakerAlias.alias, "name")))),
    "kind": lambda: Speaker.kind == bindparam("kind"),
    "outlet": lambda: Speaker.id.in_(
        select(Quote.speaker_id).where(Quote.spoke_to_id.in_(bindparam("outlet", expanding=True)))),
}


def speaker_filter_values(args: dict) -> dict:
    """The values of the speaker filters given in `args`: a name as the pattern that finds it, an outlet's ids."""
    return _filter_values(args, SPEAKER_FILTERS, {"name": contains_pattern, "outlet": outlet_ids})


@lru_cache(maxsize=64)
def speaker_list_ids(filters: frozenset):
    """The select of the ids of the speakers that pass `filters` (names of SPEAKER_FILTERS), built once and kept."""
    statement = select(Speaker.id)
    for name in sorted(filters):
        statement = statement.where(SPEAKER_FILTERS[name]())
    return keep(statement)


def speakers_named(text: str):
    """A select of the ids of speakers whose name or an alias contains `text` (any case)."""
    return speaker_list_ids(frozenset({"name"})).params(name=contains_pattern(text))


def article_speakers(article_id: int) -> list[dict]:
    """The speakers quoted in one article, most quoted first."""
    rows = db.session.execute(
        select(Speaker.id, Speaker.name, Speaker.slug, Speaker.kind, func.count().label("quote_count"))
        .join(Quote, Quote.speaker_id == Speaker.id).where(Quote.article_id == article_id)
        .group_by(Speaker.id, Speaker.name, Speaker.slug, Speaker.kind).order_by(func.count().desc(), Speaker.name))
    return [row._asdict() for row in rows]


def outlet_speakers(outlet_id: int, limit: int = 50) -> list[dict]:
    """The speakers who spoke to an outlet, most quoted first."""
    rows = db.session.execute(
        select(Speaker.id, Speaker.name, Speaker.slug, func.count().label("quote_count"))
        .join(Quote, Quote.speaker_id == Speaker.id).where(Quote.spoke_to_id == outlet_id)
        .group_by(Speaker.id, Speaker.name, Speaker.slug).order_by(func.count().desc(), Speaker.name).limit(limit))
    return [row._asdict() for row in rows]
