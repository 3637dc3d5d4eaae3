"""Static runtime copied verbatim into every generated client package."""
