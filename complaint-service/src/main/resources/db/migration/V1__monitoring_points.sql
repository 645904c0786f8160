-- Investment-environment monitoring points (投资环境监测点): enterprises and places that report on how the
-- county's agencies treat them; complaints can come in through them.
create table monitoring_point (
    code            varchar(40)  primary key,
    name            varchar(200) not null,
    enterprise_name varchar(200) not null,
    address         varchar(300),
    town_code       varchar(40),
    active          boolean      not null default true,
    designated_on   date         not null default current_date,
    version         bigint       not null default 0
);
