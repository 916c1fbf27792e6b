-- Producers of one commodity in one year (World Mining Data 2024), with each country's share of world output.
-- Parameters: $commodity (commodities.commodity_id), $year (2018–2022).
-- Sources: wmd2024
-- Output: iso2, iso3, country_name, eu27 (bool), in_nuts (bool: has NUTS regions), year, value (in `unit`), unit (as WMD gives it), flag
--   ('e' estimated, 'p' provisional, 'r' reported), world_value (WMD's own world total, in `unit`),
--   share_of_world_pct (%).
with com as (select commodity from commodities where commodity_id = $commodity),
     prod as (select p.* from production p join com using (commodity) where p.year = $year),
     ctry as (select iso2, in_nuts_2021 from countries),
     world as (select w.value as world_value from production_world w join com using (commodity) where w.year = $year)
select p.iso2, p.iso3, p.country_name, p.eu27, coalesce(c.in_nuts_2021, false) as in_nuts, p.year, p.value, p.unit, p.flag, w.world_value,
       round(100 * p.value / nullif(w.world_value, 0), 2) as share_of_world_pct
from prod p left join world w on true left join ctry c using (iso2)
where p.value is not null
order by p.value desc
