package org.palisade.web.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.util.function.Supplier;

/**
 * What {@code GET /metrics} shows, in Prometheus text format 0.0.4.
 *
 * <p>Micrometer rather than hand-written text: the list is long (calls by direction and
 * disposition, messages, relay streams, ...: the server module's NodeMetrics), with labels, and
 * Micrometer gets the format's escaping, HELP and TYPE lines, counter {@code _total} suffixes and
 * unit suffixes right, and brings JVM memory, thread, GC, class and CPU gauges that are tedious to
 * write and easy to get subtly wrong. Its counters are lock-free adders, cheap enough for the SIP
 * threads. The cost is about 2.5 MB of
 * jars (micrometer-core, the Prometheus client model and its text writer, HdrHistogram).
 *
 * <p>Names use Micrometer's dots, {@code palisade.registrations}, and come out as
 * {@code palisade_registrations}.
 */
public final class Metrics implements AutoCloseable {

    /** Prometheus text exposition format 0.0.4, what every Prometheus server reads. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();

    public Metrics() {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        gc.bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** For counters, timers and gauges with labels: {@code Counter.builder(...).register(metrics.registry())}. */
    public MeterRegistry registry() {
        return registry;
    }

    /** A gauge read at each scrape; {@code value} must be cheap and must not block. */
    public Metrics gauge(String name, String help, Supplier<Number> value) {
        Gauge.builder(name, value).description(help).strongReference(true).register(registry);
        return this;
    }

    /** Writes every meter in text format 0.0.4. */
    public void scrape(OutputStream out) throws IOException {
        registry.scrape(out, CONTENT_TYPE);
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
