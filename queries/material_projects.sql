-- CRM Act strategic projects handling one material, its group, or its group's elements.
-- Parameters: $material (materials.material_id).
-- Sources: crma_projects, crm_assessments
-- Output: project, promoter, scope ('EU' | outside), country, iso2, city, stage, materials (as listed),
--   listed_as (material_id the project was matched on), nuts2.
with pm as (select * from project_materials),
     sp as (select * from strategic_projects),
     related as (select related_id as material_id from material_family where material_id = $material)
select distinct sp.project, sp.promoter, sp.scope, sp.country, sp.iso2, sp.city, sp.stage, sp.materials,
       pm.material_id as listed_as, sp.nuts2
from pm join related r using (material_id) join sp using (project_row)
order by sp.scope, sp.country, sp.project, sp.stage
