"""The HTML reference: `tlgen docs`."""
