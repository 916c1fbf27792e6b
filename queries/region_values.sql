-- One indicator for every NUTS 2021 region of one level, every year with data (map, animation, ranking).
-- Parameters: $indicator (indicator id), $level (NUTS level 0-3).
-- Sources: nuts2021, s3_partnership, [source_id]
-- Output: nuts_id, name_latn, name_native, country_code, role ('lead'|'partner'|null), year,
--         value (in the indicator's unit, see region_indicators), flag (Eurostat flag letters, '' if none),
--         source_id (sources.source_id of the figure).
with obs as (select indicator_id, geo, year, value, flag, source_id from observations where value is not null),
reg as (select nuts_id, level, country_code, name_latn, name_native, parent_id from regions where nuts_version = 2021),
members as (select nuts_id, role from partnership_regions)
select reg.nuts_id, reg.name_latn, reg.name_native, reg.country_code, members.role, o.year, o.value,
       coalesce(o.flag, '') as flag, o.source_id
from obs o
join reg on reg.nuts_id = o.geo
left join members on members.nuts_id = reg.nuts_id
where o.indicator_id = $indicator and reg.level = $level
order by o.year, reg.nuts_id
