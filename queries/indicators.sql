-- The indicator catalog: every regional indicator with its unit, topic and source, and the years
-- and NUTS levels it has data for (coverage computed by the ingest).
-- Parameters: none.
-- Sources: [source_id]
-- Output: indicator_id, name, unit, topic, definition, better_when ('up'|'down'|null), source_id,
--         dataset_code, first_year, last_year, levels (comma-separated NUTS levels 0-3 with data), n_obs (count of values).
with ind as (select * from indicators)
select indicator_id, name, unit, topic, definition, better_when, source_id, dataset_code,
       first_year, last_year, levels, n_obs
from ind
order by topic, indicator_id
