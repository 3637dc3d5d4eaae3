"""clientsmith: generate typed Python API clients from OpenAPI documents.

The pipeline, one module per stage: load -> bundle -> upgrade -> validate -> ir -> render -> format -> write.
"""

__version__ = "0.1.0"
