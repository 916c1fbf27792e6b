-- One material's identity and headline facts, with its group and the group's elements.
-- Parameters: $material (materials.material_id).
-- Sources: crm_assessments, crm_2023_list
-- Output: material_id, material, crm_name, crm_2023 (bool), strategic (bool), group_id, group_name,
--   elements (list of element material_ids when the material is a group, e.g. hrees), element_names (list),
--   latest_assessment (year), supply_risk, economic_importance (indices of the latest assessment),
--   eol_rir_pct (% end-of-life recycling input rate; NULL = not available), eol_rir_source (URL).
with mats as (select * from materials),
     crit as (select * from criticality where assessed),
     me as (select * from mats where material_id = $material),
     elems as (select group_id, list(material_id order by material) as elements, list(material order by material) as element_names
               from mats where group_id = $material group by group_id),
     latest as (select material_id, year, supply_risk, economic_importance from crit where material_id = $material
                qualify row_number() over (order by year desc) = 1)
select me.material_id, me.material, me.crm_name, coalesce(me.crm_2023, false) as crm_2023,
       coalesce(me.strategic, false) as strategic, me.group_id, g.material as group_name,
       e.elements, e.element_names, l.year as latest_assessment, l.supply_risk, l.economic_importance,
       me.eol_rir_pct, me.eol_rir_source
from me
left join mats g on g.material_id = me.group_id
left join elems e on e.group_id = me.material_id
left join latest l on l.material_id = me.material_id
