"""The test suite; its helpers (`tests.helpers`, `tests.server`, `tests.chromium`) also serve bench/ and tools/."""
