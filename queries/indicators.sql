-- The indicator catalog: every regional indicator with its unit, topic and source, and the years
-- and NUTS levels it has data for.
-- Parameters: none.
-- Output: indicator_id, name, unit, topic, definition, better_when ('up'|'down'|null), source_id,
--         dataset_code, first_year, last_year, levels (list of NUTS levels 0-3 with data), n_obs.
with ind as (select * from indicators),
obs as (
    select o.indicator_id, min(o.year) as first_year, max(o.year) as last_year,
           list(distinct r.level order by r.level) as levels, count(o.value) as n_obs
    from observations o
    join regions r on r.nuts_id = o.geo and r.nuts_version = 2021
    group by o.indicator_id
)
select ind.indicator_id, ind.name, ind.unit, ind.topic, ind.definition, ind.better_when, ind.source_id,
       ind.dataset_code, obs.first_year, obs.last_year, obs.levels, coalesce(obs.n_obs, 0) as n_obs
from ind
left join obs using (indicator_id)
order by ind.topic, ind.indicator_id
