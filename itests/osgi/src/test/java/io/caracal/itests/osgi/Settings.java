package io.caracal.itests.osgi;

/**
 * System properties that maven-failsafe-plugin hands to the driver JVM and {@link FrameworkOptions}
 * passes on to the framework JVM. JDK types only, so both sides can use it.
 */
final class Settings {

    /** Directory of the feature bundles (copied by maven-dependency-plugin). */
    static final String BUNDLES_DIR = "itest.bundles.dir";
    /** The test-strategy bundle jar: installed by a test, never at startup. */
    static final String STRATEGY_JAR = "itest.strategy.jar";
    /** Scratch directory for logs and FileInstall. */
    static final String WORK_DIR = "itest.work.dir";
    /** The framework's log4j2 configuration (pax-logging syntax). */
    static final String LOGGING_CONFIG = "itest.logging.config";

    private Settings() {
    }

    static String require(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("System property " + name + " is not set: run the tests "
                    + "through 'mvn verify' (maven-failsafe-plugin sets it)");
        }
        return value;
    }
}
