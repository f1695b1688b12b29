"""The dialogs, one per file, each a `CenteredModal` (tui/screens/base.py)."""
