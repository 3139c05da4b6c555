"""/api/v1/articles: the articles quotations come from, and ingesting new ones."""

from flask import jsonify
from flask.views import MethodView
from flask_smorest import Blueprint, abort
from marshmallow import RAISE, fields, validate
from sqlalchemy import func, select
from sqlalchemy.orm import defer, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from ..extensions import db
from ..http.auth import actor, ingest_required
from ..http.errors import PROBLEM_TYPE, ProblemSchema
from ..sources import ArticleError, article_from_html, looks_like_html, title_of
from ..store.articles import NewArticle, extract_and_store, find_article
from ..store.jobs import submit
from ..store.models import MAX_ID, Article, Quote
from ..store.names import outlet_ids
from ..store.search import contains
from .lookups import apply_sort, sort_field
from .pagination import PageArgs, page_schema, paginate, row_tuples
from .schemas import SORT_HELP, ArticleDetailSchema, ArticleInSchema, ArticleSchema, JobSchema, StrictSchema

# Extraction runs at ~40,000-50,000 characters a second on one core (bench/extraction.py), so an article up to
# this size is answered at once (201) within well under a second; a longer one becomes a job (202).
INLINE_CHARS = 20_000
blp = Blueprint(
    "articles", __name__, url_prefix="/api/v1/articles", description="Articles and their ingestion."
)

quote_count = func.count(Quote.id).label("quote_count")
SORTABLE = {
    "id": Article.id,
    "published_at": Article.published_at,
    "created_at": Article.created_at,
    "title": Article.title,
}
ArticlePage = page_schema(ArticleSchema, "ArticlePage")


class ArticleArgs(PageArgs, StrictSchema):
    q = fields.String(
        validate=validate.Length(min=1, max=200), metadata={"description": "Words in the title."}
    )
    publisher = fields.String(metadata={"description": "Publishing outlet: id, slug, name or alias."})
    sort = sort_field(SORTABLE, SORT_HELP)


@blp.route("")
class Articles(MethodView):
    @blp.arguments(ArticleArgs(), location="query", unknown=RAISE)
    @blp.response(200, ArticlePage)
    def get(self, args):
        """List articles (without their text)."""
        statement = (
            select(Article, quote_count)
            .outerjoin(Quote, (Quote.article_id == Article.id) & Quote.hidden.is_(False))
            .group_by(Article.id)
            .options(defer(Article.text), selectinload(Article.publisher))
        )
        if "q" in args:
            statement = statement.where(contains(Article.title, args["q"]))
        if "publisher" in args:
            statement = statement.where(Article.publisher_id.in_(outlet_ids(args["publisher"])))
        statement = apply_sort(statement, args.get("sort"), SORTABLE, "-id")
        body, headers = paginate(statement, args, fetch=row_tuples)
        body["data"] = [_counted(article, count) for article, count in body["data"]]
        return body, 200, headers

    @blp.arguments(ArticleInSchema(), location="json", unknown=RAISE)
    @blp.response(
        201,
        ArticleDetailSchema,
        description="Stored, with the quotations found in it (articles up to "
        f"{INLINE_CHARS:,} characters are extracted at once).",
    )
    @blp.alt_response(200, schema=ArticleDetailSchema, description="The same text was already stored.")
    @blp.alt_response(
        202,
        schema=JobSchema,
        description=(
            "A longer article is extracted off the request path: a job, at the Location header "
            "(/api/v1/jobs/<id>). The same text submitted again while it runs gets the same job."
        ),
        headers={"Location": {"description": "The job's URL.", "schema": {"type": "string"}}},
    )
    @blp.alt_response(
        401,
        schema=ProblemSchema,
        content_type=PROBLEM_TYPE,
        description=("No credentials, or a wrong bearer token (with WWW-Authenticate: Bearer)."),
    )
    @blp.alt_response(
        403,
        schema=ProblemSchema,
        content_type=PROBLEM_TYPE,
        description=(
            "Credentials came, but writes are disabled: the server has no QUOTEDB_API_TOKEN configured."
        ),
    )
    @blp.alt_response(
        413, schema=ProblemSchema, content_type=PROBLEM_TYPE, description="Request body too large."
    )
    @blp.alt_response(
        415, schema=ProblemSchema, content_type=PROBLEM_TYPE, description="The body must be application/json."
    )
    @blp.doc(security=[{"bearerAuth": []}])
    @ingest_required
    def post(self, data):
        """Ingest one article: extract its quotations and store everything in one transaction (a long article
        in the background, answered with 202 and a job)."""
        if "html" in data:
            data = _from_page(data)
        if not data["text"].strip():
            abort(422, messages={"json": {"text": ["The article text is blank."]}})
        if looks_like_html(data["text"]):
            abort(
                422, messages={"json": {"text": ["This looks like HTML; send it as html, or as plain text."]}}
            )
        existing = find_article(db.session, data["text"])
        if existing is not None:
            return _counted(existing), 200
        new = NewArticle(
            title=data.get("title") or title_of(data["text"]),
            text=data["text"],
            url=data.get("url"),
            published_at=data.get("published_at"),
            publisher=data.get("publisher"),
            added_by=actor(),
        )
        if len(new.text) > INLINE_CHARS:
            job = submit(new)
            accepted = jsonify(
                JobSchema().dump(job)
            )  # a ready response: the blueprint would dump it as an article
            accepted.status_code, accepted.headers["Location"] = 202, f"/api/v1/jobs/{job.id}"
            return accepted
        article, quotes, created = extract_and_store(db.session, new)
        return _counted(article), 201 if created else 200


@blp.route(f"/<int(max={MAX_ID}):article_id>")
class ArticleById(MethodView):
    @blp.response(200, ArticleDetailSchema)
    def get(self, article_id):
        """One article with its text and quotations."""
        article = db.session.get(Article, article_id)
        if article is None:
            abort(404, message=f"No article with id {article_id}.")
        return _counted(article)


def document_text_or_html(api) -> None:
    """The spec says what the schema's validator enforces: an article comes as text or as html, exactly
    one."""
    api.spec.components.schemas["ArticleIn"]["oneOf"] = [{"required": ["text"]}, {"required": ["html"]}]


def _from_page(data: dict) -> dict:
    """The submission with the page's text, and its title, date, publisher and URL where none was given."""
    try:
        page = article_from_html(data["html"], "html")
    except ArticleError as error:
        abort(422, messages={"json": {"html": [str(error).removeprefix("html: ").capitalize() + "."]}})
    return {
        **{key: value for key, value in page.items() if value is not None},
        **{key: value for key, value in data.items() if key != "html" and value is not None},
    }


def _counted(article: Article, count: int | None = None) -> Article:
    """The article with its quote count; a detail's quotations without those an editor hid (set as loaded,
    never written back)."""
    if count is None:
        set_committed_value(article, "quotes", [q for q in article.quotes if not q.hidden])
        count = len(article.quotes)
    article.quote_count = count
    return article
