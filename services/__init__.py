"""The four services of the fire-safety administration backend."""
