"""Error tables (doc pages, CSV lists) -> rows with positions -> one merged catalog."""
