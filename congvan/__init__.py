"""congvan: turn Vietnamese official letters (công văn) into tracked tasks."""

__version__ = "0.1.0"
