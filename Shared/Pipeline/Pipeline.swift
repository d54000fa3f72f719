/// The `Pipeline` module: see docs/shared-api.md.
