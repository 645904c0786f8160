-- The five levels of the national good/bad review system (好差评, GB/T 39734-2020); the bottom two are bad
-- reviews that open a rectification. Reference data, so it ships with the schema.
create table rating_level (
    code       varchar(30)  primary key,
    rank       smallint     not null unique check (rank between 1 and 5),
    name_zh    varchar(20)  not null,
    name_en    varchar(40)  not null,
    bad_review boolean      not null
);
insert into rating_level (code, rank, name_zh, name_en, bad_review) values
    ('VERY_SATISFIED',     5, '非常满意',   'very satisfied',     false),
    ('SATISFIED',          4, '满意',       'satisfied',          false),
    ('BASICALLY_SATISFIED', 3, '基本满意',  'basically satisfied', false),
    ('DISSATISFIED',       2, '不满意',     'dissatisfied',       true),
    ('VERY_DISSATISFIED',  1, '非常不满意', 'very dissatisfied',  true);
