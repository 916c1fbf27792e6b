"""Mining Regions Dashboard: ingest, warehouse access and chart builders."""
