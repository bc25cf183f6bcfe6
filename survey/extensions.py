"""Flask extension objects, bound to an app in `create_app` (nothing is bound at import)."""

from __future__ import annotations

from flask_wtf.csrf import CSRFProtect

csrf = CSRFProtect()
