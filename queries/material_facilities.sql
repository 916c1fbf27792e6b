-- European CRM sites (CRM atlas) handling one material, its group, or its group's elements.
-- Parameters: $material (materials.material_id).
-- Sources: crm_atlas, crm_assessments
-- Output: name, company, city, country, iso2, stage, status, materials (as listed), listed_as (material_id
--   matched), nuts2, last_checked (date the atlas entry was checked).
with fm as (select * from facility_materials),
     fac as (select * from facilities),
     related as (select related_id as material_id from material_family where material_id = $material)
select distinct f.name, f.company, f.city, f.country, f.iso2, f.stage, f.status, f.materials,
       fm.material_id as listed_as, f.nuts2, f.last_checked
from fm join related r using (material_id) join fac f using (facility_id)
order by f.country, f.name
