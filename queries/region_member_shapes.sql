-- Outlines of the partnership's member regions (each at its own NUTS level), to outline them on maps.
-- Parameters: none.
-- Sources: s3_partnership, nuts2021
-- Output: nuts_id, region_name, role ('lead'|'partner'), geometry (GeoJSON text, WGS84).
with m as (select * from partnership_regions),
s as (select nuts_id, geometry from region_shapes)
select m.nuts_id, m.region_name, m.role, s.geometry
from m join s using (nuts_id)
order by m.nuts_id
