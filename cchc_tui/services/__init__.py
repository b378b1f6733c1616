"""Use cases shared by the TUI, the CLI and the reports."""
