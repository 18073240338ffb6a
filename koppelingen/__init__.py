"""Koppelingen: what institutes' own systems use instead of an upload. API keys (one
institute each, shown once, stored hashed, expiring, revocable, every use recorded), the
REST API under /api/v1/ (api.py), and its idempotency records. It writes nothing of its
own into the count: placements go through the placements import (subsidie/imports.py),
so the same validation, signal and recount follow."""
