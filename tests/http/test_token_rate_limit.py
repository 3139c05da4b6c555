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
