"""briefbot: cited briefings from a flood of near-duplicate news."""
