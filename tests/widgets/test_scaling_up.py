import matplotlib

matplotlib.use("Agg")
import numpy as np  # noqa: E402

from dlcourse.widgets.scaling_up import draw_scaling, scaling_widget, speedup, step_time  # noqa: E402


def test_one_replica_is_the_reference():
    assert np.isclose(speedup(1), 1.0)
    assert step_time(1) < step_time(2)


def test_speedup_grows_with_bandwidth_and_batch():
    assert speedup(8, bandwidth_gbps=1) < speedup(8, bandwidth_gbps=10) < speedup(8, bandwidth_gbps=100) < 8
    assert speedup(8, per_replica_batch=16) < speedup(8, per_replica_batch=256)
    assert speedup(8, params_millions=1) > speedup(8, params_millions=100)


def test_draw_and_widget():
    slow = draw_scaling(1.0, 64)
    fast = draw_scaling(100.0, 64)
    assert slow.axes[0].lines[1].get_ydata()[-1] < fast.axes[0].lines[1].get_ydata()[-1]
    assert "1 Gbit/s" in slow.axes[0].get_title()
    widget = scaling_widget()
    widget.set(bandwidth_gbps=100.0, per_replica_batch=256)
    assert len(widget.frame_values()) == 12
