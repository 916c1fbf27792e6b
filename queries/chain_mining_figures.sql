-- Mining-sector (NACE B and national definitions) key figures transcribed from public pages
-- (table mining_figures): EU, countries and some partnership regions; mixed definitions.
-- Parameters: none.
-- Sources: mining_transcribed
-- Output: geo_code, geo_name, geo_level, nace, activity_label, indicator, year, value, unit, qualifier,
--         original_source, original_dataset, source_url, page_date_or_revision, note, transcribed (bool).
with f as (select * from mining_figures)
select geo_code, geo_name, geo_level, nace, activity_label, indicator, year, value, unit, qualifier,
       original_source, original_dataset, source_url, page_date_or_revision, note, transcribed
from f
order by case geo_level when 'EU' then 0 when 'country' then 1 else 2 end, geo_code, indicator, year, row_id
