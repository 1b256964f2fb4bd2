"""A simple model of data-parallel training speed: compute shrinks per replica, the gradient
all-reduce does not."""

from __future__ import annotations

import numpy as np


def step_time(replicas, per_replica_batch: int = 64, params_millions: float = 25.0,
              bandwidth_gbps: float = 10.0, seconds_per_sample: float = 0.002,
              overhead_s: float = 0.005):
    """Seconds per training step with ``replicas`` devices, each on ``per_replica_batch`` samples.

    compute = batch x seconds per sample (+ a fixed overhead); communication = a ring all-reduce of
    the float32 gradients, which moves 2 (N - 1) / N times the gradient size per device.
    """
    n = np.asarray(replicas, dtype=float)
    compute = per_replica_batch * seconds_per_sample + overhead_s
    gradient_bytes = params_millions * 1e6 * 4
    communicate = np.where(n > 1, 2 * (n - 1) / n * gradient_bytes / (bandwidth_gbps * 1e9 / 8), 0.0)
    return compute + communicate


def speedup(replicas, **kwargs):
    """Samples per second with N replicas over samples per second with one."""
    n = np.asarray(replicas, dtype=float)
    return n * step_time(1, **kwargs) / step_time(n, **kwargs)


def draw_scaling(bandwidth_gbps: float = 10.0, per_replica_batch: int = 64, params_millions: float = 25.0):
    import matplotlib.pyplot as plt

    n = np.arange(1, 17)
    s = speedup(n, per_replica_batch=per_replica_batch, params_millions=params_millions,
                bandwidth_gbps=bandwidth_gbps)
    figure, ax = plt.subplots()
    ax.plot(n, n, "--", color="gray", label="ideal (linear)")
    ax.plot(n, s, "o-", label="model")
    ax.set_xlabel("number of replicas (GPUs)")
    ax.set_ylabel("speedup over 1 replica")
    ax.set_ylim(0, 17)
    ax.set_title(f"{params_millions:g}M parameters, {bandwidth_gbps:g} Gbit/s, batch {per_replica_batch}/replica: "
                 f"efficiency at 16 = {s[-1] / 16:.0%}", fontsize=10)
    ax.legend(loc="upper left")
    return figure


def scaling_widget():
    import ipywidgets as widgets

    from dlcourse.widgets import explorer

    bandwidths = [1.0, 10.0, 100.0, 400.0]
    batches = [16, 64, 256]
    controls = {
        "bandwidth_gbps": widgets.SelectionSlider(options=bandwidths, value=10.0, description="Gbit/s"),
        "per_replica_batch": widgets.SelectionSlider(options=batches, value=64, description="batch"),
        "params_millions": widgets.FloatLogSlider(value=25.0, base=10, min=0, max=3, description="M params"),
    }
    return explorer(draw_scaling, controls, {"bandwidth_gbps": bandwidths, "per_replica_batch": batches},
                    alt="Speedup against number of replicas: close to the ideal line with fast links and "
                        "large batches, flattening early with slow links, small batches or big models.")
