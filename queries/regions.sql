-- All NUTS 2021 regions with names and parents, partnership role and network membership, for
-- pickers and lookups.
-- Parameters: none.
-- Sources: nuts2021, s3_partnership
-- Output: nuts_id, level, country_code, name_latn, name_native, parent_id, role ('lead'|'partner'|null),
--         networks (comma-separated short names of the related networks the region is named in, or null).
with r as (select * from regions where nuts_version = 2021),
members as (select nuts_id, role from partnership_regions),
nets as (select nuts_id, string_agg(distinct network_short, ', ' order by network_short) as networks
         from network_regions group by nuts_id)
select r.nuts_id, r.level, r.country_code, r.name_latn, r.name_native, r.parent_id, members.role, nets.networks
from r
left join members using (nuts_id)
left join nets using (nuts_id)
order by r.nuts_id
