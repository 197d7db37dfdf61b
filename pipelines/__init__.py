"""Orchestration: parse one file end to end, assemble the plan, the CLI."""
