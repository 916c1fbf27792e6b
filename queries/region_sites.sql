-- The CRM sites (CRM Atlas) and CRM Act strategic projects located in a NUTS 2021 region (any level).
-- Parameters: $region (NUTS 2021 code).
-- Sources: [source_id]
-- Output: kind ('CRM site'|'Strategic project'), name, operator (company or promoter), city, stage,
--         status (sites only), materials, source_id, source_url.
with fac as (select * from facilities),
proj as (select * from strategic_projects),
target as (select $region as geo)
select 'CRM site' as kind, name, company as operator, city, stage, status, materials, 'crm_atlas' as source_id, source_url
from fac, target where target.geo in (nuts0, nuts1, nuts2, nuts3)
union all
select 'Strategic project', project, promoter, city, stage, null, materials, 'crma_projects', source_url
from proj, target where target.geo in (nuts0, nuts1, nuts2, nuts3)
order by kind, name
