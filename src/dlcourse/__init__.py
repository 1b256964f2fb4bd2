"""The deep-learning course package: data, checks, widgets, lab tools and a command line.

Importing it first in a notebook points Keras at the course's local weights (if a local data
folder has them) and quiets TensorFlow's start-up logs; both must happen before TensorFlow loads.
"""

import os as _os

__version__ = "0.1.0"

_os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
_os.environ.setdefault("KERAS_BACKEND", "tensorflow")

from dlcourse.data import configure_keras as _configure_keras  # noqa: E402

_configure_keras()

from dlcourse.notebook import setup  # noqa: E402,F401
