-- The public catalog of approval items (行政审批事项目录). An item keeps every version it was published in:
-- an application is filed under, and judged by, the version current at filing.
create table catalog_item (
    implementation_code varchar(60)  primary key,             -- 实施编码
    basic_code          varchar(40)  not null,                -- 基本编码
    department_code     varchar(40)  not null references department (code),
    current_version     integer      not null,
    status              varchar(12)  not null check (status in ('RETAINED', 'CANCELLED')),
    cancel_document     varchar(300),                         -- the document that cancelled the item
    cancelled_on        date,
    row_version         bigint       not null default 0,
    check ((status = 'CANCELLED') = (cancel_document is not null and cancelled_on is not null))
);
create index catalog_item_department_idx on catalog_item (department_code, status);
create index catalog_item_basic_code_idx on catalog_item (basic_code);

create table catalog_item_version (
    implementation_code  varchar(60)  not null references catalog_item (implementation_code),
    version              integer      not null,
    name                 varchar(300) not null,
    category             varchar(40)  not null,   -- e.g. ADMINISTRATIVE_LICENSE, PUBLIC_SERVICE …
    legal_basis          text         not null,
    statutory_limit_days integer      not null check (statutory_limit_days > 0),   -- 法定时限 (working days)
    committed_limit_days integer      not null check (committed_limit_days > 0),   -- 承诺时限 (working days)
    online               boolean      not null default false,
    max_visits           integer      not null default 1 check (max_visits >= 0),
    window_code          varchar(40),
    accept_with_pledge   boolean      not null default false,  -- 容缺受理 allowed
    composite            boolean      not null default false,  -- parallel approval across departments
    lead_department      varchar(40),
    participating_departments varchar(40)[] not null default '{}',
    published_at         timestamptz  not null default now(),
    primary key (implementation_code, version),
    check (committed_limit_days <= statutory_limit_days),
    check (not composite or lead_department is not null)
);
create index catalog_item_version_name_idx on catalog_item_version (name);

create table catalog_fee (
    implementation_code varchar(60)   not null,
    version             integer       not null,
    position            integer       not null,
    name                varchar(200)  not null,
    legal_basis         text          not null,
    lower_standard      numeric(12,2) not null check (lower_standard >= 0),
    upper_standard      numeric(12,2) not null,
    unit                varchar(40)   not null,
    primary key (implementation_code, version, position),
    foreign key (implementation_code, version) references catalog_item_version (implementation_code, version),
    check (upper_standard >= lower_standard)
);

create table catalog_material (
    implementation_code varchar(60)  not null,
    version             integer      not null,
    position            integer      not null,
    name                varchar(300) not null,
    form                varchar(10)  not null check (form in ('ORIGINAL', 'COPY', 'ELECTRONIC')),
    copies              integer      not null default 1 check (copies >= 0),
    mandatory           boolean      not null default true,
    primary key (implementation_code, version, position),
    foreign key (implementation_code, version) references catalog_item_version (implementation_code, version)
);
