-- The partnership's member regions with their roles, NUTS codes in both versions and sources.
-- Parameters: none.
-- Sources: s3_partnership
-- Output: nuts_id (NUTS 2021), nuts_id_2024, region_name, region_name_local, nuts_level, nuts2_parent,
--         country_code, country, role ('lead'|'partner'), year_joined, evidence, source_url.
with m as (select * from partnership_regions)
select nuts_id, nuts_id_2024, region_name, region_name_local, nuts_level, nuts2_parent, country_code,
       country, role, year_joined, evidence, source_url
from m
order by case role when 'lead' then 0 else 1 end, country_code, nuts_id
