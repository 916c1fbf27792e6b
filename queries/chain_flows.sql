-- Material -> stage -> place flows of atlas sites, for a Sankey: how many sites handle each chosen
-- material at each stage in each country or region. A site handling two chosen materials counts
-- once for each.
-- Parameters: $materials (list of material_id), $level (0, 2 or 3).
-- Sources: crm_atlas, crm_assessments, nuts2021
-- Output: material_id, material, stage, geo (NUTS 2021 code), geo_name, n_sites (number of sites).
with f as (select * from facilities),
fm as (select * from facility_materials),
m as (select material_id, material from materials),
r as (select nuts_id, name_latn from regions where nuts_version = 2021)
select fm.material_id, m.material, f.stage,
       case $level when 0 then f.nuts0 when 1 then f.nuts1 when 2 then f.nuts2 else f.nuts3 end as geo,
       r.name_latn as geo_name, count(*) as n_sites
from fm
join f using (facility_id)
join m using (material_id)
left join r on r.nuts_id = (case $level when 0 then f.nuts0 when 1 then f.nuts1 when 2 then f.nuts2 else f.nuts3 end)
where list_contains($materials, fm.material_id)
group by all
order by fm.material_id, f.stage, geo
