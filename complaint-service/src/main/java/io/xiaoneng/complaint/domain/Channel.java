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

    /**
     * Filed in public: on the online form or by a GeoReport client, where a report is public by nature (an Open311
     * board publishes what is reported on it). Every other channel is the county being told in confidence — on the
     * phone, at a window, in a letter, at a monitoring point (one enterprise, to be protected from retaliation), or by
     * a platform that publishes what it chooses itself — and what was said there, and where, is not published.
     */
    public boolean isFiledInPublic() {
        return this == WEB;
    }
}
