/// The `Crypto` module: see docs/shared-api.md.
