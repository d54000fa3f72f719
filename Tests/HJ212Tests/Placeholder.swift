import Testing

@Test func placeholderHJ212Tests() {}
