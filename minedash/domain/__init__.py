"""Domain layer: the partnership's rules and calculations (benchmarks, normalisation, progress, value chains,
survey validation, editions). Pure functions over DataFrames; may read the warehouse through minedash.data."""
