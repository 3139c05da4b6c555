"""Marshmallow schemas: what the API accepts, and what it answers with beyond the list rows. The rows a list
answers with (a quotation, a speaker, and the references inside them) are defined once, in store/rows.py,
because the database writes them too."""

from datetime import timezone

from marshmallow import RAISE, Schema, ValidationError, fields, validate, validates_schema

from ..sources.sanitize import DATE_PATTERN, DATE_RANGE, date_problem
from ..store.models import JOB_STATES
from ..store.rows import ArticleRefSchema, OutletRefSchema, QuoteSchema, SpanSchema, UtcDateTime


class StrictSchema(Schema):
    class Meta:
        unknown = RAISE
        ordered = True


class OutletSchema(OutletRefSchema):
    domain = fields.String(allow_none=True)
    aliases = fields.Function(lambda o: [a.alias for a in o.aliases], metadata={"type": "array"})


class OutletDetailSchema(OutletSchema):
    quotes_spoken_to = fields.Integer()
    articles_published = fields.Integer()


class QuoteDetailSchema(QuoteSchema):
    sentence = fields.Nested(SpanSchema, metadata={"description": "The passage around the quotation."})


class ArticleQuoteSchema(QuoteSchema):
    class Meta:
        exclude = ("article",)


class ArticleSchema(ArticleRefSchema):
    sha256 = fields.String()
    source_name = fields.String(allow_none=True)
    added_by = fields.String(allow_none=True, metadata={"description": "The token that posted it, by name."})
    created_at = UtcDateTime()
    quote_count = fields.Integer()


class ArticleDetailSchema(ArticleSchema):
    text = fields.String()
    quotes = fields.List(fields.Nested(ArticleQuoteSchema))


# A host (no brackets: "http://[x" is no host that Python or a browser can read), then a path, query or
# fragment; no spaces or control characters anywhere.
HTTP_URL = r"^https?://[^\u0000-\u0020\u007f\[\]/?#@]+([/?#][^\u0000-\u0020\u007f\[\]]*)?$"


def _storable_date(moment) -> None:
    if problem := date_problem(moment):
        raise ValidationError(problem)


class ArticleInSchema(StrictSchema):
    title = fields.String(
        validate=validate.Length(min=1, max=500),
        metadata={"description": "Defaults to the text's first line."},
    )
    text = fields.String(
        validate=validate.Length(min=1, max=5_000_000),
        metadata={"description": "The article as plain text. Send either text or html."},
    )
    html = fields.String(
        validate=validate.Length(min=1, max=5_000_000),
        metadata={
            "description": "The article's web page: its main text, title, date and publisher are taken out "
            "of it "
            "(navigation, comments and related links left out); the text taken out is what is stored, "
            "and the offsets point into it. Fields given beside it win over what the page says."
        },
    )
    url = fields.String(
        allow_none=True,
        validate=[
            validate.Length(max=2000),
            validate.Regexp(
                HTTP_URL, error="Not an http(s) URL with a host (brackets must be percent-encoded)."
            ),
        ],
    )
    published_at = fields.AwareDateTime(
        allow_none=True,
        default_timezone=timezone.utc,
        validate=_storable_date,
        metadata={"pattern": DATE_PATTERN, "description": f"ISO 8601; its day within {DATE_RANGE}."},
    )
    publisher = fields.String(allow_none=True, validate=validate.Length(min=1, max=200))

    @validates_schema
    def _text_or_html(self, data, **kwargs):
        if ("text" in data) == ("html" in data):
            raise ValidationError("Send the article as either text or html, not both or neither.", "text")


SORT_HELP = "Comma-separated fields, '-' for descending; id is always the last key."


class JobSchema(Schema):
    id = fields.String()
    status = fields.String(metadata={"enum": list(JOB_STATES)})
    article = fields.Method(
        "_article",
        allow_none=True,
        metadata={"description": "The stored article once the job is done: {id, url}."},
    )
    error = fields.String(allow_none=True, metadata={"description": "Why the job failed, when it did."})
    attempts = fields.Integer()
    created_at = UtcDateTime()
    updated_at = UtcDateTime()

    def _article(self, job):
        return (
            None
            if job.article_id is None
            else {"id": job.article_id, "url": f"/api/v1/articles/{job.article_id}"}
        )
