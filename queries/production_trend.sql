-- Yearly production of one commodity in chosen countries (World Mining Data 2024).
-- Parameters: $commodity (commodities.commodity_id), $countries (list of ISO2 codes, Eurostat style: EL, UK).
-- Sources: wmd2024
-- Output: iso2, country_name, year, value (in `unit`; a country-year WMD does not list is absent), unit, flag
--   ('e' estimated, 'p' provisional, 'r' reported).
with com as (select commodity from commodities where commodity_id = $commodity),
     prod as (select p.* from production p join com using (commodity))
select iso2, country_name, year, value, unit, flag
from prod
where list_contains($countries, iso2)
order by iso2, year
