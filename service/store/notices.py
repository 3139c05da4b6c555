"""What the store announces to the layers above it, without importing them.

`articles_stored` is sent, with the app as sender, once new articles are committed: by extract_and_store (an
article posted to the API, or a queued job's, in whichever process ran it) and by the loader at the end of a
load. What was read before is stale: the response cache (http/cache.py) listens, and makes every cached read
in every process that shares its store stale. A later write (a correction) sends a notice of its own here.
"""

from blinker import Namespace

notices = Namespace()
articles_stored = notices.signal("articles-stored")
corrections_made = notices.signal("corrections-made")  # an editor's correction or a re-extraction, committed
