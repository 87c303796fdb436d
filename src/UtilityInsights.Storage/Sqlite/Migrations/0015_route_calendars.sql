-- Meter-reading route calendars, SQLite. Keep in step with SqlServer/Migrations/0015_route_calendars.sql.
-- Each routes import is a version; a route's calendar is its dates in the newest version that names it.
CREATE TABLE route_calendars (
    version          INTEGER NOT NULL PRIMARY KEY,
    imported_at      TEXT    NOT NULL,
    source           TEXT    NOT NULL
);

CREATE TABLE route_read_dates (
    version          INTEGER NOT NULL REFERENCES route_calendars (version),
    route            TEXT    NOT NULL,
    read_date        TEXT    NOT NULL,
    PRIMARY KEY (route, version, read_date)
) WITHOUT ROWID;
