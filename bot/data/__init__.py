"""Reference data versioned with the code."""
