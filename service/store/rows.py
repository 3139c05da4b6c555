"""The rows the API's lists answer with, each defined once: its marshmallow schema here is the documented
contract (api/ answers with it, the export and the pages read the same rows).

The faster writers of the same rows are made from each schema, never written by hand beside it:

- `FlatRows(schema, model)`: one select of the columns the schema reads, with every many-to-one join, and
  `read(row)`, the dict the schema would dump (~5 µs a row against marshmallow's ~40): the lists on SQLite,
  the export, the pages.
- `json_sql(schema, model, table)`: the PostgreSQL expression that writes the same object in the database
  (json_pages.py wraps it into a page), so that Python passes the text through.

How a field is read: by default it is the model attribute of its name, a column (a `UtcDateTime` as RFC 3339),
or for a Nested schema the row a relationship leads to (null when there is none). A field no column holds
(a Method or Function field) says in `computed(field, sql)` how PostgreSQL writes it; FlatRows calls the field
itself on the joined row, whose root columns carry their attribute names. tests/store/test_rows.py holds both
writers to each schema's own dump.
"""

from datetime import timezone

from marshmallow import Schema, fields
from sqlalchemy import select
from sqlalchemy.orm import aliased

from .models import QUOTE_KINDS, SPEAKER_KINDS


class UtcDateTime(fields.DateTime):
    """RFC 3339 with an offset always: SQLite hands back naive datetimes, which are stored as UTC."""

    def _serialize(self, value, attr, obj, **kwargs):
        return rfc3339(value)


def rfc3339(value) -> str | None:
    if value is None:
        return None
    return (value if value.tzinfo else value.replace(tzinfo=timezone.utc)).isoformat()


def rfc3339_sql(column: str) -> str:
    """SQL writing a timestamp as rfc3339 does: in UTC, with six digits of fraction or none. PostgreSQL's own
    JSON drops a fraction's trailing zeros and uses the session's time zone."""
    utc = f"({column} AT TIME ZONE 'UTC')"
    return f"replace(to_char({utc}, 'YYYY-MM-DD\"T\"HH24:MI:SS.US') || '+00:00', '.000000+', '+')"


def computed(field: fields.Field, sql: str) -> fields.Field:
    """A field no single column holds, with the SQL that writes its value ({table}: the row's table or
    alias)."""
    field.sql = sql
    return field


def span_sql(text: str, start: str, end: str, table: str = "{table}") -> str:
    """SQL for a piece of the text kept as three columns: {text, start, end}, or null without text."""
    return (
        f"CASE WHEN {table}.{text} IS NOT NULL THEN json_build_object("
        f"'text', {table}.{text}, 'start', {table}.{start}, 'end', {table}.{end}) END"
    )


def span_of(text, start, end) -> dict | None:
    return None if text is None else {"text": text, "start": start, "end": end}


def quote_parts(quote) -> list[dict]:
    """Each piece of the spoken words; a quote stored before parts existed is one piece, its envelope."""
    if quote.parts:
        return [{"start": p["start"], "end": p["end"]} for p in quote.parts]
    return [{"start": quote.start, "end": quote.end}]


PARTS_SQL = """CASE WHEN jsonb_typeof({table}.parts) = 'array' AND {table}.parts <> '[]'::jsonb
        THEN (SELECT json_agg(json_build_object('start', part -> 'start', 'end', part -> 'end'))
              FROM jsonb_array_elements({table}.parts) AS part)
        ELSE json_build_array(json_build_object('start', {table}.start_offset, 'end', {table}.end_offset))
        END"""
ALIASES_SQL = """coalesce((SELECT json_agg(speaker_aliases.alias ORDER BY speaker_aliases.id)
                         FROM speaker_aliases WHERE speaker_aliases.speaker_id = {table}.id), '[]')"""
OUTLETS_SPOKEN_TO_SQL = """coalesce((SELECT json_agg(json_build_object(
            'id', outlets.id, 'name', outlets.name, 'slug', outlets.slug, 'quote_count', spoken.quote_count)
            ORDER BY spoken.quote_count DESC, outlets.id)
        FROM (SELECT quotes.spoke_to_id, count(*) AS quote_count FROM quotes
              WHERE quotes.speaker_id = {table}.id AND quotes.spoke_to_id IS NOT NULL AND NOT quotes.hidden
              GROUP BY quotes.spoke_to_id) AS spoken
        JOIN outlets ON outlets.id = spoken.spoke_to_id), '[]')"""


class OutletRefSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    slug = fields.String()


class OutletCountSchema(OutletRefSchema):
    quote_count = fields.Integer()


class SpeakerRefSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    slug = fields.String()
    kind = fields.String(metadata={"enum": list(SPEAKER_KINDS)})


class SpeakerSchema(SpeakerRefSchema):
    aliases = computed(fields.Function(lambda s: [a.alias for a in s.aliases]), ALIASES_SQL)
    descriptors = fields.Dict(
        metadata={"description": "Facts the articles give: role, age, place, affiliation."}
    )
    quote_count = fields.Integer()
    wikidata_id = fields.String(allow_none=True, metadata={"description": "Set by an editor: Q and digits."})


class SpeakerDetailSchema(SpeakerSchema):
    outlets = computed(
        fields.List(fields.Nested(OutletCountSchema), metadata={"description": "Outlets spoken to."}),
        OUTLETS_SPOKEN_TO_SQL,
    )
    first_seen = UtcDateTime(
        allow_none=True, metadata={"description": "Earliest article (published, else loaded)."}
    )
    last_seen = UtcDateTime(allow_none=True)


class SpanSchema(Schema):
    text = fields.String()
    start = fields.Integer()
    end = fields.Integer()


class ArticleRefSchema(Schema):
    id = fields.Integer()
    title = fields.String()
    url = fields.String(allow_none=True)
    published_at = UtcDateTime(allow_none=True)
    publisher = fields.Nested(OutletRefSchema, allow_none=True)


class QuoteSchema(Schema):
    id = fields.Integer()
    text = fields.String()
    kind = fields.String(metadata={"enum": list(QUOTE_KINDS)})
    hidden = fields.Boolean(metadata={"description": "Hidden by an editor (listed with include_hidden)."})
    speaker = fields.Nested(SpeakerRefSchema, allow_none=True)
    speaker_label = fields.String(
        allow_none=True,
        metadata={
            "description": "The speaker as the article names or describes them (set for unnamed sources too)."
        },
    )
    speaker_mention = computed(
        fields.Function(
            lambda q: span_of(q.speaker_mention, q.mention_start, q.mention_end), allow_none=True
        ),
        span_sql("speaker_mention", "mention_start", "mention_end"),
    )
    cue = computed(
        fields.Function(lambda q: span_of(q.cue, q.cue_start, q.cue_end), allow_none=True),
        span_sql("cue", "cue_start", "cue_end"),
    )
    spoke_to = fields.Nested(OutletRefSchema, allow_none=True)
    start = fields.Integer(
        metadata={
            "description": "Offset of the quotation in the article text (Python str index); "
            "start/end enclose every part."
        }
    )
    end = fields.Integer()
    parts = computed(
        fields.Function(
            quote_parts,
            metadata={
                "description": "Offsets of each piece of the spoken words, in order; `text` is the pieces "
                "joined by "
                "a space. Several pieces when the attribution splits the quotation (“A,” she said, “B.”).",
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {"start": {"type": "integer"}, "end": {"type": "integer"}},
                },
            },
        ),
        PARTS_SQL,
    )
    confidence = fields.Float(
        metadata={
            "description": "Share of quotations found by the same rule that were right on annotated news (0 "
            "to 1)."
        }
    )
    article = fields.Nested(ArticleRefSchema)
    quotation_id = fields.Integer(
        allow_none=True, metadata={"description": "The quotation it reports (/api/v1/quotations/<id>)."}
    )


class SpeakerNameSchema(Schema):
    id = fields.Integer()
    name = fields.String()


CREDITED_SQL = """coalesce((SELECT json_agg(json_build_object(
            'speaker', json_build_object('id', credited_speaker.id, 'name', credited_speaker.name),
            'occurrences', credited.occurrences) ORDER BY credited.occurrences DESC, credited.first_quote_id)
        FROM quotation_speakers AS credited
        JOIN speakers AS credited_speaker ON credited_speaker.id = credited.speaker_id
        WHERE credited.quotation_id = {table}.id), '[]')"""


class QuotationSchema(Schema):
    """One quotation: the same words in every report of it (store/quotations.py)."""

    id = fields.Integer()
    text = fields.String(metadata={"description": "The longest report's words."})
    speaker = fields.Nested(
        SpeakerNameSchema,
        allow_none=True,
        metadata={"description": "The speaker most reports credit (null when none names one)."},
    )
    occurrences = fields.Integer(metadata={"description": "Reports (quotes) of it."})
    outlets = fields.Integer(metadata={"description": "Distinct publishers of its reports."})
    first_seen = UtcDateTime(
        allow_none=True, metadata={"description": "Earliest report (published, else loaded)."}
    )
    last_seen = UtcDateTime(allow_none=True)
    attributed_to = computed(
        fields.Function(
            lambda quotation: quotation.attributed_to,
            metadata={
                "description": "Every speaker the reports credit, with how many credit them, most first.",
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "speaker": {
                            "type": "object",
                            "properties": {"id": {"type": "integer"}, "name": {"type": "string"}},
                        },
                        "occurrences": {"type": "integer"},
                    },
                },
            },
        ),
        CREDITED_SQL,
    )


# The writers made from the schemas.


def _repeated_tables(schema: Schema, model) -> set[str]:
    """The tables reached by more than one Nested field under `schema`: each is joined under an alias of its
    own (the field's path); a table reached once is joined under its own name, so a sort may name its columns.
    """
    reached = []

    def walk(schema, model):
        for name, field in schema.fields.items():
            if isinstance(field, fields.Nested) and not hasattr(field, "sql"):
                target = model.__mapper__.relationships[field.attribute or name].mapper.class_
                reached.append(target.__table__.name)
                walk(field.schema, target)

    walk(schema, model)
    return {table for table in reached if reached.count(table) > 1}


class _Join:
    """The row a Nested field names: the relationship it follows, what it is called in the statement, its
    join."""

    def __init__(
        self,
        parent,
        parent_entity,
        parent_name: str,
        field,
        attribute: str,
        path: str,
        repeated: set,
        depth: int,
    ):
        relationship = parent.__mapper__.relationships[attribute]
        (local,) = relationship.local_columns
        (remote,) = relationship.mapper.primary_key
        self.model = relationship.mapper.class_
        table = self.model.__table__.name
        alias = table in repeated
        self.name = path if alias else table
        self.entity = aliased(self.model, name=path) if alias else self.model
        self.outer = field.allow_none
        self.sql = (
            f"{'LEFT JOIN' if self.outer else 'JOIN'} {table}{f' AS {path}' if alias else ''} "
            f"ON {self.name}.{remote.name} = {parent_name}.{local.name}"
        )
        self.onclause = getattr(self.entity, remote.key) == getattr(parent_entity, local.key)
        self.depth = depth  # 1 for a field of the row itself, 2 for a field of that field's row, ...


def _column(model, attribute: str) -> str:
    return model.__mapper__.column_attrs[attribute].columns[0].name


def json_sql(schema: Schema, model, table: str) -> tuple[str, list[str]]:
    """The PostgreSQL json_build_object writing one row of `schema` from `model`'s table (called `table` in
    the statement), and the joins (SQL text, in order) that reach its Nested rows."""
    joins: list[_Join] = []
    repeated = _repeated_tables(schema, model)

    def build(schema, model, table: str, path: str, depth: int = 1) -> str:
        pairs = []
        for name, field in schema.fields.items():
            attribute = field.attribute or name
            if hasattr(field, "sql"):
                value = field.sql.format(table=table)
            elif isinstance(field, fields.Nested):
                join = _Join(model, model, table, field, attribute, path + name, repeated, depth)
                joins.append(join)
                value = build(field.schema, join.model, join.name, f"{path}{name}_", depth + 1)
                if join.outer:
                    value = f"CASE WHEN {join.name}.id IS NOT NULL THEN {value} END"
            elif isinstance(field, UtcDateTime):
                value = rfc3339_sql(f"{table}.{_column(model, attribute)}")
            else:
                value = f"{table}.{_column(model, attribute)}"
            pairs.append(f"'{name}', {value}")
        return "json_build_object(" + ", ".join(pairs) + ")"

    row = build(schema, model, table, "")
    return row, [join.sql for join in _in_join_order(joins)]


def _in_join_order(joins: list) -> list:
    """The joins level by level (a row before the rows it leads to), the inner joins of a level first: the
    order PostgreSQL runs them in (join_collapse_limit=1, config.py), the order the hand-written SQL had."""
    return sorted(joins, key=lambda join: (join.depth, join.outer))


class FlatRows:
    """A schema's rows read by one select with every many-to-one join: `columns` to select (the root model's
    columns under their attribute names, a Nested row's as "path.name"), `select()` to join them to a page of
    ids, `read(row)` for the dict the schema dumps."""

    def __init__(self, schema: Schema, model):
        self.model = model
        self.repeated = _repeated_tables(schema, model)
        self.columns = [
            getattr(model, column.key).label(column.key) for column in model.__mapper__.column_attrs
        ]
        self.joins: list[_Join] = []
        self.read = self._reader(schema, model, model, model.__table__.name, "")

    def _reader(self, schema: Schema, model, entity, name_in_sql: str, path: str):
        """The function writing one row of `schema` from a joined row; adds the columns it reads."""
        readers = []
        for name, field in schema.fields.items():
            attribute = field.attribute or name
            if isinstance(field, fields.Nested) and not hasattr(field, "sql"):
                alias, depth = (path + name).replace(".", "_"), path.count(".") + 1
                join = _Join(model, entity, name_in_sql, field, attribute, alias, self.repeated, depth)
                self.joins.append(join)
                nested = self._reader(field.schema, join.model, join.entity, join.name, f"{path}{name}.")
                present = self._label(join.entity, "id", f"{path}{name}.id")
                readers.append(
                    (
                        name,
                        lambda row, nested=nested, key=present: (
                            nested(row) if row._mapping[key] is not None else None
                        ),
                    )
                )
            elif hasattr(field, "sql") or isinstance(field, (fields.Function, fields.Method)):
                if path:
                    raise TypeError(f"{path}{name}: a computed field is read from the root row only")
                readers.append((name, lambda row, name=name, field=field: field.serialize(name, row)))
            else:
                key = self._label(entity, attribute, path + attribute) if path else attribute
                if isinstance(field, UtcDateTime):
                    readers.append((name, lambda row, key=key: rfc3339(row._mapping[key])))
                else:
                    readers.append((name, lambda row, key=key: row._mapping[key]))
        return lambda row: {name: read(row) for name, read in readers}

    def _label(self, entity, attribute: str, label: str) -> str:
        if all(column.key != label for column in self.columns):
            self.columns.append(getattr(entity, attribute).label(label))
        return label

    def select(self, page, order_by):
        """The select of these rows for the ids an id-selecting subquery `page` picks, in `order_by` order."""
        statement = select(*self.columns).select_from(self.model).join(page, page.c.id == self.model.id)
        for join in _in_join_order(self.joins):
            statement = statement.join(join.entity, join.onclause, isouter=join.outer)
        return statement.order_by(*order_by)
