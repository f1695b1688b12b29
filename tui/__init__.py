"""Scale-up Explorer front ends: the Textual app and the `scaleup` command line.

Importing this package loads nothing heavy; the CLI imports Textual only to open the app.
"""
