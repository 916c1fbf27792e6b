-- CRM Act strategic projects handling one material, its group, or its group's elements.
-- Parameters: $material (materials.material_id).
-- Output: project, promoter, scope ('EU' | outside), country, iso2, city, stage, materials (as listed),
--   listed_as (material_id the project was matched on), nuts2.
with pm as (select * from project_materials),
     sp as (select * from strategic_projects),
     mats as (select material_id, group_id from materials),
     me as (select material_id, group_id from mats where material_id = $material),
     related as (select material_id from me
                 union select group_id from me where group_id is not null
                 union select material_id from mats where group_id = $material)
select distinct sp.project, sp.promoter, sp.scope, sp.country, sp.iso2, sp.city, sp.stage, sp.materials,
       pm.material_id as listed_as, sp.nuts2
from pm join related r using (material_id) join sp using (project_row)
order by sp.scope, sp.country, sp.project, sp.stage
