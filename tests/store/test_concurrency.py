"""Two loaders on the same folder at once store each article once, and the quotation every article
reports once."""

import os
import subprocess

from sqlalchemy import func, select

from service.extensions import db
from service.store.models import Article, Quotation, Quote, Speaker
from tests.helpers import QUOTEDB, make_app, reset_schema

PLEDGE = "This harbour stays open to every fishing boat for as long as I am harbour master."
ARTICLES = {
    f"{i}.txt": f"Story {i}\n\nCouncillor Maria Jensen said budget item {i} would pass.\n\n"
    f"Olaf Berg told the Gazette: “Item {i} is a mistake.”\n\n"
    f"Harbour master Lena Holm said: “{PLEDGE}”"
    for i in range(12)
}


def test_two_loaders_racing_store_each_article_once(database_url, tmp_path):
    app = make_app(database_url)
    reset_schema(app)
    for name, text in ARTICLES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    env = {**os.environ, "DATABASE_URL": database_url, "QUOTEDB_RATE_LIMIT": "off"}
    loaders = [
        subprocess.Popen(
            [QUOTEDB, "load", "--quiet", str(tmp_path)],
            env=env,
            text=True,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for _ in range(2)
    ]
    outputs = [loader.communicate(timeout=300) for loader in loaders]
    for loader, (out, err) in zip(loaders, outputs):
        assert loader.returncode == 0, err
        assert "0 failed" in out
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Article)) == len(ARTICLES)
        names = list(db.session.scalars(select(Speaker.name)))
        assert sorted(names) == ["Lena Holm", "Maria Jensen", "Olaf Berg"]
        counts = dict(db.session.execute(select(Speaker.name, Speaker.quote_count)).all())
        assert counts == {"Lena Holm": 12, "Maria Jensen": 12, "Olaf Berg": 12}  # none lost or doubled
        [pledge] = db.session.scalars(
            select(Quote.quotation_id).where(Quote.text.contains("harbour")).distinct()
        )
        assert db.session.get(Quotation, pledge).occurrences == 12  # one quotation, whichever loader won
        db.engine.dispose()
