/// The `Store` module: see docs/shared-api.md.
