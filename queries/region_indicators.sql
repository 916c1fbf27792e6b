-- The regional indicators the Regions page can map: the warehouse catalog plus two counts computed
-- here from the site tables (facilities_n: CRM Atlas sites; projects_n: CRM Act strategic projects
-- in the EU), with the years and NUTS levels each has data for.
-- Parameters: none.
-- Output: indicator_id, name, unit, topic, definition, better_when ('up'|'down'|null), source_id,
--         first_year, last_year (calendar years), years (list of years with data), levels (list of NUTS levels 0-3),
--         diverging (true for '% of EU average' indicators, centred on 100).
with ind as (select * from indicators),
obs as (select * from observations),
reg as (select nuts_id, level from regions where nuts_version = 2021),
src as (select source_id, try_cast(regexp_extract(vintage, '(19|20)[0-9][0-9]', 0) as integer) as vintage_year from sources),
computed(indicator_id, name, unit, topic, definition, better_when, source_id) as (
    values ('facilities_n', 'CRM sites listed in the CRM Atlas', 'sites', 'Mining and CRM sites',
            'Number of mines, smelters, refineries and recyclers of critical raw materials located in the region (CRM Atlas, city-level locations joined to NUTS 2021). Counted for countries where the atlas lists at least one site; elsewhere no data.',
            null, 'crm_atlas'),
           ('projects_n', 'CRM Act strategic projects', 'projects', 'Mining and CRM sites',
            'Number of strategic projects under the Critical Raw Materials Act (2025 selection) located in the region (project site joined to NUTS 2021). Counted for EU-27 regions; elsewhere no data.',
            null, 'crma_projects')
),
obs_span as (
    select o.indicator_id, list(distinct o.year order by o.year) as years,
           list(distinct reg.level order by reg.level) as levels
    from obs o join reg on reg.nuts_id = o.geo
    where o.value is not null
    group by o.indicator_id
),
catalog as (
    select ind.indicator_id, ind.name, ind.unit, ind.topic, ind.definition, ind.better_when, ind.source_id,
           obs_span.years, obs_span.levels
    from ind join obs_span using (indicator_id)
    union all
    select c.indicator_id, c.name, c.unit, c.topic, c.definition, c.better_when, c.source_id,
           [src.vintage_year], [0, 1, 2, 3]
    from computed c join src using (source_id)
)
select indicator_id, name, unit, topic, definition, better_when, source_id,
       list_min(years) as first_year, list_max(years) as last_year, years, levels,
       unit like '% of EU%' as diverging
from catalog
order by topic, indicator_id
