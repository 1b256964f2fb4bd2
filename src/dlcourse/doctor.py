"""``dlcourse doctor``: what this machine has for the course, and one-sentence fixes."""

from __future__ import annotations

import importlib.metadata as metadata
import os
import platform
import socket
import sys
from dataclasses import dataclass
from pathlib import Path

from dlcourse import data


@dataclass
class Check:
    name: str
    ok: bool
    detail: str
    fix: str = ""


def _version(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def check_python() -> Check:
    version = platform.python_version()
    ok = (3, 11, 5) <= sys.version_info[:3] < (3, 12)
    return Check("python", ok, f"{version} at {sys.executable}",
                 "" if ok else "Install Python 3.11.5 or later 3.11 (python.org, pyenv) and run ./course setup again.")


def check_tensorflow() -> list[Check]:
    tf_version = _version("tensorflow-cpu") or _version("tensorflow")
    keras_version = _version("keras")
    if not tf_version:
        return [Check("tensorflow", False, "not installed", "Run ./course setup (or ./course setup --gpu).")]
    checks = [Check("tensorflow", True, tf_version),
              Check("keras", bool(keras_version and keras_version.startswith("3.")), str(keras_version),
                    "" if keras_version and keras_version.startswith("3.") else "Run ./course setup: the course needs Keras 3.")]
    try:
        import tensorflow as tf

        gpus = tf.config.list_physical_devices("GPU")
        detail = f"{len(gpus)} GPU(s): {', '.join(g.name for g in gpus)}" if gpus else "none (the course runs on the CPU)"
        checks.append(Check("gpu", True, detail))
    except Exception as error:  # a broken install must still get a report
        checks.append(Check("gpu", False, f"TensorFlow failed to import: {error}",
                            "Recreate the environment: rm -rf .venv && ./course setup."))
    return checks


def check_data() -> list[Check]:
    checks = []
    custom = os.environ.get("DLCOURSE_DATA_DIR")
    if custom:
        missing = [p for p in custom.split(os.pathsep) if p and not Path(p).is_dir()]
        checks.append(Check("data folder", not missing, custom if not missing else f"{', '.join(missing)} does not exist",
                            "" if not missing else "Point DLCOURSE_DATA_DIR at an existing folder, or unset it to use the cache and downloads."))
    else:
        checks.append(Check("data folder", True, "DLCOURSE_DATA_DIR not set (downloads go to the cache)"))
    cache = data.cache_dir()
    try:
        cache.mkdir(parents=True, exist_ok=True)
        writable = os.access(cache, os.W_OK)
    except OSError:
        writable = False
    checks.append(Check("cache", writable, str(cache),
                        "" if writable else "Make the cache writable or set DLCOURSE_CACHE_DIR to a writable folder."))
    rows = data.verify_all()
    present = {path for path, status, _ in rows if status in ("ok", "unchecked")}
    corrupt = sorted({path for path, status, _ in rows if status == "CORRUPT"})
    total = len(data.catalog())
    online = network_available()
    detail = f"{len(present)} of {total} course files present locally; network {'reachable' if online else 'not reachable'}"
    fix = ""
    if corrupt:
        fix = f"Damaged files ({', '.join(corrupt[:3])}...): delete them and run `dlcourse data fetch`."
    elif len(present) < total and not online:
        fix = "Some data is missing and there is no network: connect and run `dlcourse data fetch --all`, or set DLCOURSE_DATA_DIR to a copy."
    checks.append(Check("data files", not fix, detail, fix))
    checks.append(check_weights(online))
    return checks


# Keras's files for the pretrained-model chapters, and the chapters that load them.
WEIGHTS = {"mobilenet_7_5_224_tf.h5": "12", "imagenet_class_index.json": "12",
           "mobilenet_7_5_224_tf_no_top.h5": "13"}


def check_weights(online: bool) -> Check:
    """MobileNet's weights where Keras will look (KERAS_HOME, set by ``import dlcourse``)."""
    home = Path(os.environ.get("KERAS_HOME") or Path.home() / ".keras")
    missing = [name for name in WEIGHTS if not (home / "models" / name).is_file()]
    if not missing:
        return Check("keras weights", True, f"{home} (MobileNet for chapters 12 and 13 present)")
    if online:
        return Check("keras weights", True, f"{home} ({', '.join(missing)} not there yet: Keras downloads them on first use)")
    chapters = sorted({WEIGHTS[name] for name in missing})
    named = f"Chapter{'s' if len(chapters) > 1 else ''} {' and '.join(chapters)}"
    return Check("keras weights", False, f"{home}: {', '.join(missing)} missing and the network is not reachable",
                 f"{named} will fail to load MobileNet. Run chapter 12's first cells once while online "
                 f"(Keras saves about 18 MB into {home / 'models'}), or copy those files there, or point "
                 f"DLCOURSE_DATA_DIR at a folder that has keras/models/ with them.")


def network_available(host: str = "storage.googleapis.com", timeout: float = 3) -> bool:
    try:
        socket.create_connection((host, 443), timeout=timeout).close()
        return True
    except OSError:
        return False


def check_kernel() -> Check:
    try:
        from jupyter_client.kernelspec import KernelSpecManager

        specs = KernelSpecManager().find_kernel_specs()
    except Exception as error:
        return Check("jupyter kernel", False, f"cannot list kernels: {error}", "Run ./course setup.")
    ok = "dlcourse" in specs
    return Check("jupyter kernel", ok, specs.get("dlcourse", "course kernel 'dlcourse' not registered"),
                 "" if ok else "Run ./course setup (it registers the 'dlcourse' kernel).")


def diagnose() -> list[Check]:
    return [check_python(), *check_tensorflow(), *check_data(), check_kernel()]
