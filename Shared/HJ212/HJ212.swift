/// The `HJ212` module: see docs/shared-api.md.
