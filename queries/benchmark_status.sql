-- CRM Act 2030 benchmarks: where each strategic raw material stands, from the 2023 CRM study and SCRREEN factsheets.
-- Parameters: none.
-- Sources: crm_assessments, crm_2023_list, crma_benchmarks
-- Output (one row per strategic material x benchmark):
--   material_id, material, benchmark_id ('extraction'|'processing'|'recycling'|'single_third_country_max'),
--   target_pct (%, the Act's 2030 benchmark), direction ('at_least'|'at_most'),
--   value_pct (%: EU-27 share of EU sourcing at that stage | end-of-life recycling input rate |
--              largest single non-EU country's share of EU sourcing, over both stages; NULL = no data),
--   detail (text: largest supplier and stage, or the EoL-RIR factsheet URL), data_year (integer year),
--   has_stage_data (boolean: the study gives EU-sourcing shares for the stage(s) this benchmark needs).
with mats as (
    select material_id, material, eol_rir_pct, eol_rir_source from materials where strategic
), bench as (
    select benchmark_id, value_pct as target_pct, direction from benchmarks
), shares as (
    select s.material_id, s.stage, s.country_name, s.iso2, s.share_pct, coalesce(c.eu27, false) as eu27
    from supply_shares s left join countries c on c.iso2 = s.iso2
    where s.scope = 'eu_sourcing' and s.material_id in (select material_id from mats)
), stage_eu as (
    -- EU-27 share per stage; a stage listed without any EU country means 0 % from the EU.
    select material_id, stage, sum(case when eu27 then share_pct else 0 end) as eu_share_pct
    from shares group by material_id, stage
), third as (
    select material_id, stage, country_name, share_pct,
           row_number() over (partition by material_id order by share_pct desc, stage, country_name) as rk
    from shares where not eu27
), stage_rows as (
    select m.material_id, m.material, b.benchmark_id, b.target_pct, b.direction,
           e.eu_share_pct as value_pct,
           case when e.stage is null then null else 'EU-27 countries in EU sourcing, ' || e.stage end as detail,
           e.stage is not null as has_stage_data
    from mats m cross join bench b
    left join stage_eu e on e.material_id = m.material_id and e.stage = b.benchmark_id
    where b.benchmark_id in ('extraction', 'processing')
), recycling_rows as (
    select m.material_id, m.material, b.benchmark_id, b.target_pct, b.direction, m.eol_rir_pct as value_pct,
           m.eol_rir_source as detail, m.eol_rir_pct is not null as has_stage_data
    from mats m cross join bench b where b.benchmark_id = 'recycling'
), third_rows as (
    select m.material_id, m.material, b.benchmark_id, b.target_pct, b.direction,
           case when exists (select 1 from shares s where s.material_id = m.material_id)
                then coalesce(t.share_pct, 0) end as value_pct,
           case when t.country_name is not null then t.country_name || ', ' || t.stage
                when exists (select 1 from shares s where s.material_id = m.material_id)
                then 'no non-EU country listed' end as detail,
           exists (select 1 from shares s where s.material_id = m.material_id) as has_stage_data
    from mats m cross join bench b
    left join third t on t.material_id = m.material_id and t.rk = 1
    where b.benchmark_id = 'single_third_country_max'
), all_rows as (
    select * from stage_rows union all select * from recycling_rows union all select * from third_rows
)
select material_id, material, benchmark_id, target_pct, direction, value_pct, detail,
       2023 as data_year, has_stage_data
from all_rows
order by material, case benchmark_id when 'extraction' then 1 when 'processing' then 2 when 'recycling' then 3 else 4 end
