"""Everything that pulls content out of files: readers, text fixes, rules. Imports schemas only."""
