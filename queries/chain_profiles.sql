-- Value-chain position of each partnership member region compared with its country and with the
-- partnership as a whole: which stages and materials have atlas sites or EU strategic projects.
-- Project stages are put on the atlas's scale (extraction -> mining, processing -> processing,
-- recycling -> recycling, substitution -> substitution) so both can be compared.
-- Parameters: none.
-- Sources: crm_atlas, crma_projects, s3_partnership, crm_assessments
-- Output: nuts_id (member, NUTS 2021), region_name, country_code, scope ('region'|'country'|
--         'partnership'), kind ('sites'|'strategic projects'), stage, material_id, material,
--         n (number of sites or projects).
with f as (select * from facilities),
fm as (select * from facility_materials),
p as (select * from strategic_projects where scope = 'EU'),
pm as (select * from project_materials),
mat as (select material_id, material from materials),
members as (select nuts_id, region_name, country_code from partnership_regions),
stage_map(project_stage, stage) as (values
    ('extraction', 'mining'), ('processing', 'processing'), ('recycling', 'recycling'),
    ('substitution', 'substitution')),
items as (
    select 'sites' as kind, f.facility_id as item, f.nuts3, f.nuts0, f.stage, fm.material_id
    from f join fm using (facility_id)
    union all
    select 'strategic projects', p.project_id, p.nuts3, p.nuts0, sm.stage, pm.material_id
    from p
    join pm using (project_row)
    join stage_map sm on list_contains(string_split(p.stage, '|'), sm.project_stage)
),
scoped as (
    select m.nuts_id, m.region_name, m.country_code, 'region' as scope, i.*
    from members m join items i on starts_with(i.nuts3, m.nuts_id)
    union all
    select m.nuts_id, m.region_name, m.country_code, 'country', i.*
    from members m join items i on i.nuts0 = m.country_code
    union all
    select m.nuts_id, m.region_name, m.country_code, 'partnership', i.*
    from members m cross join items i
    where exists (select 1 from members x where starts_with(i.nuts3, x.nuts_id))
)
select s.nuts_id, s.region_name, s.country_code, s.scope, s.kind, s.stage, s.material_id, mat.material,
       count(distinct s.item) as n
from scoped s
join mat using (material_id)
group by all
order by s.nuts_id, s.scope, s.kind, s.stage, s.material_id
