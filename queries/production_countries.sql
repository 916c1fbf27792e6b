-- Countries World Mining Data lists as producers of one commodity in any year, largest first (for pickers).
-- Parameters: $commodity (commodities.commodity_id).
-- Sources: wmd2024
-- Output: iso2, country_name, latest_year (last year with a figure), latest_value (in `unit`), unit.
with com as (select commodity from commodities where commodity_id = $commodity),
     prod as (select p.* from production p join com using (commodity) where p.value is not null)
select iso2, country_name, max(year) as latest_year, arg_max(value, year) as latest_value, any_value(unit) as unit
from prod
group by iso2, country_name
order by latest_value desc
