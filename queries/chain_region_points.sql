-- A label point for every NUTS 2021 region (levels 0-3), to place survey answers on the map and
-- to check the NUTS codes of an upload.
-- Parameters: none.
-- Sources: nuts2021
-- Output: nuts_id, level, country_code, name_latn, label_lon, label_lat (degrees WGS84, or null when
--         the region has no shape).
with r as (select * from regions where nuts_version = 2021),
s as (select nuts_id, label_lon, label_lat from region_shapes)
select r.nuts_id, r.level, r.country_code, r.name_latn, s.label_lon, s.label_lat
from r left join s using (nuts_id)
order by r.nuts_id
