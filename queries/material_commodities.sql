-- The World Mining Data commodities that match one material (none for e.g. hafnium or helium).
-- Parameters: $material (materials.material_id).
-- Sources: wmd2024
-- Output: commodity_id, commodity (WMD name), basis (what the WMD figure counts), unit (as WMD gives it).
with mc as (select * from material_commodities where material_id = $material),
     com as (select commodity, unit from commodities)
select mc.commodity_id, mc.commodity, mc.basis, com.unit
from mc left join com using (commodity)
order by mc.commodity
