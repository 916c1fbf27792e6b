-- The 34 critical raw materials of 2023 (Regulation (EU) 2024/1252, Annex II) with the strategic flag (Annex I).
-- Parameters: none.
-- Sources: crm_2023_list
-- Output: crm_name, material_id, strategic (bool), supply_risk_2023 (index), economic_importance_2023 (index),
--   eol_rir_pct (% end-of-life recycling input rate; NULL = not available), eol_rir_source (URL).
with crm as (select * from crm_list)
select crm_name, material_id, strategic, supply_risk_2023, economic_importance_2023, eol_rir_pct, eol_rir_source
from crm
order by strategic desc, crm_name
