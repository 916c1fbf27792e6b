-- Regions to draw on the partnership map: members by role, and the related networks' regions
-- (REMIX, MIREU, OECD / DG REFORM, East and North Finland cooperation) that are not members.
-- Each region is drawn at its own NUTS level (members are NUTS 2 or 3; some network partners are
-- coded at country level, NUTS 0).
-- Parameters: none.
-- Sources: s3_partnership, nuts2021
-- Output: nuts_id, level (0-3), region_name, category ('lead' | 'partner' | 'network'), networks
--         (network short names, ', '-separated, or null), geometry (GeoJSON text, WGS84).
with members as (select * from partnership_regions),
nets as (select * from network_regions),
shapes as (select * from region_shapes),
net_by_region as (
    select nuts_id, any_value(nuts_level) as level, any_value(region_name) as region_name,
           string_agg(distinct network_short, ', ' order by network_short) as networks
    from nets group by nuts_id
),
drawn as (
    select m.nuts_id, m.nuts_level as level, m.region_name, m.role as category, n.networks
    from members m left join net_by_region n using (nuts_id)
    union all
    select n.nuts_id, n.level, n.region_name, 'network' as category, n.networks
    from net_by_region n
    where n.nuts_id not in (select nuts_id from members)
)
select d.nuts_id, d.level, d.region_name, d.category, d.networks, s.geometry
from drawn d
left join shapes s on s.nuts_id = d.nuts_id and s.level = d.level
order by case d.category when 'lead' then 0 when 'partner' then 1 else 2 end, d.nuts_id
