/// The `Domain` module: see docs/shared-api.md.
