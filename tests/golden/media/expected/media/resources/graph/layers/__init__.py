"""The `graph.layers` resource and those below it, one module each; each is imported
when first used.
"""
