-- Concentration of one material's supply (and its group's elements) per scope and stage.
-- HHI and top-3 are computed from the point shares only: rows published as a bound ('<0.1%') have share_pct
-- NULL and are left out of the HHI (each would add less than 0.01 points); their upper bounds are summed apart.
-- Parameters: $material (materials.material_id).
-- Sources: crm_assessments
-- Output: material_id, scope, stage, n_countries (count), hhi (0–10 000, sum of squared % shares),
--   top3_pct (% share of the three largest), top1_country, top1_pct (%), eu27_pct (% from EU-27 countries, point
--   values), n_bounded (count of '<x%' rows), bounded_max_pct (% sum of their upper bounds), total_pct (% sum of
--   point values, a check: about 100).
with shares as (select * from supply_shares),
     mats as (select material_id, group_id from materials),
     ctry as (select iso2, eu27 from countries),
     rows_ as (select s.*, coalesce(c.eu27, false) as eu27,
                      row_number() over (partition by s.material_id, s.scope, s.stage order by s.share_pct desc nulls last) as rnk
               from shares s
               join mats m using (material_id)
               left join ctry c using (iso2)
               where m.material_id = $material or m.group_id = $material)
select material_id, scope, stage, count(*) as n_countries,
       round(sum(share_pct * share_pct), 0) as hhi,
       round(sum(share_pct) filter (where rnk <= 3), 1) as top3_pct,
       max(country_name) filter (where rnk = 1) as top1_country,
       max(share_pct) filter (where rnk = 1) as top1_pct,
       round(coalesce(sum(share_pct) filter (where eu27), 0), 1) as eu27_pct,
       count(*) filter (where share_pct is null) as n_bounded,
       round(coalesce(sum(share_max_pct) filter (where share_pct is null), 0), 1) as bounded_max_pct,
       round(sum(share_pct), 1) as total_pct
from rows_
group by material_id, scope, stage
order by material_id, scope, stage
