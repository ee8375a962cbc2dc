"""reviewctl: a review manager for bloggers."""

# Static, not importlib.metadata: that import alone costs tens of milliseconds at start-up.
__version__ = "0.1.0"

__all__ = ["__version__"]
