-- Every source of the warehouse with its provenance (for citations and the Data & sources page).
-- Parameters: none.
-- Sources: [source_id]
-- Output: source_id, title, publisher, dataset_code, url, licence, attribution, vintage,
--         rows_read, rows_written, rows_dropped (row counts), files, sha256 (first 12 hex digits each).
with src as (select * from sources)
select source_id, title, publisher, dataset_code, url, licence, attribution, vintage,
       rows_read, rows_written, rows_dropped, files, sha256
from src
order by source_id
