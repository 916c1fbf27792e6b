-- Materials for the factsheet selector: every material with any figure in the warehouse.
-- Parameters: none.
-- Sources: crm_assessments, crm_2023_list
-- Output: material_id, material, crm_2023 (bool), strategic (bool), group_id (the group a single element
--   belongs to, e.g. dysprosium -> hrees; NULL otherwise). Lists word their labels in the view's language
--   (minedash/domain/materials.py: labels).
with mats as (select * from materials)
select material_id, material, coalesce(crm_2023, false) as crm_2023, coalesce(strategic, false) as strategic, group_id
from mats
order by material
