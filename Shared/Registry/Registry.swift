/// The `Registry` module: see docs/shared-api.md.
