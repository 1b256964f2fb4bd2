#!/usr/bin/env bash
# A stand-in for the Dockerfile's default base (the official python:3.11-slim-bookworm image) on
# machines that cannot reach Docker Hub: Debian bookworm from Debian's own packages (mmdebstrap)
# plus the Python that runs the tests, laid out as the official image has it (/usr/local).
#
#   tests/infrastructure/standin_base.sh DOCKER_HOST_SOCKET   # prints the image's name
#
# Everything specific to these build machines lives here, never in the Dockerfile: the TLS
# proxy's CA bundle (copied in, with PIP_CERT pointing at it) and the copied Python (Debian 12's
# own python3.11 is 3.11.2, too old for the course's lock). The image is tagged with a hash of
# its inputs and reused when it exists, so the course image's layer cache stays valid between runs.
set -euo pipefail
socket=${1:?usage: standin_base.sh DOCKER_SOCKET}
docker=(/usr/bin/docker -H "unix://$socket")
here=$(cd "$(dirname "$0")" && pwd)
python=${STANDIN_PYTHON:-python3.11}
prefix=$("$python" -c 'import sys; print(sys.base_prefix)')
version=$("$python" -c 'import sys; print("%d.%d.%d" % sys.version_info[:3])')
ca=/etc/ssl/certs/ca-certificates.crt
packages=ca-certificates,libsqlite3-0,libssl3,libffi8,zlib1g,liblzma5,libbz2-1.0,libreadline8,libncursesw6,libuuid1,libexpat1,libgdbm6,libtinfo6

key=$(cat "$here/standin_base.sh" "$ca" <(echo "$prefix $version $packages") | sha256sum | cut -c1-12)
name="dlcourse-standin-base:py$version-$key"
if "${docker[@]}" image inspect "$name" >/dev/null 2>&1; then
  echo "$name"; exit 0
fi

command -v mmdebstrap >/dev/null || { echo "mmdebstrap is missing (apt-get install mmdebstrap)" >&2; exit 3; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rootfs=$work/rootfs
mmdebstrap --quiet --variant=minbase --include="$packages" bookworm "$rootfs" \
  "deb http://deb.debian.org/debian bookworm main" \
  "deb http://deb.debian.org/debian bookworm-updates main" \
  "deb http://deb.debian.org/debian-security bookworm-security main" >&2

# Python as the official image lays it out: /usr/local/bin/python3.11 and /usr/local/lib/python3.11,
# without the host's site-packages, test suite or static library.
mkdir -p "$rootfs/usr/local/bin" "$rootfs/usr/local/lib"
cp -a "$prefix/bin/python3.11" "$rootfs/usr/local/bin/"
cp -a "$prefix"/lib/libpython3*.so* "$rootfs/usr/local/lib/"
tar -C "$prefix/lib" --exclude='python3.11/site-packages/*' --exclude=python3.11/test \
  --exclude='python3.11/config-3.11-*' --exclude='__pycache__' -cf - python3.11 | tar -C "$rootfs/usr/local/lib" -xf -
for link in python3 python; do ln -sf python3.11 "$rootfs/usr/local/bin/$link"; done
ldconfig -r "$rootfs"

# The TLS proxy's CA bundle of these machines (pip, git and apt go through it).
cp "$ca" "$rootfs/etc/ssl/certs/ca-certificates.crt"

tar -C "$rootfs" -cf - . | "${docker[@]}" import \
  --change 'ENV PATH=/usr/local/bin:/usr/local/sbin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8' \
  --change "ENV PIP_CERT=$ca SSL_CERT_FILE=$ca REQUESTS_CA_BUNDLE=$ca" \
  --change 'CMD ["python3"]' - "$name" >&2
"${docker[@]}" run --rm --network none "$name" python3 -c 'import ssl, sqlite3, ctypes, lzma, bz2, readline, uuid, venv' >&2
echo "$name"
