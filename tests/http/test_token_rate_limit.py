"""A reader's token is counted on its own, larger budget; anonymous reads keep the per-client one."""

from service.extensions import db
from service.store.tokens import create_token
from tests.helpers import make_app, reset_schema


def test_a_token_has_its_own_larger_budget(database_url):
    app = make_app(database_url, QUOTEDB_RATE_LIMIT="2/minute", QUOTEDB_TOKEN_RATE_LIMIT="4/minute")
    reset_schema(app)
    with app.app_context():
        reader = {"Authorization": f"Bearer {create_token(db.session, 'newsroom', 'reader')}"}
        db.session.commit()
    client = app.test_client()
    anonymous = [client.get("/api/v1/speakers").status_code for _ in range(3)]
    assert anonymous == [200, 200, 429]
    read = [client.get("/api/v1/speakers", headers=reader) for _ in range(5)]
    assert [r.status_code for r in read] == [200, 200, 200, 200, 429]
    assert read[0].headers["RateLimit-Limit"] == "4"
    wrong = client.get("/api/v1/speakers", headers={"Authorization": "Bearer nothing-we-issued"})
    assert wrong.status_code == 429  # an unknown token is counted as the anonymous client it is
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def test_a_token_budget_and_a_client_budget_each_span_every_endpoint(database_url):
    app = make_app(database_url, QUOTEDB_RATE_LIMIT="2/minute", QUOTEDB_TOKEN_RATE_LIMIT="3/minute")
    reset_schema(app)
    with app.app_context():
        reader = {"Authorization": f"Bearer {create_token(db.session, 'desk', 'reader')}"}
        db.session.commit()
    client = app.test_client()
    paths = ["/api/v1/speakers", "/api/v1/quotes", "/", "/api/v1/outlets"]
    assert [client.get(path, headers=reader).status_code for path in paths] == [200, 200, 200, 429]
    assert [client.get(path).status_code for path in paths[:3]] == [200, 200, 429]
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
