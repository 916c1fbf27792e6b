-- Time series of the progress indicators for each partnership member region, its country and the EU.
-- A NUTS 3 member without figures for an indicator (LFS is NUTS 2 only) gets its NUTS 2 parent's series instead.
-- Parameters: $indicator_ids (list of indicator ids, e.g. ['gdp_meur', 'pop']).
-- Sources: s3_partnership, [source_id]
-- Output: nuts_id (member, NUTS 2021), region_name, country_code, indicator_id, indicator_name, unit,
--         comparison ('region' | 'nuts2 parent' | 'country' | 'eu'), geo (code whose figures these are),
--         year (integer), value (in the indicator's unit: million EUR, EUR per inhabitant, thousand persons, persons),
--         flag (Eurostat flag letters or NULL), source_id (indicator's source).
with members as (
    select nuts_id, region_name, country_code, nuts_level, nuts2_parent from partnership_regions
), ind as (
    select indicator_id, name as indicator_name, unit, source_id
    from indicators where indicator_id in (select unnest($indicator_ids))
), obs as (
    select indicator_id, geo, year, value, flag from observations
    where indicator_id in (select indicator_id from ind)
), own as (
    select m.nuts_id, m.nuts_id as geo, i.indicator_id, 'region' as comparison
    from members m cross join ind i
    where exists (select 1 from obs o where o.geo = m.nuts_id and o.indicator_id = i.indicator_id)
), parent as (
    select m.nuts_id, m.nuts2_parent as geo, i.indicator_id, 'nuts2 parent' as comparison
    from members m cross join ind i
    where m.nuts_level = 3
      and not exists (select 1 from obs o where o.geo = m.nuts_id and o.indicator_id = i.indicator_id)
), country as (
    select m.nuts_id, m.country_code as geo, i.indicator_id, 'country' as comparison from members m cross join ind i
), eu as (
    select m.nuts_id, 'EU27_2020' as geo, i.indicator_id, 'eu' as comparison from members m cross join ind i
), wanted as (
    select * from own union all select * from parent union all select * from country union all select * from eu
)
select w.nuts_id, m.region_name, m.country_code, w.indicator_id, i.indicator_name, i.unit, w.comparison, w.geo,
       o.year, o.value, o.flag, i.source_id
from wanted w
join members m on m.nuts_id = w.nuts_id
join ind i on i.indicator_id = w.indicator_id
join obs o on o.geo = w.geo and o.indicator_id = w.indicator_id
order by w.nuts_id, w.indicator_id, w.comparison, o.year
