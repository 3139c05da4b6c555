"""Production safeguards: configuration checks, rate limiting, request logs and request ids."""

import json
import logging
import re

import pytest

from service import create_app
from tests.helpers import make_app


def test_production_refuses_to_start_without_a_token(monkeypatch):
    monkeypatch.setenv("QUOTEDB_ENV", "production")
    monkeypatch.delenv("QUOTEDB_API_TOKEN", raising=False)
    with pytest.raises(RuntimeError, match="QUOTEDB_API_TOKEN"):
        create_app()


def test_a_malformed_rate_limit_setting_is_refused(database_url):
    with pytest.raises(RuntimeError, match="QUOTEDB_RATE_LIMIT"):
        make_app(database_url, QUOTEDB_RATE_LIMIT="lots")


def test_rate_limit_headers_and_429(seeded_app, database_url):
    app = make_app(database_url, QUOTEDB_RATE_LIMIT="3/minute")
    client = app.test_client()
    for remaining in (2, 1, 0):
        response = client.get("/api/v1/outlets")
        assert response.status_code == 200
        assert response.headers["RateLimit-Limit"] == "3"
        assert response.headers["RateLimit-Remaining"] == str(remaining)
        assert 1 <= int(response.headers["RateLimit-Reset"]) <= 60
    limited = client.get("/api/v1/outlets")
    assert limited.status_code == 429
    assert limited.mimetype == "application/problem+json"
    assert int(limited.headers["Retry-After"]) >= 1
    assert client.get("/health").status_code == 200  # probes are never limited
    other = client.get("/api/v1/outlets", environ_base={"REMOTE_ADDR": "10.9.8.7"})
    assert other.status_code == 200  # the limit is per client


def test_one_json_log_line_per_request_with_request_id(client, caplog):
    with caplog.at_level(logging.INFO, logger="quotedb.request"):
        response = client.get("/api/v1/quotes?kind=direct", headers={"X-Request-ID": "abc-123"})
    assert response.headers["X-Request-ID"] == "abc-123"
    [record] = [r for r in caplog.records if r.name == "quotedb.request"]
    fields = record.fields
    assert (fields["method"], fields["path"], fields["status"], fields["request_id"]) == (
        "GET",
        "/api/v1/quotes",
        200,
        "abc-123",
    )
    assert fields["duration_ms"] >= 0
    from service.http.requestlog import JsonLines

    assert json.loads(JsonLines().format(record))["status"] == 200


def test_unsafe_request_ids_are_replaced(client):
    unsafe = "bad id <script>alert(1)</script>"  # as long as an id we make: length alone tells nothing
    response = client.get("/health", headers={"X-Request-ID": unsafe})
    assert response.headers["X-Request-ID"] != unsafe and len(response.headers["X-Request-ID"]) == 32
    assert re.fullmatch(r"[0-9a-f]{32}", response.headers["X-Request-ID"])  # one of ours, not theirs cut down
