package io.caracal.listener.http.internal;

import java.nio.file.Path;
import java.util.Locale;

import io.caracal.api.config.ConfigReader;

/**
 * A listener's access log settings.
 *
 * @param format what is written, or {@link AccessLogFormat#OFF}
 * @param path the configured file, resolved against the installation directory
 * @param retainDays days a rolled-over file is kept; 0 keeps them forever
 */
record AccessLogSpec(AccessLogFormat format, Path path, int retainDays) {

    static final String FORMAT_KEY = "access.log";
    static final String PATH_KEY = "access.log.path";
    static final String RETAIN_DAYS_KEY = "access.log.retain.days";

    /** Jetty's RolloverFileOutputStream puts the date where the file name says this. */
    static final String DATE_PLACEHOLDER = "yyyy_mm_dd";

    private static final String HOME_VARIABLE = "${caracal.home}";

    static AccessLogSpec parse(ConfigReader config, String listenerName, Path home) {
        AccessLogFormat format = AccessLogFormat.parse(config, FORMAT_KEY);
        // Listener names are free text; the default file name keeps only what is safe in a path.
        String fallback = "logs/access-" + listenerName.replaceAll("[^A-Za-z0-9._-]", "_") + ".log";
        String text = config.string(PATH_KEY, fallback);
        String resolved = text.startsWith(HOME_VARIABLE) ? home + text.substring(HOME_VARIABLE.length()) : text;
        Path path;
        try {
            path = home.resolve(resolved).toAbsolutePath().normalize();
        } catch (java.nio.file.InvalidPathException e) {
            throw config.error(PATH_KEY, "'" + text + "' is not a valid path: " + e.getReason());
        }
        if (path.getFileName() == null) {
            throw config.error(PATH_KEY, "'" + text + "' names no file");
        }
        int retainDays = config.intValue(RETAIN_DAYS_KEY, 14, 0, 3650);
        return new AccessLogSpec(format, path, retainDays);
    }

    boolean enabled() {
        return format != AccessLogFormat.OFF;
    }

    /**
     * The file name handed to Jetty: rollover needs the date placeholder in the name, so a path
     * without one gets it before the extension ({@code access-http.log} is written as
     * {@code access-http.2025_06_01.log}).
     */
    Path rollingPath() {
        String name = path.getFileName().toString();
        if (name.toLowerCase(Locale.ROOT).contains(DATE_PLACEHOLDER)) {
            return path;
        }
        int dot = name.lastIndexOf('.');
        String dated = dot > 0
                ? name.substring(0, dot) + "." + DATE_PLACEHOLDER + name.substring(dot)
                : name + "." + DATE_PLACEHOLDER;
        return path.resolveSibling(dated);
    }
}
