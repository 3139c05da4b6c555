"""quotedb: a quote-attribution and speaker database served over REST."""


def create_app(config: dict | None = None):
    from .app import create_app as factory

    return factory(config)
