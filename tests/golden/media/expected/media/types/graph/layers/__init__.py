"""Request and response types: those of each resource in its folder below."""
