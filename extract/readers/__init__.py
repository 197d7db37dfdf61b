"""Readers: bytes of one format → the shared document model. No library objects leak out."""
