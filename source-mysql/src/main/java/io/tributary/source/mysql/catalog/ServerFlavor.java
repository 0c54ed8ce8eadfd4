package io.tributary.source.mysql.catalog;

import java.util.Locale;

/** Which server the source talks to; they differ in GTID format and in some status commands. */
public enum ServerFlavor {
    MYSQL,
    MARIADB;

    /** Detects the flavour from {@code SELECT VERSION()}, e.g. {@code 11.4.5-MariaDB-log} or {@code 8.4.3}. */
    public static ServerFlavor fromVersion(String version) {
        return version.toLowerCase(Locale.ROOT).contains("mariadb") ? MARIADB : MYSQL;
    }
}
