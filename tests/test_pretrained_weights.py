"""Pretrained weights in a folder the learner cannot write load offline, as a non-root user.

The suite runs as root here, and root can write anywhere, so these tests run their code as a
non-root user (``learner`` if it exists, else ``nobody``): that is what a learner in the course
image, on a read-only mount or on a JupyterHub with a shared data folder is.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

MIRROR = Path(os.environ.get("DLCOURSE_DATA_DIR", "/work/shared/data").split(os.pathsep)[0])
MOBILENET = MIRROR / "keras" / "models" / "mobilenet_7_5_224_tf.h5"
NO_NETWORK = {"HTTP_PROXY": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9",
              "http_proxy": "http://127.0.0.1:9", "https_proxy": "http://127.0.0.1:9", "no_proxy": ""}


def _learner() -> pwd.struct_passwd | None:
    """The non-root account to run as, or None when the suite already runs as non-root."""
    if os.getuid() != 0:
        return None
    for name in ("learner", "nobody"):
        try:
            return pwd.getpwnam(name)
        except KeyError:
            continue
    pytest.skip("running as root and no non-root account (learner, nobody) to run as")


@pytest.fixture
def learner_home():
    """A fresh home folder owned by the non-root user (pytest's tmp_path is private to root)."""
    home = Path(tempfile.mkdtemp(prefix="dlcourse-learner-"))
    home.chmod(0o755)
    user = _learner()
    if user is not None:
        os.chown(home, user.pw_uid, user.pw_gid)
    yield home
    shutil.rmtree(home, ignore_errors=True)


@pytest.fixture
def read_only_weights():
    """A Keras folder (keras.json, models/fake.h5) that the non-root user can read, not write."""
    root = Path(tempfile.mkdtemp(prefix="dlcourse-ro-keras-"))
    keras_dir = root / "keras"
    (keras_dir / "models").mkdir(parents=True)
    (keras_dir / "keras.json").write_text('{"floatx": "float32"}\n')
    (keras_dir / "models" / "fake.h5").write_bytes(b"weights")
    for folder in (keras_dir / "models", keras_dir, root):
        folder.chmod(0o555)
    yield keras_dir
    for folder in (root, keras_dir, keras_dir / "models"):
        folder.chmod(0o755)
    shutil.rmtree(root, ignore_errors=True)


def _as_user(user: pwd.struct_passwd | None) -> list[str]:
    """The command prefix that drops to ``user``. It keeps one read-only capability
    (CAP_DAC_READ_SEARCH) so that the test's Python, which may live under root's private home
    (pyenv in /root), can still be read: the user still cannot write anything it does not own."""
    if user is None:
        return []
    if shutil.which("setpriv") is None:
        pytest.skip("running as root and util-linux's setpriv is missing: cannot drop to a non-root user")
    return ["setpriv", f"--reuid={user.pw_uid}", f"--regid={user.pw_gid}", "--clear-groups",
            "--inh-caps=+dac_read_search", "--ambient-caps=+dac_read_search"]


def run_as_learner(code: str, home: Path, **env: str) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if k not in ("KERAS_HOME", "DLCOURSE_CACHE_DIR", "XDG_CACHE_HOME")}
    base.update(HOME=str(home), **NO_NETWORK, **env)
    command = [*_as_user(_learner()), sys.executable, "-c", code + "\nimport os; assert os.getuid() != 0"]
    return subprocess.run(command, capture_output=True, text=True, env=base, cwd=home, timeout=300)


def test_read_only_keras_home_is_seen_through_writable_links(learner_home, read_only_weights):
    code = "import dlcourse, os; print(os.environ['KERAS_HOME'])"
    result = run_as_learner(code, learner_home, KERAS_HOME=str(read_only_weights))
    assert result.returncode == 0, result.stderr
    view = Path(result.stdout.strip())
    assert view == learner_home / ".cache" / "dlcourse" / "keras"
    link = view / "models" / "fake.h5"
    assert link.is_symlink() and link.resolve() == (read_only_weights / "models" / "fake.h5").resolve()
    assert (view / "keras.json").read_text() == '{"floatx": "float32"}\n'


def test_read_only_data_dir_weights_are_found_without_keras_home(learner_home, read_only_weights):
    code = "import dlcourse, os; print(os.environ['KERAS_HOME'])"
    result = run_as_learner(code, learner_home, DLCOURSE_DATA_DIR=str(read_only_weights.parent))
    assert result.returncode == 0, result.stderr
    assert Path(result.stdout.strip()) == learner_home / ".cache" / "dlcourse" / "keras"


def test_a_file_the_learner_saved_in_the_view_is_kept(learner_home, read_only_weights):
    models = learner_home / ".cache" / "dlcourse" / "keras" / "models"
    code = ("import os, pathlib; m = pathlib.Path(os.environ['M']); m.mkdir(parents=True); "
            "(m / 'fake.h5').write_bytes(b'mine'); import dlcourse; print((m / 'fake.h5').read_bytes())")
    result = run_as_learner(code, learner_home, KERAS_HOME=str(read_only_weights), M=str(models))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "b'mine'" and not (models / "fake.h5").is_symlink()


def test_keras_imported_first_still_gets_the_view(learner_home, read_only_weights):
    code = ("import keras; from keras.src.backend import config; import dlcourse; "
            "print(config.keras_home())")
    result = run_as_learner(code, learner_home, KERAS_HOME=str(read_only_weights))
    assert result.returncode == 0, result.stderr
    assert Path(result.stdout.strip().splitlines()[-1]) == learner_home / ".cache" / "dlcourse" / "keras"


@pytest.mark.skipif(not MOBILENET.is_file(), reason=f"the offline mirror has no MobileNet weights ({MOBILENET})")
def test_mobilenet_loads_offline_from_read_only_mirror_as_non_root(learner_home):
    """What chapters 12 and 13 do, with no network (a download would hit a dead proxy)."""
    code = ("import dlcourse, keras, numpy as np\n"
            "from keras.applications.mobilenet import decode_predictions\n"
            "model = keras.applications.MobileNet(alpha=0.75, weights='imagenet')\n"
            "base = keras.applications.MobileNet(alpha=0.75, weights='imagenet', include_top=False,"
            " input_shape=(224, 224, 3))\n"
            "top = decode_predictions(model.predict(np.zeros((1, 224, 224, 3)), verbose=0), top=1)\n"
            "print(model.count_params(), base.count_params(), len(top[0]))\n")
    result = run_as_learner(code, learner_home, DLCOURSE_DATA_DIR=str(MIRROR))
    assert result.returncode == 0, result.stderr[-3000:]
    full, no_top, classes = result.stdout.split()[-3:]
    assert int(full) > int(no_top) > 0 and classes == "1"
