-- Meter-reading route calendars, PostgreSQL. Keep in step with Sqlite/Migrations/0015_route_calendars.sql. and SqlServer/Migrations/0015_route_calendars.sql.
-- Each routes import is a version; a route's calendar is its dates in the newest version that names it.
CREATE TABLE route_calendars (
    version          integer             NOT NULL CONSTRAINT pk_route_calendars PRIMARY KEY,
    imported_at      timestamptz  NOT NULL,
    source           varchar(400)   NOT NULL
);

CREATE TABLE route_read_dates (
    version          integer             NOT NULL CONSTRAINT fk_route_read_dates_version REFERENCES route_calendars (version),
    route            varchar(64)    NOT NULL,
    read_date        date            NOT NULL,
    CONSTRAINT pk_route_read_dates PRIMARY KEY (route, version, read_date)
);
