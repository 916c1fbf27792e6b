-- Every material assessed in one EU criticality assessment, with its position in the previous one.
-- Parameters: $year (assessment year: 2011, 2014, 2017, 2020 or 2023).
-- Sources: crm_assessments, crm_2023_list
-- Output: material_id, material, year, supply_risk (index, dimensionless), economic_importance
--   (index, dimensionless), critical (bool: SR >= 1 and EI >= 2.8 as flagged by the EC), crm_2023 (bool),
--   strategic (bool), status_2023 (text), prev_year, prev_supply_risk, prev_economic_importance (NULL when not
--   assessed in the previous assessment).
with crit as (select * from criticality),
     mats as (select material_id, crm_2023, strategic from materials),
     years as (select distinct year from crit where assessed),
     prev_year as (select max(year) as year from years where year < $year),
     now as (select * from crit where year = $year and assessed),
     prev as (select c.* from crit c join prev_year p on c.year = p.year where c.assessed)
select n.material_id, n.material, n.year, n.supply_risk, n.economic_importance,
       n.above_thresholds as critical,
       coalesce(m.crm_2023, false) as crm_2023, coalesce(m.strategic, false) as strategic,
       case when m.strategic then 'Strategic raw material (2023)'
            when m.crm_2023 then 'Critical raw material (2023)'
            else 'Not on the 2023 CRM list' end as status_2023,
       p.year as prev_year, p.supply_risk as prev_supply_risk, p.economic_importance as prev_economic_importance
from now n
left join mats m using (material_id)
left join prev p using (material_id)
order by n.material
