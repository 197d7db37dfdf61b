"""Rules: word tables, named patterns and small named heuristics, one module per fact."""
