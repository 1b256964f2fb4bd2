#!/usr/bin/env bash
# Derive requirements/constraints-gpu.txt from the CPU lock: drop tensorflow-cpu, resolve
# tensorflow[and-cuda] at the same TensorFlow version within the rest of the lock, and add what
# it brings (the CUDA build and NVIDIA's CUDA/cuDNN wheels). Downloads metadata only.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
tf=$(grep -i '^tensorflow[-_]cpu==' requirements/constraints-cpu.txt | cut -d= -f3)
grep -v -i '^tensorflow[-_]cpu==' requirements/constraints-cpu.txt >"$tmp/base.txt"
python3.11 -m venv "$tmp/venv"
"$tmp/venv/bin/python" -m pip install --quiet --disable-pip-version-check "pip==25.3"
"$tmp/venv/bin/python" -m pip install --quiet --disable-pip-version-check --dry-run \
  --ignore-installed --report "$tmp/report.json" -c "$tmp/base.txt" "tensorflow[and-cuda]==$tf"
"$tmp/venv/bin/python" - "$tmp/base.txt" "$tmp/report.json" <<'PY'
import json, re, sys
norm = lambda n: re.sub(r"[-_.]+", "-", n.lower())
lines = [l.strip() for l in open(sys.argv[1]) if "==" in l and not l.startswith("#")]
have = {norm(l.split("==")[0]) for l in lines}
for item in json.load(open(sys.argv[2]))["install"]:
    name, version = item["metadata"]["name"], item["metadata"]["version"]
    if norm(name) not in have and norm(name) not in {"setuptools", "wheel", "pip"}:
        lines.append(f"{name}=={version}")
with open("requirements/constraints-gpu.txt", "w") as out:
    out.write("# The GPU lock: requirements/constraints-cpu.txt with tensorflow-cpu replaced by TensorFlow's\n"
              "# CUDA build and the NVIDIA CUDA/cuDNN wheels it pulls in (`tensorflow[and-cuda]`).\n"
              "# Used by `./course setup --gpu` and by the Dockerfile. Regenerate after changing the CPU lock:\n"
              "#   tools/make_gpu_lock.sh\n")
    out.write("\n".join(sorted(lines, key=str.lower)) + "\n")
PY
echo "requirements/constraints-gpu.txt written (TensorFlow $tf with CUDA)."
