"""The HTTP API and JSON feed for downstream trackers (``congvan serve``).

A FastAPI app over the same register store the batch writes: query documents and tasks,
sync incrementally with ``/changes``, and write task status back with ``PATCH``. See
``docs/API.md`` for integrators.
"""

from congvan.outputs.api.app import OPENAPI_URL, PREFIX, create_app
from congvan.outputs.api.settings import API_KEY_ENV, ApiSettings, ConfigError

__all__ = ["API_KEY_ENV", "OPENAPI_URL", "PREFIX", "ApiSettings", "ConfigError", "create_app"]
