"""The pages: one route per kind of page, each a query from service/store/ and a template."""

from flask import Blueprint, abort, redirect, render_template, request, url_for
from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate
from sqlalchemy import or_, select
from werkzeug.exceptions import HTTPException

from ..extensions import db
from ..store.corrections import corrected, merged_into
from ..store.models import MAX_ID, QUOTE_KINDS, SPEAKER_KINDS, Article, Outlet, Quotation, Quote, Speaker
from ..store.names import find_by_ref
from ..store.quotation_reads import (
    REPORT_IDS,
    quotation_filter_values,
    quotation_ids,
    reported_by,
    reports,
    shown_quotation,
    with_credits,
)
from ..store.quotes import filter_quotes, quote_rows
from ..store.search import contains, quote_text_matches
from ..store.speakers import speakers_named
from ..store.statistics import (
    article_speakers,
    outlet_speakers,
    quotes_per_month,
    speaker_article_count,
    speaker_outlets,
)
from .chart import HEIGHT, WIDTH, month_bars
from .highlight import Span, paragraphs

blp = Blueprint(
    "web", __name__, template_folder="templates", static_folder="static", static_url_path="/assets"
)

PER_PAGE = 20
KIND_LABELS = {"direct": "direct quote", "indirect": "indirect quote", "mixed": "mixed quote"}


class SearchForm(Schema):
    """The search form's fields; an empty field is no filter."""

    q = fields.String(validate=validate.Length(max=200))
    speaker_kind = fields.String(validate=validate.OneOf(SPEAKER_KINDS))
    outlet = fields.String(validate=validate.Length(max=200))
    kind = fields.String(validate=validate.OneOf(QUOTE_KINDS))
    min_confidence = fields.Float(validate=validate.Range(min=0, max=1))
    since = fields.Date()
    until = fields.Date()
    before = fields.Integer(validate=validate.Range(min=1, max=MAX_ID))
    show = fields.String(validate=validate.OneOf(["reports", "quotations"]))
    page = fields.Integer(validate=validate.Range(min=1, max=100_000))


class PageNumberForm(Schema):
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100_000))


@blp.app_template_filter("kind_label")
def kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind, kind)


@blp.app_template_filter("day")
def day(value) -> str:
    if value is None:
        return "undated"
    return value[:10] if isinstance(value, str) else value.strftime("%Y-%m-%d")


# Only these query parameters are carried into the links a page builds: any other name could be one url_for
# reads itself (`_external`, `_scheme`, `_method`, `endpoint`) or a path part (`ref`).
OWN_PARAMETERS = frozenset(SearchForm().fields) | frozenset(PageNumberForm().fields)
# Pages need their stylesheet and nothing else: no script, frame, plugin or form target elsewhere.
PAGE_POLICY = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'none'"
)


@blp.after_app_request
def page_policy(response):
    """Every HTML page outside the API (the Swagger UI needs its scripts) gets the content security policy."""
    if response.mimetype == "text/html" and not request.path.startswith("/api/"):
        response.headers.setdefault("Content-Security-Policy", PAGE_POLICY)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
    return response


@blp.app_template_filter("http_url")
def http_url(value) -> bool:
    """Whether a stored URL is one to link to: http(s) only (a `javascript:` link would run on a click)."""
    return isinstance(value, str) and value.lower().startswith(("http://", "https://"))


@blp.app_template_global()
def this_url(**changes) -> str:
    """This page's URL with some query parameters changed (None drops one) and empty ones dropped."""
    params = {key: value for key, value in request.args.items() if value.strip() and key in OWN_PARAMETERS}
    params.update(changes)
    return url_for(
        request.endpoint,
        **(request.view_args or {}),
        **{key: value for key, value in params.items() if value is not None},
    )


def error_page(error: HTTPException):
    """An error outside the API (an unknown page, a bad filter, a crash) as a page; http/errors.py decides."""
    return render_template("error.html", error=error), error.code


def _form(schema: Schema) -> dict:
    """The query string through a schema, empty fields dropped; a bad value is a 400 page that says which."""
    given = {key: value for key, value in request.args.items() if value.strip()}
    try:
        return schema.load(given, unknown=EXCLUDE)
    except ValidationError as error:
        abort(
            400,
            description="; ".join(
                f"{field}: {' '.join(messages)}"
                for field, messages in sorted(error.normalized_messages().items())
            ),
        )


@blp.route("/")
def search():
    args = _form(SearchForm())
    if args.get("show") == "quotations":
        quotes, older, quotations = [], None, _most_reported(args)
    else:
        quotes, older = _newest_first(_matching_quotes(args), args.get("before"))
        quotations = None
    api_args = {
        k: v
        for k, v in request.args.items()
        if v.strip() and k in ("q", "outlet", "kind", "min_confidence", "since", "until")
    }
    return render_template(
        "search.html",
        args=args,
        quotes=quotes,
        older=older,
        speakers=_speakers_called(args["q"]) if args.get("q") else [],
        outlets=db.session.scalars(select(Outlet).order_by(Outlet.name)).all(),
        speaker_kinds=SPEAKER_KINDS,
        quote_kinds=QUOTE_KINDS,
        quotations=quotations,
        reported=reported_by({quote["quotation_id"] for quote in quotes}),
        json_url=url_for(
            "quotations.Quotations" if quotations is not None else "quotes.Quotes",
            **{k: v for k, v in api_args.items() if quotations is None or k in QUOTATION_FORM},
        ),
    )


QUOTATION_FORM = ("q", "outlet", "since", "until")  # the search form's fields a quotation list takes


def _most_reported(args: dict) -> list[Quotation]:
    """A page of the quotations whose reports match the form, the most reported first."""
    dialect = db.session.get_bind().dialect.name
    values = quotation_filter_values({k: v for k, v in args.items() if k in QUOTATION_FORM}, dialect)
    ids = quotation_ids(frozenset(values), dialect)
    page = args.get("page", 1)
    chosen = (
        ids.order_by(Quotation.occurrences.desc(), Quotation.id).limit(PER_PAGE).offset((page - 1) * PER_PAGE)
    )
    return with_credits(list(db.session.scalars(chosen, values)))


def _matching_quotes(args: dict):
    """The ids of the quotations whose words or speaker's name match, within the filters."""
    ids = select(Quote.id)
    if args.get("q"):
        ids = ids.where(or_(quote_text_matches(args["q"]), Quote.speaker_id.in_(speakers_named(args["q"]))))
    if args.get("speaker_kind"):
        ids = ids.where(Quote.speaker_id.in_(select(Speaker.id).where(Speaker.kind == args["speaker_kind"])))
    return filter_quotes(
        ids, {k: v for k, v in args.items() if k in ("outlet", "kind", "min_confidence", "since", "until")}
    )


def _newest_first(ids, before: int | None) -> tuple[list[dict], int | None]:
    """One page by key, newest stored first, and the key of the next (older) page, if there is one."""
    if before is not None:
        ids = ids.where(Quote.id < before)
    rows = quote_rows(ids.order_by(Quote.id.desc()).limit(PER_PAGE + 1), [Quote.id.desc()])
    return rows[:PER_PAGE], rows[PER_PAGE - 1]["id"] if len(rows) > PER_PAGE else None


def _speakers_called(text: str) -> list:
    return db.session.execute(
        select(Speaker.name, Speaker.slug, Speaker.kind, Speaker.quote_count)
        .where(contains(Speaker.name, text))
        .order_by(Speaker.quote_count.desc(), Speaker.name)
        .limit(8)
    ).all()


NEWEST_FIRST = (Article.published_at.desc().nulls_last(), Quote.id.desc())


@blp.route("/speakers/<ref>")
def speaker(ref: str):
    survivor = merged_into(db.session, ref)
    if survivor is not None:  # a merged speaker's page is the survivor's
        return redirect(url_for("web.speaker", ref=db.session.get(Speaker, survivor).slug), 301)
    found = _by_ref(Speaker, ref)
    if found.slug != ref:
        page = {key: value for key, value in request.args.items() if key in OWN_PARAMETERS}
        return redirect(url_for("web.speaker", ref=found.slug, **page), 301)
    page = _form(PageNumberForm())["page"]
    ids = (
        select(Quote.id)
        .join(Article, Article.id == Quote.article_id)
        .where(Quote.speaker_id == found.id, Quote.hidden.is_(False))
        .order_by(*NEWEST_FIRST)
        .limit(PER_PAGE)
        .offset((page - 1) * PER_PAGE)
    )
    pages = max(1, -(-found.quote_count // PER_PAGE))
    quotes = quote_rows(ids, NEWEST_FIRST)
    return render_template(
        "speaker.html",
        speaker=found,
        quotes=quotes,
        reported=reported_by({quote["quotation_id"] for quote in quotes}),
        page=page,
        pages=pages,
        outlets=speaker_outlets(found.id),
        articles=speaker_article_count(found.id),
        bars=month_bars(quotes_per_month(found.id)),
        chart_width=WIDTH,
        chart_height=HEIGHT,
        json_url=url_for("speakers.SpeakerByRef", ref=found.slug),
        corrected=corrected(db.session, "speaker", found.id),
        history_url=url_for("speakers.SpeakerChanges", ref=found.id),
    )


@blp.route(f"/quotes/<int(max={MAX_ID}):quote_id>")
def quote(quote_id: int):
    found = db.session.get(Quote, quote_id)
    if found is None or found.hidden:
        abort(404, description=f"There is no quotation {quote_id}.")
    spans = [Span(part["start"], part["end"], "quote") for part in _parts(found)]
    if found.mention_start is not None:
        spans.append(Span(found.mention_start, found.mention_end, "mention"))
    if found.cue_start is not None:
        spans.append(Span(found.cue_start, found.cue_end, "cue"))
    return render_template(
        "quote.html",
        quote=found,
        article=found.article,
        paragraphs=paragraphs(found.article.text, spans),
        json_url=url_for("quotes.QuoteById", quote_id=found.id),
        corrected=corrected(db.session, "quote", found.id),
        history_url=url_for("changes.Changes", target=f"quote:{found.id}"),
    )


@blp.route(f"/quotations/<int(max={MAX_ID}):quotation_id>")
def quotation(quotation_id: int):
    found = shown_quotation(quotation_id) or abort(404, description=f"There is no quotation {quotation_id}.")
    page = _form(PageNumberForm())["page"]
    of_it = {"quotation": found.id}
    shown = reports(REPORT_IDS.limit(PER_PAGE).offset((page - 1) * PER_PAGE), of_it)
    first = shown[:1] if page == 1 else reports(REPORT_IDS.limit(1), of_it)
    return render_template(
        "quotation.html",
        quotation=found,
        reports=shown,
        first=first[0] if first else None,
        page=page,
        pages=max(1, -(-found.occurrences // PER_PAGE)),
        json_url=url_for("quotations.QuotationById", quotation_id=found.id),
    )


@blp.route(f"/articles/<int(max={MAX_ID}):article_id>")
def article(article_id: int):
    found = db.session.get(Article, article_id) or abort(
        404, description=f"There is no article {article_id}."
    )
    shown = select(Quote).where(Quote.article_id == found.id, Quote.hidden.is_(False)).order_by(Quote.start)
    quotes = db.session.scalars(shown).all()
    spans = [Span(part["start"], part["end"], "quote", q.id) for q in quotes for part in _parts(q)]
    return render_template(
        "article.html",
        article=found,
        quotes=quotes,
        speakers=article_speakers(found.id),
        paragraphs=paragraphs(found.text, spans),
        json_url=url_for("articles.ArticleById", article_id=found.id),
    )


@blp.route("/outlets/<ref>")
def outlet(ref: str):
    found = _by_ref(Outlet, ref)
    if found.slug != ref:
        return redirect(url_for("web.outlet", ref=found.slug), 301)
    before = _form(SearchForm(only=("before",))).get("before")
    quotes, older = _newest_first(filter_quotes(select(Quote.id), {"outlet": str(found.id)}), before)
    return render_template(
        "outlet.html",
        outlet=found,
        speakers=outlet_speakers(found.id),
        quotes=quotes,
        older=older,
        json_url=url_for("outlets.OutletByRef", ref=found.slug),
    )


def _by_ref(model, ref: str):
    """A speaker or outlet by slug (or id, which redirects to the slug)."""
    row = find_by_ref(model, ref)
    if row is None:
        abort(404, description=f"There is no {model.__name__.lower()} called {ref!r}.")
    return row


def _parts(quote: Quote) -> list[dict]:
    return quote.parts or [{"start": quote.start, "end": quote.end}]
