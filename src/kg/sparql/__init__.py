"""The SPARQL service: safety checks and query execution, independent of HTTP."""
