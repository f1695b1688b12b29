"""Widgets of the Scale-up Explorer app."""
