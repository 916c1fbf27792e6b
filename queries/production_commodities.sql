-- The 65 World Mining Data 2024 commodities, for the commodity selector.
-- Parameters: none.
-- Sources: wmd2024
-- Output: commodity_id, commodity (WMD name), category, stage (extraction | processing), unit (as WMD gives it:
--   t, kg, ct, million m³), first_year, last_year.
with com as (select * from commodities),
     prod as (select commodity, min(year) as first_year, max(year) as last_year from production group by commodity)
select com.commodity_id, com.commodity, com.category, com.stage, com.unit, p.first_year, p.last_year
from com left join prod p using (commodity)
order by com.commodity
