"""Where the registry's rows are kept: one module per database, each with its own SQL."""
