-- CRM Act strategic projects inside the EU with a location, for their own map layer.
-- A project's stage (extraction|processing|recycling|substitution) is matched to the atlas's
-- facility stages: mining -> extraction; processing, smelting, refining -> processing;
-- recovery, recycling -> recycling; substitution -> substitution.
-- Parameters: $material (material_id, '' = all), $stage (facility or CRM Act stage, '' = all), $country (ISO2, '' = all).
-- Sources: crma_projects
-- Output: project_row, project_id, project, promoter, city, country, iso2, lat, lon (degrees WGS84,
--         city-level), stage ('|'-separated project stages), materials (names), facility_id (atlas
--         site, or null), confidence, source_url, note, nuts3, nuts2, nuts_match.
with p as (select * from strategic_projects where scope = 'EU' and lat is not null),
pm as (select * from project_materials),
stage_map(facility_stage, project_stage) as (values
    ('mining', 'extraction'), ('processing', 'processing'), ('smelting', 'processing'),
    ('refining', 'processing'), ('recovery', 'recycling'), ('recycling', 'recycling'),
    ('substitution', 'substitution'))
select p.project_row, p.project_id, p.project, p.promoter, p.city, p.country, p.iso2, p.lat, p.lon,
       p.stage, p.materials, p.facility_id, p.confidence, p.source_url, p.note, p.nuts3, p.nuts2,
       p.nuts_match
from p
where ($material = '' or p.project_row in (select project_row from pm where material_id = $material))
  and ($stage = '' or list_contains(string_split(p.stage, '|'), $stage) or exists (select 1 from stage_map m
                              where m.facility_stage = $stage
                                and list_contains(string_split(p.stage, '|'), m.project_stage)))
  and ($country = '' or p.iso2 = $country)
order by p.iso2, p.project
