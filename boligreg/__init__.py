"""boligreg: a by-name register that ends homelessness one person at a time."""

__version__ = "0.1.0"
