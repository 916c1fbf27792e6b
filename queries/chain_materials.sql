-- Raw materials with their CRM status and how many atlas sites and strategic projects handle them.
-- Parameters: none.
-- Sources: crm_atlas, crma_projects, crm_assessments
-- Output: material_id, material, crm_2023 (bool), strategic (bool), n_sites (number of sites),
--         n_projects (number of EU strategic projects).
with m as (select * from materials),
fm as (select * from facility_materials),
pm as (select pm.* from project_materials pm
       join strategic_projects p using (project_row) where p.scope = 'EU'),
s as (select material_id, count(distinct facility_id) as n_sites from fm group by material_id),
p as (select material_id, count(distinct project_row) as n_projects from pm group by material_id)
select m.material_id, m.material, m.crm_2023, m.strategic,
       coalesce(s.n_sites, 0) as n_sites, coalesce(p.n_projects, 0) as n_projects
from m
left join s using (material_id)
left join p using (material_id)
order by m.material
