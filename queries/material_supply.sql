-- Supply shares of one material by country (EU CRM study 2023): global supply and EU sourcing, by stage.
-- Group materials (hrees, lrees, pgms) have most rows per element, so the group's elements come along.
-- Parameters: $material (materials.material_id).
-- Sources: crm_assessments
-- Output: material_id (the material or one of its group's elements), material, scope ('global' | 'eu_sourcing'),
--   stage ('extraction' | 'processing'), country_name, iso2, iso3, eu27 (bool), in_nuts (bool: has NUTS regions), share_pct (% point value; NULL when the
--   source gives only a bound such as '<0.1%'), share_max_pct (% upper bound), share_text (as published).
with shares as (select * from supply_shares),
     mats as (select material_id, group_id from materials),
     wanted as (select material_id from mats where material_id = $material or group_id = $material),
     ctry as (select iso2, iso3, eu27, in_nuts_2021 from countries)
select s.material_id, s.material, s.scope, s.stage, s.country_name, s.iso2, c.iso3, coalesce(c.eu27, false) as eu27, coalesce(c.in_nuts_2021, false) as in_nuts,
       s.share_pct, s.share_max_pct, s.share_text
from shares s
join wanted w using (material_id)
left join ctry c using (iso2)
order by s.material_id, s.scope, s.stage, s.share_pct desc nulls last, s.country_name
