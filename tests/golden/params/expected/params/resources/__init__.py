"""The API's resources, one module each; the client imports them when first used."""
