"""Modal screens: detail, help, export, model picker."""
