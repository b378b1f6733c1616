"""The Textual terminal app (the only layer that imports textual)."""
