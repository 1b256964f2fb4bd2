"""environment.yml, binder/, the GitHub workflows and the Zero-to-JupyterHub values, offline.

environment.yml: conda specs parse with py-rattler, the pip section with packaging, and its pins
are the lock's. binder/ keeps Binder away from the GPU Dockerfile. Workflows validate against
GitHub's workflow schema (check-jsonschema's vendored copy) and run the project's commands.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def lock(name: str) -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements" / name).read_text().splitlines():
        if "==" in line and not line.startswith("#"):
            package, version = line.split("==")
            pins[canonicalize_name(package)] = version.strip()
    return pins


def extras() -> set[str]:
    import tomllib

    return set(tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"])


def test_environment_yml_conda_specs():
    from rattler import MatchSpec, Version, VersionSpec

    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert env["name"] == "dlcourse" and env["channels"] == ["conda-forge"]
    specs = {}
    for item in env["dependencies"]:
        if isinstance(item, str):
            spec = MatchSpec(item)
            specs[spec.name.normalized] = spec
    assert VersionSpec(specs["python"].version).matches(Version("3.11.7"))
    assert not VersionSpec(specs["python"].version).matches(Version("3.12.0"))
    import re

    course_pip = re.search(r'"pip==([\d.]+)"', (ROOT / "course").read_text()).group(1)
    assert specs["pip"].version == f"=={course_pip}", "environment.yml's pip is the one ./course setup installs"


def test_environment_yml_pip_section_has_the_lock_pins():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip = next(item["pip"] for item in env["dependencies"] if isinstance(item, dict))
    cpu = lock("constraints-cpu.txt")
    options = [line for line in pip if line.startswith("-")]
    assert "-c requirements/constraints-cpu.txt" in options
    editable = next(line for line in options if line.startswith("-e "))
    wanted = set(editable.split("[", 1)[1].rstrip("]").split(","))
    assert wanted <= extras() and "cpu" in wanted and "gpu" not in wanted
    for line in pip:
        if line.startswith("-"):
            target = line.split()[1].split("[")[0]
            assert (ROOT / target).exists(), f"environment.yml refers to {target}, which does not exist"
            continue
        requirement = Requirement(line)
        (spec,) = requirement.specifier
        locked = cpu.get(canonicalize_name(requirement.name)) or lock("constraints-gpu.txt")[
            canonicalize_name(requirement.name)]
        assert spec.operator == "==" and spec.version == locked, f"{line}: the lock has {locked}"


def test_binder_config_is_cpu_only_and_shadows_the_dockerfile():
    binder = ROOT / "binder"
    assert (ROOT / "Dockerfile").exists() and binder.is_dir()
    assert not (binder / "Dockerfile").exists(), "binder/ must not build the GPU image"
    assert (binder / "runtime.txt").read_text().strip() == "python-3.11"
    lines = [l for l in (binder / "requirements.txt").read_text().splitlines() if l and not l.startswith("#")]
    constraint = next(l for l in lines if l.startswith("-c "))
    assert (binder / constraint.split()[1]).resolve() == ROOT / "requirements" / "constraints-cpu.txt"
    editable = next(l for l in lines if l.startswith("-e "))
    assert editable == "-e .[cpu]"
    post = binder / "postBuild"
    assert post.stat().st_mode & 0o111
    subprocess.run(["bash", "-n", str(post)], check=True)


def test_workflows_validate_against_githubs_schema():
    assert {w.name for w in WORKFLOWS} >= {"tests.yml", "gpu.yml", "book.yml"}
    result = subprocess.run([str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.github-workflows",
                             *map(str, WORKFLOWS)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def load(name: str) -> dict:
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / name).read_text())
    workflow["on"] = workflow.pop(True, workflow.get("on"))  # YAML 1.1 reads `on:` as True
    return workflow


def runs(job: dict) -> str:
    return "\n".join(step.get("run", "") for step in job["steps"])


def test_tests_workflow_runs_the_readme_command_on_cpu_and_in_the_image():
    assert "./course test" in (ROOT / "README.md").read_text()
    jobs = load("tests.yml")["jobs"]
    assert "./course test" in runs(jobs["cpu"])
    assert "tests/infrastructure/browser/install.sh" in runs(jobs["cpu"])
    container = jobs["container"]
    build = next(s for s in container["steps"] if "docker/build-push-action" in s.get("uses", ""))
    assert build["with"]["context"] == "." and build["with"]["load"] is True
    assert "./course test --gpu" in runs(container) and "docker run" in runs(container)
    assert "Health.Status" in runs(container) and "= 403" in runs(container)


def test_gpu_workflow_runs_notebooks_with_nbval_on_a_self_hosted_gpu_runner():
    workflow = load("gpu.yml")
    assert "pull_request" not in workflow["on"] and "pull_request_target" not in workflow["on"]
    (job,) = workflow["jobs"].values()
    assert {"self-hosted", "gpu"} <= set(job["runs-on"])
    commands = runs(job)
    assert "./course setup --gpu" in commands and "list_physical_devices('GPU')" in commands
    assert "./course test --gpu notebooks solutions" in commands
    import tomllib

    addopts = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["pytest"]["ini_options"]["addopts"]
    assert "--nbval" in addopts, "pytest runs notebooks with nbval"


def test_book_workflow_publishes_to_pages():
    jobs = load("book.yml")["jobs"]
    assert "./course book" in runs(jobs["build"])
    upload = next(s for s in jobs["build"]["steps"] if "upload-pages-artifact" in s.get("uses", ""))
    assert upload["with"]["path"] == "_build/html"
    deploy = jobs["deploy"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert any("deploy-pages" in s.get("uses", "") for s in deploy["steps"])


def test_z2jh_values_use_the_course_image_and_a_shared_password():
    values = yaml.safe_load((ROOT / "deploy" / "z2jh-values.yaml").read_text())
    single = values["singleuser"]
    assert single["cmd"] == "start-course.sh" and single["storage"]["homeMountPath"] == "/home/jovyan"
    assert single["uid"] == 1000 and single["defaultUrl"] == "/lab/tree/labs"
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "ARG NB_UID=1000" in dockerfile and "ARG NB_USER=jovyan" in dockerfile
    hub = values["hub"]["config"]
    assert hub["JupyterHub"]["authenticator_class"] == "shared-password"
    assert not any("password" in key for key in hub.get("SharedPasswordAuthenticator", {})), \
        "passwords are given at install time, never committed"
    assert values["cull"]["enabled"] is True
