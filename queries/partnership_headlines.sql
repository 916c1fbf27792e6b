-- Headline figures for each partnership member region: latest population, GDP and industry
-- employment, each with its year, flag and source. LFS employment exists for NUTS 2 only, so a
-- NUTS 3 member gets its NUTS 2 parent's figure (geo <> nuts_id, from_parent = true).
-- Parameters: none.
-- Sources: s3_partnership, [source_id]
-- Output: nuts_id, region_name, role, nuts_level, indicator_id, indicator_name, unit
--         ('persons' | 'million EUR' | 'EUR per inhabitant' | 'thousand persons'), geo (NUTS code the
--         figure is for), from_parent (bool), year, value (in unit), flag (Eurostat flag letters or ''),
--         source_id.
with members as (select * from partnership_regions),
ind as (select * from indicators where indicator_id in ('pop', 'gdp_meur', 'gdp_eur_hab', 'emp_lfs_b_e')),
obs as (select * from observations where indicator_id in ('pop', 'gdp_meur', 'gdp_eur_hab', 'emp_lfs_b_e')
        and value is not null),
wanted as (
    select m.nuts_id, m.region_name, m.role, m.nuts_level, ind.indicator_id, ind.name as indicator_name, ind.unit,
           ind.source_id,
           case when ind.indicator_id = 'emp_lfs_b_e' and m.nuts_level = 3 then m.nuts2_parent else m.nuts_id end as geo
    from members m cross join ind
),
latest as (
    select w.nuts_id, w.indicator_id, max(o.year) as year
    from wanted w join obs o on o.indicator_id = w.indicator_id and o.geo = w.geo
    group by w.nuts_id, w.indicator_id
)
select w.nuts_id, w.region_name, w.role, w.nuts_level, w.indicator_id, w.indicator_name, w.unit, w.geo,
       w.geo <> w.nuts_id as from_parent, l.year, o.value, coalesce(o.flag, '') as flag, w.source_id
from wanted w
left join latest l using (nuts_id, indicator_id)
left join obs o on o.indicator_id = w.indicator_id and o.geo = w.geo and o.year = l.year
order by case w.role when 'lead' then 0 else 1 end, w.nuts_id, w.indicator_id
