/// The `Bus` module: see docs/shared-api.md.
