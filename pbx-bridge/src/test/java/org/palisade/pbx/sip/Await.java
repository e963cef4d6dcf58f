package org.palisade.pbx.sip;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polls until a condition holds: the things under test run on their own threads and timers. */
final class Await {

    private Await() {
    }

    static void until(Duration limit, BooleanSupplier condition, Supplier<String> state) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not reached within " + limit + "; state: " + state.get());
            }
            Thread.sleep(20);
        }
    }
}
