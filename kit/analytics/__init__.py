"""The analysts' tools: a demo district, the event logs exported to Parquet, and the monthly report."""
