"""Fire-safety credit (消防安全信用监管), derived only from permit and supervision events (see README.md)."""
