-- The regional indicators the Regions page can map, with the years and NUTS levels each has data for
-- (coverage computed by the ingest; facilities_n and projects_n are CRM site counts per region).
-- Parameters: none.
-- Sources: [source_id]
-- Output: indicator_id, name, unit, topic, definition, better_when ('up'|'down'|null), source_id,
--         first_year, last_year (calendar years), years (list of years with data), levels (list of NUTS levels 0-3),
--         diverging (true for '% of EU average' indicators, centred on 100).
with ind as (select * from indicators where n_obs > 0)
select indicator_id, name, unit, topic, definition, better_when, source_id, first_year, last_year,
       list_transform(string_split(years, ','), lambda y: cast(y as integer)) as years,
       list_transform(string_split(levels, ','), lambda l: cast(l as integer)) as levels,
       unit like '% of EU%' as diverging
from ind
order by topic, indicator_id
