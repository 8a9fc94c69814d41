//! Black-box test suites live in tests/.
