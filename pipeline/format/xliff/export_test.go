package xliff

// Validate exposes the test-only XLIFF 2.0 validator to the package's external tests.
var Validate = validate
