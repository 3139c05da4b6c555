"""The API as a client meets it: the schemathesis command line, every check on, against a live `quotedb
serve` (gunicorn) on each engine, from the spec's own URL. Any failure fails the suite, with its report."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

from service.extensions import db
from service.store.tokens import create_token
from tests.helpers import serving

# Per operation in the fuzzing phase, and the stateful phase's budget; the examples and coverage phases run
# whole whatever it is (the coverage phase's boundary and negative cases are ~80% of the ~2,400 cases, and of
# the time). 50 took ~60 s an engine in CI; 20 took 25-46 s; 10 still fuzzes every operation with every
# check, and the runs are seeded and deterministic, so a failure found is found again.
EXAMPLES_PER_OPERATION = 10
PHASES = "examples,coverage,fuzzing,stateful"
SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")


@pytest.fixture(scope="module")
def editor_token(seeded_app):
    """An editor's token: the corrections (and their undoing) are explored with the role they need."""
    with seeded_app.app_context():
        token = create_token(db.session, "schemathesis", "editor")
        db.session.commit()
        db.session.remove()
    return token


@pytest.fixture(scope="module")
def live_server(seeded_app, tmp_path_factory):
    with serving(
        tmp_path_factory.mktemp("serve"),
        DATABASE_URL=seeded_app.config["SQLALCHEMY_DATABASE_URI"],
        QUOTEDB_RATE_LIMIT="off",
        QUOTEDB_CACHE_SECONDS="0",
    ) as base:
        yield base


def test_schemathesis_finds_nothing_with_every_check_on(live_server, editor_token, tmp_path):
    result = subprocess.run(
        [
            str(SCHEMATHESIS),
            "--config-file",
            str(Path(__file__).with_name("schemathesis.toml")),
            "run",
            f"{live_server}/api/v1/openapi.json",
            "--checks",
            "all",
            "--max-examples",
            str(EXAMPLES_PER_OPERATION),
            "--phases",
            PHASES,
            "--seed",
            "1",
            "--generation-deterministic",
            "--header",
            f"Authorization: Bearer {editor_token}",
            "--report-dir",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    summary = [line for line in result.stdout.splitlines() if "generated" in line or " in " in line][-2:]
    print("\n".join(summary))  # the figures the closing note quotes
    assert result.returncode == 0, result.stdout[-6000:]
    selected = re.search(r"Selected: (\d+)/(\d+)", result.stdout)
    assert (
        selected and selected.group(1) == selected.group(2) and int(selected.group(1)) >= 21
    )  # every operation
