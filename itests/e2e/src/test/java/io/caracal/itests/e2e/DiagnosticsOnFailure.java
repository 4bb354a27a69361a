package io.caracal.itests.e2e;

import java.util.function.Supplier;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Prints logs/caracal.log and the process output of a test class's Caracal when a test or a
 * lifecycle method fails. Register it with {@code @RegisterExtension}:
 *
 * <pre>{@code @RegisterExtension
 * static final DiagnosticsOnFailure diagnostics = new DiagnosticsOnFailure(() -> caracal);}</pre>
 */
final class DiagnosticsOnFailure implements TestWatcher, LifecycleMethodExecutionExceptionHandler {

    private final Supplier<CaracalProcess> caracal;

    DiagnosticsOnFailure(Supplier<CaracalProcess> caracal) {
        this.caracal = caracal;
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        dump(context.getDisplayName() + " failed: " + cause);
    }

    @Override
    public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        dump("@BeforeAll of " + context.getDisplayName() + " failed: " + throwable);
        throw throwable;
    }

    @Override
    public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        dump("@BeforeEach of " + context.getDisplayName() + " failed: " + throwable);
        throw throwable;
    }

    @Override
    public void handleAfterEachMethodExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        dump("@AfterEach of " + context.getDisplayName() + " failed: " + throwable);
        throw throwable;
    }

    private void dump(String what) {
        CaracalProcess process = caracal.get();
        System.err.println("\n" + what + (process == null ? " (Caracal was not created)" : process.diagnostics()));
    }
}
