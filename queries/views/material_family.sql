-- Each material with the materials it stands for on the factsheet: itself, its group (e.g. HREEs for
-- dysprosium) and, for a group, its elements. Used where sites and projects are matched to a material.
-- Output: material_id, related_id (a material_id to match listings on).
with mats as (select material_id, group_id from materials)
select material_id, material_id as related_id from mats
union
select material_id, group_id from mats where group_id is not null
union
select g.group_id as material_id, g.material_id as related_id from mats g where g.group_id is not null
