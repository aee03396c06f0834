"""efter: the aftercare coordinator's case file."""

__version__ = "0.1.0"
