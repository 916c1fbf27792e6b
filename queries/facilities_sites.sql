-- European CRM sites (CRM atlas) with their materials and NUTS 2021 regions, filtered for the map.
-- Parameters: $material (material_id, '' = all), $stage (facility stage, or a CRM Act stage which selects its
--             facility stages: extraction -> mining, processing -> processing/smelting/refining,
--             recycling -> recovery/recycling; '' = all),
--             $status (operating|planned|construction|care-and-maintenance|closed, '' = all),
--             $country (ISO2 Eurostat style, '' = all).
-- Sources: crm_atlas, nuts2021
-- Output: facility_id, name, company, city, country, iso2, lat, lon (degrees WGS84, city-level),
--         stage, status, materials (names, ' | '-separated), material_ids (comma-separated),
--         crma_project (CRM Act strategic project name or null), crma_stage, confidence, last_checked,
--         source_url, note, nuts3, nuts3_name, nuts2, nuts2_name, nuts_match (how the region was found).
with f as (select * from facilities),
fm as (select * from facility_materials),
r as (select nuts_id, name_latn from regions where nuts_version = 2021),
stage_map(facility_stage, project_stage) as (values
    ('mining', 'extraction'), ('processing', 'processing'), ('smelting', 'processing'),
    ('refining', 'processing'), ('recovery', 'recycling'), ('recycling', 'recycling'),
    ('substitution', 'substitution')),
ids as (
    select facility_id, string_agg(material_id, ',' order by material_id) as material_ids
    from fm group by facility_id
)
select f.facility_id, f.name, f.company, f.city, f.country, f.iso2, f.lat, f.lon, f.stage, f.status,
       f.materials, ids.material_ids, f.crma_project, f.crma_stage, f.confidence, f.last_checked,
       f.source_url, f.note, f.nuts3, r3.name_latn as nuts3_name, f.nuts2, r2.name_latn as nuts2_name,
       f.nuts_match
from f
left join ids using (facility_id)
left join r r3 on r3.nuts_id = f.nuts3
left join r r2 on r2.nuts_id = f.nuts2
where ($material = '' or f.facility_id in (select facility_id from fm where material_id = $material))
  and ($stage = '' or f.stage = $stage
       or (f.stage, $stage) in (select (facility_stage, project_stage) from stage_map))
  and ($status = '' or f.status = $status)
  and ($country = '' or f.iso2 = $country)
order by f.iso2, f.name
