"""Live visualizations for the lectures.

Each topic module has plain functions that compute and draw (testable without a browser, reused
by the book) and a ``*_widget()`` that wires them to ipywidgets through :func:`explorer`.
"""

from dlcourse.widgets.core import explorer  # noqa: F401
