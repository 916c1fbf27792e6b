-- A region's standing on every indicator of the catalogue with data for it: latest value, its rank among all regions of the
-- same NUTS level, among its country's regions and among the partnership's regions of that level, and the
-- change since 2019 (the partnership's start) where the series reaches back that far.
-- Parameters: $region (NUTS 2021 code).
-- Sources: nuts2021, s3_partnership, [source_id]
-- Output: indicator_id, year (latest with data), value (indicator unit), flag, rank_level, n_level,
--         rank_country, n_country, rank_members, n_members (rank 1 = highest value; n = regions ranked),
--         value_2019 (indicator unit), change_since_2019 (indicator unit), change_since_2019_pct (%),
--         source_id (of the indicator's figures).
with reg as (select nuts_id, level, country_code, name_latn, name_native, parent_id from regions where nuts_version = 2021),
members as (select nuts_id from partnership_regions),
me as (select * from reg where nuts_id = $region),
-- the catalogue's indicators only: a warehouse holding more datasets does not make the profile slower
catalogue as (select indicator_id from indicators where n_obs > 0),
mine as (
    select indicator_id, year, value, flag from observations
    where geo = $region and value is not null and indicator_id in (select indicator_id from catalogue)
),
latest as (select indicator_id, max(year) as year from mine group by indicator_id),
-- every region of the same level, in the year of the region's latest value, per indicator
-- the observations of those (indicator, year) pairs, read first on their own: the pairs bound the scan of the
-- Parquet file (row groups of other indicators are skipped), so the warehouse's size does not matter
latest_obs as materialized (
    select o.indicator_id, o.geo, o.year, o.value, o.flag, o.source_id
    from observations o semi join latest l using (indicator_id, year)
    where o.value is not null
),
peers as (
    select o.*, reg.country_code, reg.nuts_id in (select nuts_id from members) as is_member
    from latest_obs o
    join reg on reg.nuts_id = o.geo
    where reg.level = (select level from me)
),
mine_latest as (select * from peers where geo = $region),
-- ranks by counting (rank 1 = highest; ties share a rank, as rank() does): window functions over every peer cost
-- half of this query, and only the region's own ranks are wanted
ranked as (
    select r.indicator_id, r.year, r.value, r.flag, r.source_id,
           1 + count(*) filter (where p.value > r.value) as rank_level,
           count(*) as n_level,
           1 + count(*) filter (where p.value > r.value and p.country_code = r.country_code) as rank_country,
           count(*) filter (where p.country_code = r.country_code) as n_country,
           1 + count(*) filter (where p.value > r.value and (p.is_member or p.geo = $region)) as rank_members,
           count(*) filter (where p.is_member or p.geo = $region) as n_members
    from mine_latest r
    join peers p using (indicator_id)
    group by all
),
base as (select indicator_id, value as value_2019 from mine where year = 2019)
select r.indicator_id, r.year, r.value, coalesce(r.flag, '') as flag, r.rank_level, r.n_level,
       r.rank_country, r.n_country, r.rank_members, r.n_members, base.value_2019,
       case when r.year > 2019 then r.value - base.value_2019 end as change_since_2019,
       case when r.year > 2019 and base.value_2019 <> 0 then 100 * (r.value - base.value_2019) / base.value_2019 end as change_since_2019_pct,
       r.source_id
from ranked r
left join base using (indicator_id)
order by r.indicator_id
