"""`roadmap serve`: the HTTP API over a catalog and the review pages."""
