package io.xiaoneng.complaint.domain;

/** Where a complaint came in. */
public enum Channel {
    /** Investment-environment monitoring point (投资环境监测点). */
    MONITORING_POINT,
    /** The 12345 government service hotline. */
    HOTLINE_12345,
    /** Online form (also GeoReport v2 clients). */
    WEB,
    /** At a service-center window. */
    WINDOW,
    /** Letter (来信). */
    LETTER,
    /** Forwarded by the provincial platform. */
    PROVINCE,
    /** Forwarded by the city platform. */
    CITY,
    /** Opened automatically from a red e-supervision light (电子监察) of an approval application. */
    E_SUPERVISION;

    public boolean isForwarded() {
        return this == PROVINCE || this == CITY;
    }
}
