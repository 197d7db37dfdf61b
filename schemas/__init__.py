"""The contract: the document model readers produce and the roadmap JSON we write.

Imports nothing internal, so every other package can depend on it.
"""
