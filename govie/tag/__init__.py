"""Taggers: rule extractors (``rules_*``) and the model find QTY UNIT DATE ORG METRIC REL spans."""
