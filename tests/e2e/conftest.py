"""End-to-end tests use the browser fixtures of tests/conftest.py (`chromium`, `phone`,
`desktop`): one definition for every app's browser tests. What each e2e page is held to lives in
tests/e2e/helpers.py."""
