# syntax=docker/dockerfile:1
# The course in one image, in the style of jupyter/docker-stacks: Python 3.11, the course's
# pinned dependencies with TensorFlow's CUDA build (NVIDIA's CUDA/cuDNN come as pip wheels, so
# only the host's driver is needed), a non-root user, tini as init, JupyterLab with a token,
# a healthcheck, and the course data baked in. The same image runs on a host without a GPU
# (TensorFlow falls back to the CPU) and as a JupyterHub single-user image (deploy/).
#
#   docker build -t dlcourse .                       # --build-arg FETCH_DATA=0 skips the data
#   docker run --rm -p 8888:8888 dlcourse            # the token is printed in the log
#   docker run --rm --gpus all -p 8888:8888 -e JUPYTER_TOKEN=... dlcourse
#
# BASE is any Debian bookworm image with Python 3.11.5 or later at /usr/local/bin/python3.11
# (the official image by default; the tests build a stand-in from Debian packages where Docker
# Hub cannot be reached, see tests/infrastructure/).
ARG BASE=python:3.11-slim-bookworm
FROM ${BASE}

ARG NB_USER=jovyan
ARG NB_UID=1000
ARG NB_GID=100
# 1: fetch the course data (and Keras's pretrained weights) into /opt/dlcourse/data; 0: skip.
ARG FETCH_DATA=1

LABEL org.opencontainers.image.title="Deep-learning course" \
      org.opencontainers.image.description="An executable deep-learning course: JupyterLab, TensorFlow (CUDA), labs and data" \
      org.opencontainers.image.licenses="MIT"

ENV DEBIAN_FRONTEND=noninteractive \
    LANG=C.UTF-8 \
    SHELL=/bin/bash \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    DLCOURSE_VENV=/opt/venv \
    DLCOURSE_COURSE_DIR=/opt/dlcourse/course \
    PATH=/opt/venv/bin:$PATH \
    JUPYTER_PORT=8888 \
    TF_CPP_MIN_LOG_LEVEL=2 \
    NVIDIA_VISIBLE_DEVICES=all \
    NVIDIA_DRIVER_CAPABILITIES=compute,utility

SHELL ["/bin/bash", "-o", "pipefail", "-c"]

# tini reaps the kernels' zombies and forwards signals; git lets learners pull course updates.
# Debian packages are not version-pinned (DL3008): bookworm only ships security fixes for them,
# and a pinned version disappears from the archive when it is superseded, breaking the build.
# hadolint ignore=DL3008
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini ca-certificates git \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --no-log-init --create-home --shell /bin/bash --uid "${NB_UID}" --gid "${NB_GID}" "${NB_USER}"

WORKDIR /opt/dlcourse/course

# The environment first (the slow, rarely changing layer): the course's own setup command with
# the GPU lock, then JupyterHub so that the image also serves as a single-user image. It sees
# only the setup script, pyproject.toml and the locks, so a change to the course's code or
# notebooks reuses this layer: the package is installed editable from an empty stand-in
# (README.md and src/dlcourse/__init__.py), which the full copy below replaces.
COPY course pyproject.toml ./
COPY requirements/ requirements/
RUN mkdir -p src/dlcourse && touch README.md src/dlcourse/__init__.py \
 && ./course setup --gpu \
 && python -m pip install --quiet -c requirements/constraints-gpu.txt -r requirements/hub.txt \
 && python -m pip check

# The course data, verified against the catalog's checksums, where the course looks first.
COPY deploy/ deploy/
RUN if [ "${FETCH_DATA}" = "1" ]; then deploy/bake-data.sh /opt/dlcourse/data; fi \
 && mkdir -p /opt/dlcourse/data \
 && ln -s /opt/dlcourse/course/deploy/start-course.sh /usr/local/bin/start-course.sh

# The rest of the course: lectures, labs, solutions, book, tests; setup again only checks the
# environment is the locked one (it is: same lock, same pyproject.toml) and imports the package.
COPY --chown=${NB_UID}:${NB_GID} . .
RUN ./course setup --gpu && python -c "import dlcourse.cli"

USER ${NB_UID}
WORKDIR /home/${NB_USER}
EXPOSE 8888

HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 \
  CMD ["python", "/opt/dlcourse/course/deploy/healthcheck.py"]

ENTRYPOINT ["tini", "-g", "--"]
CMD ["start-course.sh"]
