-- End uses of one material (EU CRM study 2023): application, NACE sector and share.
-- Parameters: $material (materials.material_id).
-- Sources: crm_assessments
-- Output: application, nace_sector, share_pct (% of EU use; NULL when given only as a bound), share_text (as
--   published), sector_va_meur (value added of the NACE sector, million EUR).
with uses as (select * from end_uses where material_id = $material)
select application, nace_sector, share_pct, share_text, sector_va_meur
from uses
order by share_pct desc nulls last, application
