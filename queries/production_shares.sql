-- The EU-27's and the partnership countries' (FI, SE, ES, EL) share of world output of one commodity, 2018–2022.
-- The world total is WMD's own total (production_world), not a sum of the listed countries.
-- Parameters: $commodity (commodities.commodity_id).
-- Sources: wmd2024
-- Output: geo ('EU27', 'FI', 'SE', 'ES', 'EL'), geo_name, year, value (in `unit`; NULL = WMD lists no output),
--   unit, world_value (in `unit`), share_of_world_pct (%), flags (the WMD flags of the figures summed, e.g. 'e,r').
with com as (select commodity from commodities where commodity_id = $commodity),
     prod as (select p.* from production p join com using (commodity)),
     world as (select w.year, w.value as world_value, w.unit from production_world w join com using (commodity)),
     geos as (select * from (values ('EU27', 'EU-27', 0), ('FI', 'Finland', 1), ('SE', 'Sweden', 2),
                                    ('ES', 'Spain', 3), ('EL', 'Greece', 4)) g(geo, geo_name, ord)),
     by_geo as (select 'EU27' as geo, year, sum(value) as value, string_agg(distinct flag, ',' order by flag) as flags
                from prod where eu27 group by year
                union all
                select iso2, year, value, flag from prod where iso2 in ('FI', 'SE', 'ES', 'EL'))
select g.geo, g.geo_name, w.year, b.value, w.unit, w.world_value,
       round(100 * b.value / nullif(w.world_value, 0), 2) as share_of_world_pct, b.flags
from world w
cross join geos g
left join by_geo b on b.geo = g.geo and b.year = w.year
order by g.ord, w.year
