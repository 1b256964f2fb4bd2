"""The container's HEALTHCHECK: the Jupyter server answers /api (no token needed for it).

Works for plain JupyterLab (port $JUPYTER_PORT, default 8888) and for jupyterhub-singleuser
(JUPYTERHUB_SERVICE_URL gives the port and prefix), as jupyter/docker-stacks' check does.
"""

import os
import sys
import urllib.parse
import urllib.request

service = os.environ.get("JUPYTERHUB_SERVICE_URL")
if service:
    parts = urllib.parse.urlsplit(service)
    url = f"http://127.0.0.1:{parts.port or 8888}{parts.path.rstrip('/')}/api"
else:
    url = f"http://127.0.0.1:{os.environ.get('JUPYTER_PORT', '8888')}/api"
try:
    with urllib.request.urlopen(url, timeout=5) as response:
        sys.exit(0 if response.status == 200 else 1)
except Exception as error:  # noqa: BLE001 - any failure is unhealthy
    print(f"unhealthy: {url}: {error}", file=sys.stderr)
    sys.exit(1)
