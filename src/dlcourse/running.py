"""Execute notebooks in a fresh kernel: for storing outputs, grading and benchmarking."""

from __future__ import annotations

import os
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

KERNEL = "python3"


@dataclass
class RunResult:
    ok: bool
    seconds: float
    cpu_seconds: float = 0.0
    peak_rss_mb: float = 0.0
    error: str = ""
    notebook: dict | None = field(default=None, repr=False)


class _PeakMemory(threading.Thread):
    """Samples the kernel's resident memory (with its children) while a notebook runs."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        import psutil

        self.process = psutil.Process(pid)
        self.peak = 0
        self.cpu = 0.0
        self.stop = threading.Event()

    def run(self):
        import psutil

        while not self.stop.is_set():
            try:
                procs = [self.process, *self.process.children(recursive=True)]
                self.peak = max(self.peak, sum(p.memory_info().rss for p in procs))
                self.cpu = sum(sum(p.cpu_times()[:2]) for p in procs)
            except psutil.Error:
                pass
            self.stop.wait(0.2)


def _local_kernel(folder: Path):
    """Settings for a kernel reached through local sockets in ``folder``: over TCP, ipykernel warns at
    every start that the traffic is not encrypted, which means nothing for a kernel on this machine."""
    from traitlets.config import Config

    return Config({"KernelManager": {"transport": "ipc", "ip": str(folder / "kernel")}})


def run_notebook(path: Path, timeout: int = 600, allow_errors: bool = False,
                 env: dict | None = None, cwd: Path | None = None) -> RunResult:
    """Run ``path`` top to bottom in a fresh kernel; outputs are kept in ``result.notebook``."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    notebook = nbformat.read(path, as_version=4)
    sockets = tempfile.TemporaryDirectory(prefix="dlcourse-kernel-")
    client = NotebookClient(notebook, timeout=timeout, kernel_name=KERNEL, allow_errors=allow_errors,
                            record_timing=False, config=_local_kernel(Path(sockets.name)),
                            resources={"metadata": {"path": str(cwd or path.parent)}})
    old_env = dict(os.environ)
    os.environ.update(env or {})
    start = time.perf_counter()
    monitor = None
    error = ""
    try:
        with client.setup_kernel():
            pid = getattr(client.km, "provisioner", None) and client.km.provisioner.process.pid
            if pid:
                monitor = _PeakMemory(pid)
                monitor.start()
            for index, cell in enumerate(notebook.cells):
                client.execute_cell(cell, index)
    except CellTimeoutError:
        error = f"a cell ran longer than {timeout} s"
    except DeadKernelError as dead:
        error = f"the kernel died: {dead}"
    except CellExecutionError as failure:
        error = f"{failure.ename}: {failure.evalue}"
    finally:
        os.environ.clear()
        os.environ.update(old_env)
        sockets.cleanup()
        if monitor:
            monitor.stop.set()
            monitor.join()
    seconds = time.perf_counter() - start
    return RunResult(ok=not error, seconds=seconds, cpu_seconds=monitor.cpu if monitor else 0.0,
                     peak_rss_mb=(monitor.peak / 2**20) if monitor else 0.0, error=error, notebook=notebook)


def store_outputs(result: RunResult, path: Path) -> None:
    """Save a successful run's outputs in the notebook (what the book shows); stderr is dropped."""
    import nbformat

    for cell in result.notebook.cells:  # stderr is log noise (TensorFlow start-up, warnings)
        if cell.cell_type == "code":
            cell.outputs = [o for o in cell.outputs if not (o.output_type == "stream" and o.name == "stderr")]
            cell.metadata.pop("execution", None)
    nbformat.write(result.notebook, path)


def execute_in_place(path: Path, timeout: int = 600) -> RunResult:
    """Run a notebook and, when it succeeds, save it with its outputs."""
    result = run_notebook(path, timeout=timeout)
    if result.ok:
        store_outputs(result, path)
    return result
