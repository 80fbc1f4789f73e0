"""Prose stage: the sentences of the 情况说明, built from derived figures only."""
