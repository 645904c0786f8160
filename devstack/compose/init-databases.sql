-- docker-compose: one database per service on the shared PostgreSQL, owned by the application role
-- (the same layout the devstack launcher creates; see StackLayout.DATABASES).
create role xiaoneng login password 'xiaoneng';
create database approval owner xiaoneng;
create database complaint owner xiaoneng;
create database evaluation owner xiaoneng;
create database integration owner xiaoneng;
