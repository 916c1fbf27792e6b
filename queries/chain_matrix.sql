-- Where each region sits in the raw-material value chain: atlas sites and EU strategic projects
-- counted per stage, for the regions of one NUTS level, with the partnership's member regions.
-- NUTS codes nest by prefix (FI1D7 lies in FI1D lies in FI), so membership is matched by prefix:
-- a region is a member, contains members (and maybe non-members), or lies within a member.
-- Parameters: $level (0, 2 or 3).
-- Sources: crm_atlas, crma_projects, s3_partnership, nuts2021
-- Output: geo (NUTS 2021 code), geo_name, country_code, membership ('member'|'contains members'|
--         'within member'|null), members (member codes related to geo, comma-separated),
--         kind ('sites'|'strategic projects'), stage, n (number of sites or projects; a project with
--         two stages counts in both).
with f as (select * from facilities),
p as (select * from strategic_projects where scope = 'EU'),
r as (select nuts_id, name_latn, country_code from regions where nuts_version = 2021 and level = $level),
m as (select nuts_id from partnership_regions),
site_rows as (
    select case $level when 0 then nuts0 when 1 then nuts1 when 2 then nuts2 else nuts3 end as geo,
           'sites' as kind, stage
    from f
),
project_rows as (
    select case $level when 0 then nuts0 when 1 then nuts1 when 2 then nuts2 else nuts3 end as geo,
           'strategic projects' as kind, unnest(string_split(stage, '|')) as stage
    from p where stage is not null
),
counts as (
    select geo, kind, stage, count(*) as n
    from (select * from site_rows union all select * from project_rows)
    where geo is not null
    group by geo, kind, stage
),
rel as (
    select r.nuts_id as geo,
           case when bool_or(m.nuts_id = r.nuts_id) then 'member'
                when bool_or(starts_with(m.nuts_id, r.nuts_id)) then 'contains members'
                when bool_or(starts_with(r.nuts_id, m.nuts_id)) then 'within member' end as membership,
           string_agg(m.nuts_id, ',' order by m.nuts_id) as members
    from r join m on starts_with(m.nuts_id, r.nuts_id) or starts_with(r.nuts_id, m.nuts_id)
    group by r.nuts_id
),
geos as (select distinct geo from counts union select geo from rel where membership <> 'within member')
select g.geo, r.name_latn as geo_name, r.country_code, rel.membership, rel.members,
       c.kind, c.stage, c.n
from geos g
join r on r.nuts_id = g.geo
left join rel using (geo)
left join counts c using (geo)
order by case rel.membership when 'member' then 0 when 'contains members' then 1
                             when 'within member' then 2 else 3 end, g.geo, c.kind, c.stage
