"""Data layer: where files live, the ingest, the warehouse and its manifest. Imports nothing else of minedash."""
