"""What every course notebook runs first: quiet logs, fixed seeds, readable figures."""

from __future__ import annotations

import os
import random


def setup(seed: int = 42, tensorflow: bool = False) -> None:
    """Seed Python, NumPy (and TensorFlow/Keras when ``tensorflow``), and set figure defaults.

    With ``tensorflow=True`` op determinism is switched on, so that training prints the same
    numbers on every run of the same machine.
    """
    import matplotlib
    import numpy as np

    random.seed(seed)
    np.random.seed(seed)
    matplotlib.rcParams.update({"figure.figsize": (6.4, 4.0), "figure.dpi": 72,
                                "axes.grid": True, "grid.alpha": 0.3, "svg.hashsalt": "dlcourse"})
    if tensorflow:
        import keras
        import tensorflow as tf

        keras.utils.set_random_seed(seed)
        try:
            tf.config.experimental.enable_op_determinism()
        except Exception:  # already enabled, or not available in this build
            pass
    os.environ.setdefault("PYTHONHASHSEED", str(seed))
