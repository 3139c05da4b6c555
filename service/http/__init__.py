"""The HTTP mechanisms both the JSON API (api/) and the pages (web/) stand on, each installed on the app once
by the factory (app.py): errors answered in one place (errors.py), the write guard (auth.py), request guards
(guards.py), the response cache (cache.py, its generation on Redis in cache_generation.py), the rate limit
(ratelimit.py) and the request log (requestlog.py). Nothing here imports api/ or web/."""
