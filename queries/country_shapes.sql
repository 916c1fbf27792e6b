-- World country outlines (Natural Earth 1:110m) for world maps.
-- Parameters: none.
-- Sources: naturalearth
-- Output: iso3, iso2 (Eurostat style: EL, UK), name, geometry (GeoJSON text, WGS84).
with c as (select * from country_shapes)
select iso3, iso2, name, geometry from c order by iso3
