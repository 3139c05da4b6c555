"""Marshmallow schemas: what the API returns and accepts."""
from datetime import timezone

from marshmallow import RAISE, Schema, ValidationError, fields, validate, validates_schema

from ..models import JOB_STATES, QUOTE_KINDS, SPEAKER_KINDS
from ..queries import quote_parts
from ..sanitize import DATE_PATTERN, DATE_RANGE, date_problem


class UtcDateTime(fields.DateTime):
    """RFC 3339 with an offset always: SQLite hands back naive datetimes, which are stored as UTC."""

    def _serialize(self, value, attr, obj, **kwargs):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        return super()._serialize(value, attr, obj, **kwargs)


class StrictSchema(Schema):
    class Meta:
        unknown = RAISE
        ordered = True


class OutletRefSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    slug = fields.String()


class OutletSchema(OutletRefSchema):
    domain = fields.String(allow_none=True)
    aliases = fields.Function(lambda o: [a.alias for a in o.aliases], metadata={"type": "array"})


class OutletDetailSchema(OutletSchema):
    quotes_spoken_to = fields.Integer()
    articles_published = fields.Integer()


class SpeakerRefSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    slug = fields.String()
    kind = fields.String(metadata={"enum": list(SPEAKER_KINDS)})


class SpeakerSchema(SpeakerRefSchema):
    aliases = fields.Function(lambda s: [a.alias for a in s.aliases])
    descriptors = fields.Dict(metadata={"description": "Facts the articles give: role, age, place, affiliation."})
    quote_count = fields.Integer()


class OutletCountSchema(OutletRefSchema):
    quote_count = fields.Integer()


class SpeakerDetailSchema(SpeakerSchema):
    outlets = fields.List(fields.Nested(OutletCountSchema), metadata={"description": "Outlets spoken to."})
    first_seen = UtcDateTime(allow_none=True, metadata={"description": "Earliest article (published, else loaded)."})
    last_seen = UtcDateTime(allow_none=True)


class SpanSchema(Schema):
    text = fields.String()
    start = fields.Integer()
    end = fields.Integer()


class PartSchema(Schema):
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
    speaker = fields.Nested(SpeakerRefSchema, allow_none=True)
    speaker_label = fields.String(allow_none=True, metadata={
        "description": "The speaker as the article names or describes them (set for unnamed sources too)."})
    speaker_mention = fields.Method("_mention", allow_none=True)
    cue = fields.Method("_cue", allow_none=True)
    spoke_to = fields.Nested(OutletRefSchema, allow_none=True)
    start = fields.Integer(metadata={"description": "Offset of the quotation in the article text (Python str index); "
                                                  "start/end enclose every part."})
    end = fields.Integer()
    parts = fields.Method("_parts", metadata={
        "description": "Offsets of each piece of the spoken words, in order; `text` is the pieces joined by a space. "
                       "Several pieces when the attribution splits the quotation (“A,” she said, “B.”).",
        "type": "array", "items": {"type": "object", "properties": {"start": {"type": "integer"},
                                                                    "end": {"type": "integer"}}}})
    confidence = fields.Float(metadata={"description": "Share of quotations found by the same rule that were right "
                                                       "on annotated news (0 to 1)."})
    article = fields.Nested(ArticleRefSchema)

    def _mention(self, quote):
        if quote.speaker_mention is None:
            return None
        return {"text": quote.speaker_mention, "start": quote.mention_start, "end": quote.mention_end}

    def _parts(self, quote):
        return quote_parts(quote)

    def _cue(self, quote):
        return None if quote.cue is None else {"text": quote.cue, "start": quote.cue_start, "end": quote.cue_end}


class QuoteDetailSchema(QuoteSchema):
    sentence = fields.Nested(SpanSchema, metadata={"description": "The passage around the quotation."})


class ArticleQuoteSchema(QuoteSchema):
    class Meta:
        exclude = ("article",)


class ArticleSchema(ArticleRefSchema):
    sha256 = fields.String()
    source_name = fields.String(allow_none=True)
    created_at = UtcDateTime()
    quote_count = fields.Integer()


class ArticleDetailSchema(ArticleSchema):
    text = fields.String()
    quotes = fields.List(fields.Nested(ArticleQuoteSchema))


# A host (no brackets: "http://[x" is no host that Python or a browser can read), then a path, query or fragment;
# no spaces or control characters anywhere.
HTTP_URL = r"^https?://[^\u0000-\u0020\u007f\[\]/?#@]+([/?#][^\u0000-\u0020\u007f\[\]]*)?$"


def _storable_date(moment) -> None:
    if problem := date_problem(moment):
        raise ValidationError(problem)


class ArticleInSchema(StrictSchema):
    title = fields.String(validate=validate.Length(min=1, max=500), metadata={
        "description": "Defaults to the text's first line."})
    text = fields.String(validate=validate.Length(min=1, max=5_000_000), metadata={
        "description": "The article as plain text. Send either text or html."})
    html = fields.String(validate=validate.Length(min=1, max=5_000_000), metadata={
        "description": "The article's web page: its main text, title, date and publisher are taken out of it "
                       "(navigation, comments and related links left out); the text taken out is what is stored, "
                       "and the offsets point into it. Fields given beside it win over what the page says."})
    url = fields.String(allow_none=True, validate=[validate.Length(max=2000), validate.Regexp(
        HTTP_URL, error="Not an http(s) URL with a host (brackets must be percent-encoded).")])
    published_at = fields.AwareDateTime(allow_none=True, default_timezone=timezone.utc, validate=_storable_date,
                                        metadata={"pattern": DATE_PATTERN,
                                                  "description": f"ISO 8601; its day within {DATE_RANGE}."})
    publisher = fields.String(allow_none=True, validate=validate.Length(min=1, max=200))

    @validates_schema
    def _text_or_html(self, data, **kwargs):
        if ("text" in data) == ("html" in data):
            raise ValidationError("Send the article as either text or html, not both or neither.", "text")


SORT_HELP = "Comma-separated fields, '-' for descending; id is always the last key."


class JobSchema(Schema):
    id = fields.String()
    status = fields.String(metadata={"enum": list(JOB_STATES)})
    article = fields.Method("_article", allow_none=True, metadata={
        "description": "The stored article once the job is done: {id, url}."})
    error = fields.String(allow_none=True, metadata={"description": "Why the job failed, when it did."})
    attempts = fields.Integer()
    created_at = UtcDateTime()
    updated_at = UtcDateTime()

    def _article(self, job):
        return None if job.article_id is None else {"id": job.article_id, "url": f"/api/v1/articles/{job.article_id}"}
