package io.caracal.balancer.ewma.internal;

import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import io.caracal.api.balancer.Balancer;
import io.caracal.api.balancer.BalancingStrategy;
import io.caracal.api.upstream.ClusterView;

import org.osgi.service.component.annotations.Component;

/**
 * Registers the latency-aware {@link PeakEwma} balancer under the strategy name {@code peak-ewma}.
 *
 * <p>Option {@value #DECAY_OPTION}: how long, in milliseconds, an idle upstream's latency takes to
 * fade to 1/e of its value in the cost, so that an upstream shunned for being slow is tried again
 * (default {@value #DEFAULT_DECAY_MILLIS}, as Finagle and Linkerd; 0 turns the fading off).
 */
@Component(property = BalancingStrategy.NAME_PROPERTY + "=" + PeakEwmaStrategy.NAME)
public final class PeakEwmaStrategy implements BalancingStrategy {

    public static final String NAME = "peak-ewma";
    static final String DECAY_OPTION = "decay.ms";
    static final long DEFAULT_DECAY_MILLIS = 10_000;
    static final long MAX_DECAY_MILLIS = 3_600_000;

    @Override
    public Balancer create(ClusterView cluster, Map<String, String> options) {
        long decayMillis = DEFAULT_DECAY_MILLIS;
        for (Map.Entry<String, String> option : options.entrySet()) {
            if (!option.getKey().equals(DECAY_OPTION)) {
                throw new IllegalArgumentException(NAME + ": unknown option '" + option.getKey()
                        + "'; the only option is " + DECAY_OPTION);
            }
            decayMillis = decayMillis(option.getValue());
        }
        return new PeakEwma(cluster, decayMillis * 1_000_000, System::nanoTime,
                bound -> ThreadLocalRandom.current().nextInt(bound));
    }

    private static long decayMillis(String value) {
        long millis;
        try {
            millis = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            millis = -1;
        }
        if (millis < 0 || millis > MAX_DECAY_MILLIS) {
            throw new IllegalArgumentException(NAME + ": option '" + DECAY_OPTION + "' must be a number of "
                    + "milliseconds from 0 (no decay) to " + MAX_DECAY_MILLIS + ", got '" + value + "'");
        }
        return millis;
    }
}
