-- Simplified NUTS 2021 outlines of one level, for maps (GeoJSON geometry text, WGS84).
-- Parameters: $level (0-3).
-- Sources: nuts2021
-- Output: nuts_id, level, name_latn, country_code, geometry (GeoJSON text), label_lon, label_lat (degrees), area_km2.
with s as (select * from region_shapes where level = $level),
r as (select nuts_id, name_latn, country_code from regions where nuts_version = 2021)
select s.nuts_id, s.level, r.name_latn, r.country_code, s.geometry, s.label_lon, s.label_lat, s.area_km2
from s join r using (nuts_id)
order by s.nuts_id
