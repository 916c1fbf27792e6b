-- Regions with data for an indicator at a NUTS level that cannot be drawn on the NUTS 2021 map: codes with
-- no NUTS 2021 shape (aggregates such as EU27_2020, 'extra-regio' ZZ codes, retired codes) and, for the LFS
-- extract (NUTS 2013 codes), the regions the ingest could not match to NUTS 2021.
-- Parameters: $indicator (indicator id), $level (NUTS level 0-3).
-- Sources: nuts2021, nama_10r_3gdp, demo_r_pjanaggr3, lfst_r_lfe2en2
-- Output: geo (code as published), reason (text), n_obs (observations of the indicator for that code).
with obs as (select * from observations where indicator_id = $indicator),
ind as (select * from indicators where indicator_id = $indicator),
shapes as (select nuts_id from region_shapes),
xwalk as (select * from nuts2013_crosswalk),
no_shape as (
    select geo, 'no NUTS 2021 shape (aggregate, extra-regio or retired code)' as reason, count(*) as n_obs
    from obs
    where length(geo) = $level + 2 and geo not in (select nuts_id from shapes)
    group by geo
),
lfs_unmatched as (
    select code_2013 as geo, 'NUTS 2013 region with no NUTS 2021 counterpart (left out at ingest)' as reason, null::bigint as n_obs
    from xwalk
    where method = 'no match' and length(code_2013) = $level + 2
      and (select source_id from ind) = 'lfst_r_lfe2en2'
)
select geo, reason, n_obs from no_shape
union all
select geo, reason, n_obs from lfs_unmatched
order by geo
