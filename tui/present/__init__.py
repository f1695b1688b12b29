"""How a figure reads: formats and column roles shared by the command line and the app.

Imports core, polars and the standard library only; never Textual, Rich, the app or the CLI.
"""
