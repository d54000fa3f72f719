import Testing

@Test func placeholderBusTests() {}
