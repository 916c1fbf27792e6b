-- Every indicator's time series for a few NUTS 2021 regions (region profile, comparison).
-- Parameters: $regions (list of NUTS 2021 codes).
-- Output: nuts_id, indicator_id, year, value (in the indicator's unit), flag (Eurostat flag letters, '' if none),
--         pop_persons (population of the region that year, for per-capita views, null if unknown),
--         gdp_meur (GDP of the region that year in million EUR, null if unknown).
with obs as (select indicator_id, geo, year, value, flag from observations where value is not null),
reg as (select nuts_id, level, country_code, name_latn, name_native, parent_id from regions where nuts_version = 2021),
cty as (select iso2, eu27 from countries),
fac as (select * from facilities),
proj as (select * from strategic_projects where scope = 'EU'),
src as (select source_id, try_cast(regexp_extract(vintage, '(19|20)[0-9][0-9]', 0) as integer) as vintage_year from sources),
-- each site counted once in each of its NUTS 0-3 regions
sites as (
    select 'facilities_n' as indicator_id, unnest([nuts0, nuts1, nuts2, nuts3]) as geo from fac
    union all
    select 'projects_n', unnest([nuts0, nuts1, nuts2, nuts3]) from proj
),
-- the countries each count covers (a region there with no site counts 0; elsewhere no data)
covered as (
    select distinct 'facilities_n' as indicator_id, iso2 as country_code from fac
    union all
    select 'projects_n', iso2 from cty where eu27
),
counts as (
    select covered.indicator_id, reg.nuts_id as geo,
           (select vintage_year from src where source_id = case covered.indicator_id when 'facilities_n' then 'crm_atlas' else 'crma_projects' end) as year,
           (select count(*) from sites s where s.indicator_id = covered.indicator_id and s.geo = reg.nuts_id)::double as value,
           '' as flag
    from covered join reg using (country_code)
),
all_obs as (select * from obs union all select * from counts),
picked as (select * from all_obs where geo in (select unnest($regions))),
pop as (select geo, year, value as pop_persons from obs where indicator_id = 'pop'),
gdp as (select geo, year, value as gdp_meur from obs where indicator_id = 'gdp_meur')
select picked.geo as nuts_id, picked.indicator_id, picked.year, picked.value, coalesce(picked.flag, '') as flag,
       pop.pop_persons, gdp.gdp_meur
from picked
left join pop using (geo, year)
left join gdp using (geo, year)
order by nuts_id, indicator_id, year
