/// The `Evidence` module: the hash chain of order events, signed chain heads, and the evidence
/// package (取证、存证、出证) with its offline verifier. See docs/evidence.md.
