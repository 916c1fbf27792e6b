-- Raw-material activity located in each partnership member region: CRM Atlas facilities and CRM Act strategic
-- projects (EU scope), by stage. A site counts for a member when its NUTS 3 or NUTS 2 code (spatial join) is the member's code.
-- Parameters: none.
-- Sources: s3_partnership, [source_id]
-- Output: nuts_id, region_name, kind ('facilities' | 'strategic projects'), stage (text), n (count of sites or
--         distinct projects), names (text, '; '-separated), source_id ('crm_atlas' | 'crma_projects').
with members as (
    select nuts_id, region_name from partnership_regions
), fac as (
    select facility_id as item_id, name, stage, nuts3, nuts2 from facilities
), proj as (
    select project_id as item_id, project as name, stage, nuts3, nuts2 from strategic_projects where scope = 'EU'
), located as (
    select m.nuts_id, m.region_name, 'facilities' as kind, f.item_id, f.name, f.stage, 'crm_atlas' as source_id
    from members m join fac f on m.nuts_id in (f.nuts3, f.nuts2)
    union all
    select m.nuts_id, m.region_name, 'strategic projects', p.item_id, p.name, p.stage, 'crma_projects'
    from members m join proj p on m.nuts_id in (p.nuts3, p.nuts2)
)
select nuts_id, region_name, kind, stage, count(distinct item_id) as n,
       string_agg(distinct name, '; ' order by name) as names, any_value(source_id) as source_id
from located
group by nuts_id, region_name, kind, stage
order by nuts_id, kind, stage
