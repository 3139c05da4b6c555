"""The API as a client meets it: the schemathesis command line, every check on, against a live `quotedb
serve` (gunicorn) on each engine, from the spec's own URL. Any failure fails the suite, with its report."""
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from .conftest import ROOT, TOKEN

EXAMPLES_PER_OPERATION = 50
PHASES = "examples,coverage,fuzzing,stateful"
SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def live_server(seeded_app, tmp_path_factory):
    """`quotedb serve` on the seeded test database, as an operator would start it (its log to a file: a pipe
    nobody reads would fill and stall the server)."""
    port = free_port()
    log = (tmp_path_factory.mktemp("serve") / "serve.log").open("w+b")
    env = {**os.environ, "DATABASE_URL": seeded_app.config["SQLALCHEMY_DATABASE_URI"], "QUOTEDB_API_TOKEN": TOKEN,
           "QUOTEDB_RATE_LIMIT": "off", "QUOTEDB_CACHE_SECONDS": "0"}
    quotedb = shutil.which("quotedb", path=str(Path(sys.executable).parent))
    server = subprocess.Popen([quotedb, "serve", "--port", str(port), "--workers", "2"], cwd=ROOT, env=env,
                              stdout=log, stderr=log)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/health", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        else:
            log.seek(0)
            pytest.fail(f"quotedb serve did not answer: {log.read().decode(errors='replace')[-2000:]}")
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()


def test_schemathesis_finds_nothing_with_every_check_on(live_server, tmp_path):
    result = subprocess.run(
        [str(SCHEMATHESIS), "run", f"{live_server}/api/v1/openapi.json", "--checks", "all",
         "--max-examples", str(EXAMPLES_PER_OPERATION), "--phases", PHASES, "--seed", "1",
         "--header", f"Authorization: Bearer {TOKEN}", "--report-dir", str(tmp_path)],
        capture_output=True, text=True, timeout=600)
    summary = [line for line in result.stdout.splitlines() if "generated" in line or " in " in line][-2:]
    print("\n".join(summary))  # the figures the closing note quotes
    assert result.returncode == 0, result.stdout[-6000:]
    assert "12/12" in result.stdout
