-- CRM facilities (CRM Atlas) and CRM Act strategic projects located in each partnership member
-- region (a project listed at several sites counts once). A NUTS 3 member counts what lies in its NUTS 3 area; a NUTS 2 member what lies anywhere in it.
-- Parameters: none.
-- Sources: crm_atlas, crma_projects, s3_partnership
-- Output: nuts_id, region_name, role, nuts_level, facilities (count of sites), facility_names (text,
--         '; '-separated or null), strategic_projects (count of projects), project_names (text or null).
with members as (select * from partnership_regions),
fac as (select * from facilities),
proj as (select * from strategic_projects),
fac_in as (
    select m.nuts_id, count(*) as n, string_agg(fac.name, '; ' order by fac.name) as names
    from members m join fac on (m.nuts_level = 3 and fac.nuts3 = m.nuts_id) or (m.nuts_level = 2 and fac.nuts2 = m.nuts_id)
    group by m.nuts_id
),
proj_in as (
    select m.nuts_id, count(distinct proj.project_id) as n,
           string_agg(distinct proj.project, '; ' order by proj.project) as names
    from members m join proj on (m.nuts_level = 3 and proj.nuts3 = m.nuts_id) or (m.nuts_level = 2 and proj.nuts2 = m.nuts_id)
    group by m.nuts_id
)
select m.nuts_id, m.region_name, m.role, m.nuts_level,
       coalesce(fac_in.n, 0) as facilities, fac_in.names as facility_names,
       coalesce(proj_in.n, 0) as strategic_projects, proj_in.names as project_names
from members m
left join fac_in using (nuts_id)
left join proj_in using (nuts_id)
order by case m.role when 'lead' then 0 else 1 end, m.nuts_id
