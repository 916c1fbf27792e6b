-- SME structure by country and activity from Eurostat sbs_sc_ovw (online refresh only): share of
-- enterprises and of persons employed in micro (0-9), small (10-49), medium (50-249) and large
-- (250+) enterprises. Small = the 10-49 class when published, else 10-19 plus 20-49.
-- Parameters: none.
-- Sources: [source_id]
-- Output: geo (country code), year, measure ('enterprises'|'persons employed'), nace (NACE Rev. 2
--         code), size_class ('micro'|'small'|'medium'|'large'), value (number), total (number),
--         share_pct (percent of all size classes; null when the total is missing), flag, source_id.
with o as (select * from observations where indicator_id like 'sbs_sc_%'),
parsed as (
    select geo, year, value, flag, source_id,
           regexp_extract(indicator_id, '^sbs_sc_(ent|emp)_([a-z0-9]+)_(0_9|10_19|20_49|10_49|50_249|ge250|total)$', 1) as measure_id,
           upper(regexp_extract(indicator_id, '^sbs_sc_(ent|emp)_([a-z0-9]+)_(0_9|10_19|20_49|10_49|50_249|ge250|total)$', 2)) as nace,
           regexp_extract(indicator_id, '^sbs_sc_(ent|emp)_([a-z0-9]+)_(0_9|10_19|20_49|10_49|50_249|ge250|total)$', 3) as size_id
    from o
),
has_10_49 as (select distinct geo, year, measure_id, nace from parsed where size_id = '10_49' and value is not null),
classed as (
    select p.geo, p.year, p.measure_id, p.nace, p.source_id,
           case p.size_id when '0_9' then 'micro' when '50_249' then 'medium' when 'ge250' then 'large'
                          when 'total' then 'total' else 'small' end as size_class,
           p.value, p.flag
    from parsed p
    left join has_10_49 h using (geo, year, measure_id, nace)
    where p.measure_id <> ''
      and not (p.size_id in ('10_19', '20_49') and h.geo is not null)
),
summed as (
    select geo, year, measure_id, nace, source_id, size_class, sum(value) as value,
           string_agg(distinct nullif(flag, ''), '') as flag
    from classed group by all
),
totals as (select geo, year, measure_id, nace, source_id, value as total from summed where size_class = 'total')
select s.geo, s.year, case s.measure_id when 'ent' then 'enterprises' else 'persons employed' end as measure,
       s.nace, s.size_class, s.value, t.total, round(100 * s.value / nullif(t.total, 0), 1) as share_pct, s.flag,
       s.source_id
from summed s
left join totals t using (geo, year, measure_id, nace, source_id)
where s.size_class <> 'total'
order by s.geo, s.nace, s.measure_id, s.year,
         case s.size_class when 'micro' then 0 when 'small' then 1 when 'medium' then 2 else 3 end
