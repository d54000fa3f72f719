/// The `Web` module: see docs/shared-api.md.
