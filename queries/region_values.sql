-- One indicator for every NUTS 2021 region of one level, every year with data (map, animation, ranking).
-- facilities_n and projects_n are counted here from the facilities / strategic_projects tables.
-- Parameters: $indicator (indicator id), $level (NUTS level 0-3).
-- Output: nuts_id, name_latn, name_native, country_code, role ('lead'|'partner'|null), year,
--         value (in the indicator's unit, see region_indicators), flag (Eurostat flag letters, '' if none).
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
members as (select nuts_id, role from partnership_regions)
select reg.nuts_id, reg.name_latn, reg.name_native, reg.country_code, members.role, o.year, o.value,
       coalesce(o.flag, '') as flag
from all_obs o
join reg on reg.nuts_id = o.geo
left join members on members.nuts_id = reg.nuts_id
where o.indicator_id = $indicator and reg.level = $level
order by o.year, reg.nuts_id
