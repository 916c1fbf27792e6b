-- Every catalogue indicator's time series for a few NUTS 2021 regions (region profile, comparison).
-- Parameters: $regions (list of NUTS 2021 codes).
-- Sources: nuts2021, [source_id]
-- Output: nuts_id, indicator_id, year, value (in the indicator's unit), flag (Eurostat flag letters, '' if none),
--         pop_persons (population of the region that year, for per-capita views, null if unknown),
--         gdp_meur (GDP of the region that year in million EUR, null if unknown), source_id (of the value).
with catalogue as (select indicator_id from indicators where n_obs > 0),
obs as (
    select indicator_id, geo, year, value, flag, source_id from observations
    where value is not null and indicator_id in (select indicator_id from catalogue)
),
reg as (select nuts_id, level, country_code, name_latn, name_native, parent_id from regions where nuts_version = 2021),
picked as (select * from obs where geo in (select unnest($regions))),
pop as (select geo, year, value as pop_persons from picked where indicator_id = 'pop'),
gdp as (select geo, year, value as gdp_meur from picked where indicator_id = 'gdp_meur')
select picked.geo as nuts_id, picked.indicator_id, picked.year, picked.value, coalesce(picked.flag, '') as flag,
       pop.pop_persons, gdp.gdp_meur, picked.source_id
from picked
left join pop using (geo, year)
left join gdp using (geo, year)
order by nuts_id, indicator_id, year
