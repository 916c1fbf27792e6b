-- EU-level SME size-class shares transcribed from public Eurostat pages (table sme_size_classes).
-- Transcribed figures: mixed scopes and definitions; each row keeps its source URL and notes.
-- Parameters: none.
-- Sources: mining_transcribed
-- Output: geo_code, geo_name, scope, nace, year, size_class, size_class_persons_employed, indicator,
--         share_pct (percent), level_value, level_unit, qualifier, original_source, original_dataset,
--         source_url, note, transcribed (bool).
with s as (select * from sme_size_classes)
select geo_code, geo_name, scope, nace, year, size_class, size_class_persons_employed, indicator,
       share_pct, level_value, level_unit, qualifier, original_source, original_dataset, source_url,
       note, transcribed
from s
order by year, scope, indicator, row_id
