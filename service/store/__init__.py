"""The store: everything that reads or writes the database, below the API and the pages and above extraction.

models.py (the tables), names.py (matching names to rows), articles.py (storing an article and its
quotations), loader.py (loading files in batches), jobs.py (the ingest queue), notices.py (what the store
announces), search.py (full-text search), the read queries by what they answer (quotes.py, speakers.py,
statistics.py), the rows they answer with (rows.py, json_pages.py, statements.py) and export.py.
docs/architecture.md draws the whole house."""
